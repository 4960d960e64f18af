"""Why a helper that makes variables is not read at its calls when one of its calls does not run once: ``h =
fc(h, n, 'fc%d' % i)`` in a loop over data, ``return fc(t, 8, 2, 'late')`` in a function the graph does not build.

The helper model refuses the variable scope, the tf.get_variable or the tf.layers op (each call's names are not
modelled), and the reading at the calls (inlined_helpers.py), which models them, reads a call only where it runs
once: a module-level statement, in ``with`` blocks there, or a pass of a layer loop over literal values (loops.py
unrolls it first), each argument given by position or keyword. The follow-up names the first call that is not so, and
where it stands (or what it passes), instead of the helper's line alone.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, LineOf, descendants

# The helper model's refusals of the variables only the reading at the calls models (a scope, get_variable, a layer,
# a result built by item assignments: ``all_weights['enc'] = {...}``, read as named slots there, keyed_dicts.py).
READ_AT_CALLS = ("`with tf.variable_scope` in a helper", "tf.get_variable in a helper", "an item assignment `")
LAYER = ("tf.layers.", "has no proven eager equivalent in a helper")


def named(module: cst.Module, line_of: LineOf, blocked: Blocked) -> Blocked:
    """``blocked`` with the first call of the helper it names that does not run once, where there is one."""
    layer = all(part in blocked.construct for part in LAYER)
    if not layer and not any(part in blocked.construct for part in READ_AT_CALLS):
        return blocked
    helper = next((s for s in module.body if isinstance(s, cst.FunctionDef) and _holds(s, line_of, blocked.line)), None)
    if helper is None:
        return blocked
    for statement in module.body:
        if statement is helper:
            continue
        found = _first_repeated(statement, helper.name.value, [])
        if found is None:
            continue
        call, where = found
        return Blocked(
            f"{blocked.construct}; it is read at its calls only where each runs once (a module-level statement, or "
            f"a pass of a layer loop over literal values) passing its arguments one by one, and the call on line "
            f"{line_of(call)} is {where}",
            blocked.line,
        )
    return blocked


def _holds(function: cst.FunctionDef, line_of: LineOf, line: int) -> bool:
    lines = [line_of(n) for n in descendants(function) if isinstance(n, cst.SimpleStatementLine)]
    return bool(lines) and line_of(function) <= line <= max(lines)


def _first_repeated(node: cst.CSTNode, name: str, around: list[cst.CSTNode]) -> tuple[cst.Call, str] | None:
    """The first call of ``name`` under ``node`` that stands in a loop, a branch or a function, and which."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == name:
        where = _where(around)
        starred = next((a for a in node.args if a.star), None)
        if where is None and starred is not None:  # ``**config``: which parameter each value binds is not known
            where = f"given `{cst.Module([]).code_for_node(starred).strip().rstrip(',')}`"
        if where is not None:
            return node, where
    inner = [*around, node] if isinstance(node, (cst.For, cst.While, cst.If, cst.FunctionDef, cst.Lambda)) else around
    for child in node.children:
        found = _first_repeated(child, name, inner)
        if found is not None:
            return found
    return None


def _where(around: list[cst.CSTNode]) -> str | None:
    for node in reversed(around):
        if isinstance(node, cst.FunctionDef):
            return f"in function `{node.name.value}`"
        if isinstance(node, cst.Lambda):
            return "in a lambda"
        if isinstance(node, (cst.For, cst.While)):
            return f"in a `{type(node).__name__.lower()}` loop that tfmigrate does not unroll"
        if isinstance(node, cst.If):
            return "in an `if` branch"
    return None
