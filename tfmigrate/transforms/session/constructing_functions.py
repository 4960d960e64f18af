"""A function called once that constructs the graph class and returns what it built: a model file's self-test
``def test(): with tf.Session() as sess: result = attention_test(); sess.run(init); print(sess.run(result))`` with
``def attention_test(): Q = tf.ones(...); layer = MultiHeadAttention(Q, ...); result = layer.attention_fn(); return
result``.

Called by one statement ``result = attention_test()`` of the program (at module level, or first in a ``with``
block there), the body runs once, where the call stands, and its value is what the name is bound to: the class
proof (classes.py) reads the body in place of the call, the returned name bound to the call's target, between
sentinels, and the rewrite is put back in the function (``rewrap``), the call where the body stood. Only a function
without parameters, decorator, ``global``, ``nonlocal`` or ``yield``, whose one ``return <name>`` is its last
statement, named nowhere but its ``def`` and its call, whose locals no other statement of the module names.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, descendants, loaded_names
from tfmigrate.transforms.session.class_sugar import body_of, plain_function, sentinel, sentinel_name
from tfmigrate.transforms.session.functions import (
    bound_names,
    local_names,
    module_references,
    own_body,
    references_to,
)
from tfmigrate.transforms.session.renames import lone_assignment

FUNCTION, CALLED, RETURNED = (
    "__tfmigrate_inner_function__",
    "__tfmigrate_inner_called__",
    "__tfmigrate_inner_returned__",
)

Inlined = tuple[cst.FunctionDef, cst.SimpleStatementLine]  # the function, and the statement calling it


def _plain(function: cst.FunctionDef) -> cst.BaseExpression | None:
    """What a function without parameters returns by its last statement, and by no other (a name, or an expression
    such as ``layer.attention_fn()``, read as the call's target bound to it)."""
    body = body_of(function)
    last = body[-1].body[0] if isinstance(body[-1], cst.SimpleStatementLine) and len(body[-1].body) == 1 else None
    if not plain_function(function) or not isinstance(last, cst.Return) or last.value is None:
        return None
    stops = [n for n in own_body(function) if isinstance(n, cst.Return)]
    return last.value if len(stops) == 1 else None


def constructor_of(module: cst.Module, name: str) -> str | None:
    """The module-level function that constructs class ``name`` and returns by its last statement, if one does."""
    holders = [
        s
        for s in module.body
        if isinstance(s, cst.FunctionDef) and any(isinstance(n, cst.Name) and n.value == name for n in descendants(s))
    ]
    return holders[0].name.value if len(holders) == 1 and _plain(holders[0]) is not None else None


def unwrap(module: cst.Module, name: str) -> tuple[cst.Module, Inlined | None]:
    """The module with the one call ``target = f()`` of the module-level function constructing class ``name``
    replaced by the function's body (its returned name bound to ``target``), or the module as it was and None."""
    holders = [
        s
        for s in module.body
        if isinstance(s, cst.FunctionDef) and any(isinstance(n, cst.Name) and n.value == name for n in descendants(s))
    ]
    if len(holders) != 1 or (returned := _plain(holders[0])) is None:
        return module, None
    function = holders[0]
    named = references_to(module, {function.name.value})
    calls = [
        (parent, index, statement)
        for parent in _blocks(module)
        for index, statement in enumerate(parent)
        if (assigned := lone_assignment(statement)) is not None
        and isinstance(assigned.targets[0].target, cst.Name)
        and isinstance(call := assigned.value, cst.Call)
        and not call.args
        and isinstance(call.func, cst.Name)
        and call.func.value == function.name.value
    ]
    if len(calls) != 1 or len(named) != 2:
        return module, None
    parent, index, call_statement = calls[0]
    target = cast(cst.Name, cast(cst.Assign, cast(cst.SimpleStatementLine, call_statement).body[0]).targets[0].target)
    own = set(local_names(function))
    inside = {id(n) for n in descendants(function)}
    for local in own - {target.value}:  # a local of the body named elsewhere: one module name for two bindings
        if any(id(n) not in inside for n in module_references(module, local)):
            return module, None
    body = body_of(function)[:-1]
    if not (isinstance(returned, cst.Name) and returned.value == target.value):  # ``return layer.method()``
        if any(n.value == target.value for n in loaded_names(returned)) or target.value in own:
            return module, None
        body.append(cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(target)], returned)]))
    replaced = [*parent[:index], sentinel(CALLED), *body, sentinel(RETURNED), *parent[index + 1 :]]
    rebuilt = _replace_block(module, parent, replaced)
    at = list(rebuilt.body).index(function)
    result = rebuilt.with_changes(body=[*rebuilt.body[:at], sentinel(FUNCTION), *rebuilt.body[at + 1 :]])
    return result, (function, cast(cst.SimpleStatementLine, call_statement))


def _blocks(module: cst.Module) -> list[list[cst.BaseStatement]]:
    """The module's statements, and those of each ``with`` block at module level."""
    blocks: list[list[cst.BaseStatement]] = [list(module.body)]
    for statement in module.body:
        if isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
            blocks.append(list(statement.body.body))
    return blocks


def _replace_block(module: cst.Module, old: list[cst.BaseStatement], new: list[cst.BaseStatement]) -> cst.Module:
    if list(module.body) == old:
        return module.with_changes(body=new)
    body = []
    for statement in module.body:
        block = statement.body if isinstance(statement, cst.With) else None
        if isinstance(block, cst.IndentedBlock) and list(block.body) == old:
            statement = cast(cst.With, statement).with_changes(body=block.with_changes(body=new))
        body.append(statement)
    return module.with_changes(body=body)


def prefix(block: list[cst.BaseStatement]) -> int:
    """How many leading statements of a block the inlined body is (its sentinels included), else 0."""
    names = [sentinel_name(s) for s in block]
    if not names or names[0] != CALLED or RETURNED not in names:
        return 0
    return names.index(RETURNED) + 1


def rewrap(module: cst.Module, inlined: Inlined | None, line: int) -> cst.Module:
    """The rewritten body back in the function (``return <name>`` after it), the call where the body stood; refused
    when the body's part binds a name the rest of the module reads, other than the call's target."""
    if inlined is None:
        return module
    function, call = inlined
    body = list(module.body)
    names = [sentinel_name(s) for s in body]
    if CALLED not in names or RETURNED not in names or FUNCTION not in names:
        raise Blocked("the body of a function called once, read where it is called, could not be put back", line)
    start, end = names.index(CALLED), names.index(RETURNED)
    inner = body[start + 1 : end]
    target = cast(cst.Name, cast(cst.Assign, call.body[0]).targets[0].target).value
    returned = body_of(function)[-1]
    value = cast(cst.Return, cast(cst.SimpleStatementLine, returned).body[0]).value
    if not (isinstance(value, cst.Name) and value.value == target):  # ``result = <expr>`` back to ``return <expr>``
        last = lone_assignment(inner[-1]) if inner else None
        if last is None or not (isinstance(name := last.targets[0].target, cst.Name) and name.value == target):
            raise Blocked(f"the value function `{function.name.value}` returns could not be put back", line)
        returned = returned.with_changes(body=[cst.Return(last.value)])
        inner = inner[:-1]
    rest = [*body[:start], *body[end + 1 :]]
    rest_module = cst.Module(body=cast(list[cst.SimpleStatementLine], rest))
    leaked = {n for n in bound_names(inner) - {target} if module_references(rest_module, n)}
    if leaked:
        raise Blocked(
            f"`{sorted(leaked)[0]}`, which the rewrite binds in function `{function.name.value}`, is read outside it",
            line,
        )
    block = cast(cst.IndentedBlock, function.body)
    new_body = [*inner, returned] if inner else [returned]
    new_body[0] = new_body[0].with_changes(leading_lines=[])
    body[start : end + 1] = [call]
    at = [sentinel_name(s) for s in body].index(FUNCTION)
    body[at] = function.with_changes(body=block.with_changes(body=new_body))
    return module.with_changes(body=body)
