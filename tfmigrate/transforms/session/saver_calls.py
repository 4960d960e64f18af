"""A Saver made in the call that uses it: ``save_path = tf.train.Saver().save(sess, path)`` (also
``tf.train.Saver(var_list).save(...)`` and ``tf.train.Saver().restore(sess, path)``), read as ``saver =
tf.train.Saver()`` on the line before and ``saver.save(sess, path)``.

TF1 built the Saver's ops when the constructor ran, reading the variables the graph held then: on the line before
nothing runs in between, so it is the same Saver over the same variables, made once (in a loop's body, once per
pass, as written). The proof then reads the named Saver as any other (savers.py). Only where the constructor is the
line's first effect (hoisted_calls.py).
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants, parents_of
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.hoisted_calls import bound, call_line, first_effect, method_calls

_USES = ("save", "restore")


def hoist(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each Saver constructed in its own save or restore call bound to a name on the line before,
    and a note for each; None where there is none."""
    parents = parents_of(module)
    taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    hoisted: dict[int, list[tuple[cst.Call, str]]] = {}
    for node in method_calls(module, _USES):
        made = node.func.value
        if not (isinstance(made, cst.Call) and (resolve(made.func) or "").removeprefix("compat.v1.") == "train.Saver"):
            continue
        line = call_line(made, parents)
        if line is None or id(line) in hoisted or not first_effect(line, made):
            continue
        hoisted[id(line)] = [(made, numbered(taken, "saver"))]
    return bound(
        module,
        resolve,
        line_of,
        hoisted,
        lambda code, name: f"the Saver `{code}` made in its call bound to `{name}` on the line before",
    )
