"""Shared knowledge for the TF1 -> TF2 rules (TFM101-TFM104): the generated API table and tensorflow bindings.

The table (``tfmigrate/data/tf1_api.json``, written by ``tools/gen_tf1_api.py`` from a real TensorFlow) is the
only source of truth about which TF1 names survive in TF2; the rules never carry their own lists of renames.
"""

from __future__ import annotations

import ast as pyast
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import libcst as cst
import libcst.matchers as m

from tfmigrate.cstfields import code as module_code
from tfmigrate.facts import Facts
from tfmigrate.tables import load

TF = "tensorflow"
COMPAT_V1 = "tensorflow.compat.v1"
COMPAT_V2 = "tensorflow.compat.v2"

# Fates in the table ("symbols" maps a tf.compat.v1 path to one of these or to a TF2 path).
SAME = "="  # the same object under the same path in TF2
COMPAT = "c"  # only reachable as tf.compat.v1.<path> in TF2
UNUSABLE = "x"  # raises or is a stub in this TensorFlow (tf.compat.v1.layers under Keras 3, ...)
DIFFERENT = "d"  # the same path exists in TF2 but is another object (see "args")


def table() -> dict[str, Any]:
    """The generated TF1 API table."""
    return load("tf1_api.json")


def fate(path: str) -> str | None:
    """What became of ``tf.compat.v1.<path>`` in TF2: SAME, COMPAT, UNUSABLE, DIFFERENT, a TF2 path, or None."""
    return table()["symbols"].get(path)


def arg_changes(path: str) -> dict[str, Any] | None:
    """How the TF1 signature of ``path`` differs from its TF2 namesake (only for DIFFERENT entries)."""
    return table()["args"].get(path)


CONSTANT_V1 = ("value", "dtype", "shape")  # tf.compat.v1.constant's leading positional parameters


def constant_may_fill(value: str, shape: str | None, tf1_code: bool) -> bool:
    """True when ``tf.constant(value, shape=shape)`` may rely on TF1's fill: TF1 pads a value with fewer
    elements than the shape by repeating its last element; TF2 (and compat.v1 in eager code) raises unless the
    value is a scalar or has exactly that many elements. ``value`` and ``shape`` are source text; a value or
    shape that is not a literal may fill only in TF1 code (TF2 code that passes it was written for TF2's rule)."""
    if shape is None:
        return False
    literal, dims = _literal(value), _literal(shape)
    if literal is not _UNKNOWN and not isinstance(literal, (list, tuple)):
        return False  # a scalar fills any shape in TF2 too
    if literal is _UNKNOWN or dims is _UNKNOWN:
        return tf1_code
    count = _elements(literal)
    if isinstance(dims, int):
        dims = [dims]
    if not isinstance(dims, (list, tuple)) or not all(isinstance(d, int) and not isinstance(d, bool) for d in dims):
        return tf1_code
    product = 1
    for d in dims:
        product *= d
    return count != product


def constant_call_may_fill(call: cst.Call, tf1_code: bool) -> bool:
    """``tf.constant(value, dtype, shape)`` whose value TF1 padded to the shape (see ``constant_may_fill``)."""
    module = cst.Module([])
    return constant_args_may_fill(
        [
            None if a.star else (a.keyword.value if a.keyword else None, module.code_for_node(a.value))
            for a in call.args
        ],
        tf1_code,
    )


def constant_args_may_fill(args: Sequence[tuple[str | None, str] | None], tf1_code: bool) -> bool:
    """The arguments of a ``tf.constant`` call as (keyword or None, source text), None for ``*a`` / ``**k``:
    shared by the libcst rule and its ``ast`` edit plan."""
    texts: dict[str, str] = {}
    for index, arg in enumerate(args):
        if arg is None:
            return tf1_code
        keyword, text = arg
        texts[keyword or (CONSTANT_V1[index] if index < 3 else "")] = text
    return "value" in texts and constant_may_fill(texts["value"], texts.get("shape"), tf1_code)


_UNKNOWN = object()


def _literal(text: str) -> object:
    try:
        return pyast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return _UNKNOWN


def _elements(literal: object) -> int:
    if isinstance(literal, (list, tuple)):
        return sum(_elements(item) for item in literal)
    return 1


def is_private(qualified: str) -> bool:
    """``tensorflow.python...``, ``tensorflow._api...`` and ``compat.v2`` names: never TF1 public paths. Matched by
    whole module names, so that ``tensorflow.python_io`` (TF1's public tf.python_io) is not taken for one."""
    return any(qualified == root or qualified.startswith(root + ".") for root in _PRIVATE_ROOTS)


_PRIVATE_ROOTS = (COMPAT_V2, "tensorflow.python", "tensorflow._api")


def v1_path(qualified: str) -> str | None:
    """``tensorflow.train.Saver`` or ``tensorflow.compat.v1.train.Saver`` -> ``train.Saver``.

    Private paths (``tensorflow.python...``) and explicit ``compat.v2`` references are not TF1 public names.
    """
    if qualified.startswith(COMPAT_V1 + "."):
        return qualified[len(COMPAT_V1) + 1 :]
    if qualified == COMPAT_V1 or is_private(qualified):
        return None
    if qualified.startswith(TF + "."):
        return qualified[len(TF) + 1 :]
    return None


def dotted(node: cst.BaseExpression) -> str | None:
    """``a.b.c`` as text, or None when the expression is not a plain attribute chain."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted(node.value)
        return f"{head}.{node.attr.value}" if head else None
    return None


def through_alias(names: set[str], node: cst.CSTNode, aliases: dict[str, str]) -> set[str]:
    """libcst's qualified ``names`` of ``node``, through a module alias of ``aliases`` (``_tf1_edits.module_aliases``) when
    the chain's root is one: ``graph_util.x`` with ``graph_util = tf.graph_util`` means ``tensorflow.graph_util.x``,
    where libcst says ``graph_util.x``."""
    if len(names) != 1 or not aliases or not isinstance(node, (cst.Name, cst.Attribute)):
        return names
    root: cst.BaseExpression = node
    while isinstance(root, cst.Attribute):
        root = root.value
    target = aliases.get(root.value) if isinstance(root, cst.Name) else None
    full = dotted(node) if target is not None else None
    if target is None or full is None or names != {full}:
        return names
    return {target + full[len(root.value) :]}  # type: ignore[attr-defined]  # root is a Name when target is set


def chain(text: str) -> cst.BaseExpression:
    """Build the attribute chain for ``a.b.c``."""
    parts = text.split(".")
    node: cst.BaseExpression = cst.Name(parts[0])
    for part in parts[1:]:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


@dataclass(frozen=True)
class Binding:
    """A module-level name bound to a tensorflow module by an import statement."""

    name: str
    target: str  # "tensorflow", "tensorflow.compat.v1", ...
    index: int  # which top-level statement binds it
    simple: bool  # a plain top-level import line (not inside try/if)


def _dotted_name(node: cst.BaseExpression) -> str:
    return dotted(node) or ""


def _import_bindings(stmt: cst.CSTNode) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if isinstance(stmt, cst.Import):
        for alias in stmt.names:
            full = _dotted_name(alias.name)
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                found.append((alias.asname.name.value, full))
            else:
                found.append((full.split(".")[0], full.split(".")[0]))
    elif isinstance(stmt, cst.ImportFrom) and stmt.relative == () and stmt.module is not None:
        base = _dotted_name(stmt.module)
        if not isinstance(stmt.names, cst.ImportStar):
            for alias in stmt.names:
                name = _dotted_name(alias.name)
                bound = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else name
                found.append((bound, f"{base}.{name}"))
    return [(n, t) for n, t in found if t == TF or t.startswith(TF + ".")]


def _top_level_imports(stmt: cst.CSTNode) -> list[cst.CSTNode]:
    """Imports a top-level statement runs at import time: its own, or those in the arms of a try/if."""
    if isinstance(stmt, cst.SimpleStatementLine):
        return [s for s in stmt.body if isinstance(s, (cst.Import, cst.ImportFrom))]
    found: list[cst.CSTNode] = []
    if isinstance(stmt, (cst.Try, cst.If, cst.Else, cst.ExceptHandler, cst.Finally)):
        blocks: list[cst.CSTNode] = [stmt.body]
        if isinstance(stmt, cst.Try):
            blocks += [h for h in stmt.handlers] + [x for x in (stmt.orelse, stmt.finalbody) if x is not None]
        elif isinstance(stmt, cst.If) and stmt.orelse is not None:
            blocks.append(stmt.orelse)
        for block in blocks:
            if isinstance(block, cst.IndentedBlock):
                for inner in block.body:
                    found += _top_level_imports(inner)
            elif isinstance(block, (cst.If, cst.Else, cst.ExceptHandler, cst.Finally)):
                found += _top_level_imports(block)
    return found


def module_bindings(module: cst.Module) -> list[Binding]:
    """Every tensorflow import at module level, including inside top-level ``try``/``if`` blocks."""
    out: list[Binding] = []
    for index, stmt in enumerate(module.body):
        simple = isinstance(stmt, cst.SimpleStatementLine)
        for small in _top_level_imports(stmt):
            for name, target in _import_bindings(small):
                out.append(Binding(name, target, index, simple))
    return out


def tf_binding(module: cst.Module) -> str | None:
    """The module-level name bound to the ``tensorflow`` package itself, preferring ``tf``."""
    names = [b.name for b in module_bindings(module) if b.target == TF]
    if "tf" in names:
        return "tf"
    return names[0] if names else None


def is_import_line(stmt: cst.CSTNode) -> bool:
    """A top-level statement that only imports (a line of imports, or a try/if whose bodies only import)."""
    if isinstance(stmt, cst.SimpleStatementLine):
        return all(isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body)
    if isinstance(stmt, (cst.Try, cst.If)):
        bodies = cast("list[cst.IndentedBlock]", list(m.findall(stmt, m.IndentedBlock())))  # what the matcher finds
        return all(
            all(isinstance(inner, (cst.SimpleStatementLine, cst.Try, cst.If)) for inner in b.body) for b in bodies
        ) and all(
            isinstance(s, (cst.Import, cst.ImportFrom, cst.Pass, cst.Expr))
            for line in cast("Sequence[cst.SimpleStatementLine]", m.findall(stmt, m.SimpleStatementLine()))
            for s in line.body
        )
    return False


def is_docstring(stmt: cst.CSTNode) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], cst.Expr)
        and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def after_imports(module: cst.Module, at_least_after: int = -1) -> int:
    """Index in ``module.body`` just after the leading docstring and import block.

    ``at_least_after`` is a statement that must come first (a late ``import tensorflow``); the imports that
    directly follow it are skipped too.
    """
    body = module.body
    index = 0
    if body and is_docstring(body[0]):
        index = 1
    while index < len(body) and is_import_line(body[index]):
        index += 1
    if at_least_after >= index:
        index = at_least_after + 1
        while index < len(body) and is_import_line(body[index]):
            index += 1
    return index


LEGACY_KERAS_ENV = "TF_USE_LEGACY_KERAS"


def legacy_keras_message(needs: str = "tf.compat.v1.nn.rnn_cell / tf.compat.v1.layers only work") -> str:
    """The follow-up that goes with the env line add_legacy_keras() inserts (one per module); ``needs`` says what
    needs Keras 2."""
    version = str(table()["tensorflow"])
    series = ".".join(version.split(".")[:2])
    return (
        f"{needs} with Keras 2: this file now sets "
        f'os.environ.setdefault("{LEGACY_KERAS_ENV}", "1") before importing TensorFlow, which needs '
        f"`pip install tf-keras~={series}.0` (the tf-keras release matching TensorFlow {version}); "
        "tf.keras in this program then means Keras 2 (tf_keras), not Keras 3"
    )


def _is_future(stmt: cst.CSTNode) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and any(
        isinstance(s, cst.ImportFrom) and dotted(s.module or cst.Name("")) == "__future__" for s in stmt.body
    )


def _imports_os(stmt: cst.CSTNode) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and any(
        isinstance(s, cst.Import) and any(dotted(a.name) == "os" and a.asname is None for a in s.names)
        for s in stmt.body
    )


def add_legacy_keras(module: cst.Module) -> tuple[cst.Module, bool]:
    """Insert ``os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")`` (and ``import os``) before the first
    tensorflow import, after the docstring and ``from __future__`` lines. Returns (module, whether inserted).

    Why: tf.compat.v1.nn.rnn_cell and tf.compat.v1.layers raise under Keras 3; with this variable set before
    TensorFlow is imported, TF serves them (and tf.keras) from tf_keras. A file that already mentions the
    variable is left alone (the user, or an earlier rule, handled it).
    """
    if LEGACY_KERAS_ENV in module_code(module):
        return module, False
    body = list(module.body)
    start = 1 if body and is_docstring(body[0]) else 0
    while start < len(body) and _is_future(body[start]):
        start += 1
    indexes = [b.index for b in module_bindings(module) if b.index >= start]
    index = min(indexes) if indexes else start
    new: list[cst.SimpleStatementLine | cst.BaseCompoundStatement] = []
    if not any(_imports_os(stmt) for stmt in body[:index]):
        new.append(cst.parse_statement("import os\n"))
    new.append(cst.parse_statement(f'os.environ.setdefault("{LEGACY_KERAS_ENV}", "1")\n'))
    if index < len(body):
        # keep the comments/blank lines that preceded the tensorflow import above the inserted lines
        first = body[index]
        if isinstance(first, (cst.SimpleStatementLine, cst.BaseCompoundStatement)) and first.leading_lines:
            new[0] = new[0].with_changes(leading_lines=first.leading_lines)
            body[index] = first.with_changes(leading_lines=())
    body[index:index] = new
    return module.with_changes(body=body), True


def short_v1_path(qualified: str) -> str | None:
    """``v1_path`` with one more ``compat.v1.`` taken off (``tf.compat.v1`` under ``import tensorflow.compat.v1
    as tf``): the TF1 name as TFM102/TFM103 match it."""
    path = v1_path(qualified)
    if path is not None and path.startswith("compat.v1."):
        return path[len("compat.v1.") :]
    return path


def may_name(facts: Facts, matches: Callable[[str], bool], normalize: Callable[[str], str | None] = v1_path) -> bool:
    """For a rule's ``needs``: could some name in the file mean a TensorFlow path that ``matches`` accepts?
    ``matches`` sees each reference as the rule sees it (``normalize``: ``v1_path`` or ``short_v1_path``)."""
    for ref in facts.refs:
        path = normalize(ref)
        if path is not None and matches(path):
            return True
    return False
