"""Whether a program can build an op whose default name is a given one (tf_op_makers.json, tools/gen_op_makers.py).

TF1 makes a summary's name unique against the ops already in its scope, case-blind: ``tf.summary.scalar('lowerbound',
loss)`` is tagged ``lowerbound_1`` only after an op named ``LowerBound`` (``tf.searchsorted`` builds one). A name
that is only an op type's default name can meet one only where the program refers to a function that builds that
type outside a name scope of its own; the table lists them, over-approximated by name. A program that imports
anything but TensorFlow, the standard library and host libraries (Keras lives outside the TensorFlow source the
table reads) is not told apart.
"""

from __future__ import annotations

import sys
from functools import cache

import libcst as cst
from libcst.helpers import get_full_name_for_node

from tfmigrate.tables import load
from tfmigrate.transforms.session.analysis import descendants

SCANNED = frozenset({"tensorflow", "__future__"})


@cache
def makers() -> dict[str, list[str]]:
    """Lowercased op type -> the names that can build it: 141 KB, read at the first summary name asked, not when the
    session package is imported."""
    return load("tf_op_makers.json")["makers"]


def may_build(program, name: str, hosts: frozenset[str]) -> str | None:
    """Why ``program`` may build an op whose default name is ``name`` (lowercased), or None when it cannot: every
    import is TensorFlow's, the standard library's or a host library's (``hosts``), and the program names none of
    the makers of the op type so named. "" when the name is not only such a type's (operators and helpers give it)."""
    found = makers().get(name)
    if found is None:
        return ""
    referred: set[str] = set()
    for node in descendants(program.module):
        if isinstance(node, cst.Name):
            referred.add(node.value)
        elif isinstance(node, (cst.Import, cst.ImportFrom)) and (module := _unread_import(node, hosts)):
            return f": the program imports `{module}`, whose ops tfmigrate does not know"
    named = sorted(referred.intersection(found)) + sorted(referred & {"keras"})
    return f": the program names `{named[0]}`, which can build such an op" if named else None


def _unread_import(node: cst.Import | cst.ImportFrom, hosts: frozenset[str]) -> str | None:
    """The module imported, where it is none whose ops the table covers or that builds none."""
    if isinstance(node, cst.ImportFrom):
        roots = ["." * len(node.relative) + (get_full_name_for_node(node.module) or "" if node.module else "")]
    else:
        roots = [alias.evaluated_name for alias in node.names]
    return next((r for r in roots if r.split(".")[0] not in SCANNED | hosts | sys.stdlib_module_names), None)
