"""Generate tfmigrate/data/tf_op_makers.json: which TensorFlow functions can give an op a type's default name in
the scope they are called from.

Run with the project's venv (it reads the installed TensorFlow's Python source)::

    python tools/gen_op_makers.py [--check]

Why generated: TF1 makes a summary's name unique against the op names already in its scope, case-blind, so
``tf.summary.scalar('lowerbound', x)`` is renamed only if an op named ``LowerBound`` was built there first, and an
op gets that default name only from code that builds a ``LowerBound`` op outside a name scope of its own. Which
functions do is a fact about one release: every function that calls the raw op's wrapper (``gen_array_ops.
lower_bound``) and, transitively, every function that refers to a maker (or spells the type's name, case-blind) outside a ``with ...name_scope(...)``/
``variable_scope(...)`` of its own. Names are compared, not objects, so a same-named function elsewhere counts too:
the list over-approximates, and a program that names none of a type's makers cannot build that op. A type whose
makers reach a dunder (an operator) or more than ``LIMIT`` names is left out (unprovable: the name keeps the graph
tier).
"""

from __future__ import annotations

import ast
import re
import sys
from collections import defaultdict
from pathlib import Path

from _stored_table import write_or_check

OUT = Path(__file__).resolve().parents[1] / "tfmigrate" / "data" / "tf_op_makers.json"
LIMIT = 40
SCOPES = frozenset({"name_scope", "name_scope_v1", "name_scope_v2", "variable_scope", "op_scope", "_name_scope"})


def _snake(op_type: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", op_type).lower()


def _opens_scope(statement: ast.With) -> bool:
    for item in statement.items:
        call = item.context_expr
        if isinstance(call, ast.Call):
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in SCOPES:
                return True
    return False


def _locals(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """A function's parameters and the names it assigns: a read of them is a value, not a maker called."""
    names = {a.arg for a in ast.walk(function.args) if isinstance(a, ast.arg)}
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def _named(attribute: ast.Attribute, modules: set[str]) -> bool:
    """``module.function`` or ``self.method``: a reference to a maker by its name (``x.lower_bound`` of any other
    value reads a field)."""
    base = attribute.value
    while isinstance(base, ast.Attribute):
        base = base.value
    return isinstance(base, ast.Name) and (base.id in modules or base.id in {"self", "cls", "super"})


def references(root: Path) -> dict[str, set[str]]:
    """Each name (a module's ``gen_*.wrapper`` also as ``gen.wrapper``; a lowercased string literal prefixed ``'``)
    -> the functions referring to it outside a scope of their own; a scope's own default name (the string in its
    ``name_scope`` call) counts as outside."""
    found: dict[str, set[str]] = defaultdict(set)

    def visit(node: ast.AST, owner: str | None, local: set[str]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, child.name, _locals(child))
                continue
            if isinstance(child, ast.With) and _opens_scope(child):
                for item in child.items:
                    visit(item, owner, local)
                continue
            if owner is not None:
                if isinstance(child, ast.Name) and child.id not in local:
                    found[child.id].add(owner)
                elif isinstance(child, ast.Attribute) and isinstance(child.ctx, ast.Load) and _named(child, modules):
                    found[child.attr].add(owner)
                    if isinstance(child.value, ast.Name) and child.value.id.startswith("gen_"):
                        found["gen." + child.attr].add(owner)
                elif isinstance(child, ast.Constant) and isinstance(child.value, str):
                    found["'" + child.value.lower()].add(owner)
            visit(child, owner, local)

    for path in sorted(root.rglob("*.py")):
        if path.name.endswith("_test.py"):
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
        except SyntaxError:
            continue
        modules = {
            (alias.asname or alias.name).split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom))
            for alias in node.names
        }
        visit(tree, None, set())
    return found


def makers(op_type: str, found: dict[str, set[str]]) -> list[str] | None:
    seen: set[str] = set()
    todo = [*found.get("gen." + _snake(op_type), ()), *found.get("'" + op_type.lower(), ())]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name.startswith("__") or len(seen) > LIMIT:
            return None
        todo.extend(found.get(name, ()))
    return sorted(seen | {op_type, _snake(op_type)})  # ``tf.raw_ops.LowerBound``, ``gen_array_ops.lower_bound``


def names() -> dict:
    import tensorflow as tf

    found = references(Path(tf.__file__).parent)
    table = {}
    for op_type in sorted(n for n in dir(tf.raw_ops) if not n.startswith("_")):
        listed = makers(op_type, found)
        if listed is not None:
            table[op_type.lower()] = listed
    return {"tensorflow_version": tf.__version__, "makers": table}


def main(argv: list[str]) -> int:
    return write_or_check(OUT, names(), argv, "gen_op_makers.py")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
