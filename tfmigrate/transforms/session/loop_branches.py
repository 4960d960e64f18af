"""A module-level loop whose body branches on the loop variable, read pass by pass: ``for i in range(3): if i == 2:
out = dense_layer(prev, 4, 1) else: prev = dense_layer(prev, 3 if i == 0 else 4, 4)`` (a layer stack whose last
layer differs, held-out 21's highway network).

TF1 ran such a loop once, when it built the graph, each pass taking the branch its value decided. Written out pass
by pass, the loop variable replaced by its value and each ``if`` by the branch it takes, it is the straight-line
program TF1 built, the same calls in the same order; loops.py unrolls only bodies without branches, and the helpers
each pass calls are then read at their calls (inlined_helpers.py). Only where every test is decided by the value
(``==``, ``<`` and the other order comparisons of the variable with literals or module constants, not ``is``,
which holds for CPython's cached small integers only, nor ``in``; ``and``/``or``/``not``), the body holds nothing
but assignments and such branches (no ``break``, ``continue`` or nested loop), and the loop variable is read
nowhere else in the module (its value after the loop is not written out).
"""

from __future__ import annotations

import operator
from typing import cast

import libcst as cst

from tfmigrate.transforms.session import host_builtins
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.functions import local_names
from tfmigrate.transforms.session.loops import (
    MAX_ITERATIONS,
    Origins,
    Substitute,
    _integer,
    pair_clone,
    pair_nodes,
)

COMPARE = {
    cst.Equal: operator.eq,
    cst.NotEqual: operator.ne,
    cst.LessThan: operator.lt,
    cst.LessThanEqual: operator.le,
    cst.GreaterThan: operator.gt,
    cst.GreaterThanEqual: operator.ge,
}


class _Undecided(Exception):
    pass


def decide(module: cst.Module, resolve: Resolve, line_of: LineOf) -> tuple[cst.Module, Resolve, LineOf] | None:
    """The module with each such loop written out pass by pass; None where it has none."""
    origin = Origins()
    body: list[cst.BaseStatement] = []
    for statement in module.body:
        passes = _written_out(module, statement, origin)
        body.extend(passes if passes is not None else [statement])
    if len(body) == len(module.body) and all(a is b for a, b in zip(body, module.body)):
        return None
    return module.with_changes(body=body), *origin.lookups(resolve, line_of)


def _values(module: cst.Module, loop: cst.For) -> list[int] | None:
    it = loop.iter
    if isinstance(it, (cst.List, cst.Tuple)):
        values = [_integer(module, module.body, e.value) for e in it.elements if isinstance(e, cst.Element)]
    elif (
        isinstance(it, cst.Call)
        and host_builtins.builtin_of(module, it.func, frozenset({"range"}))
        and 1 <= len(it.args) <= 3
        and all(a.keyword is None and not a.star for a in it.args)
    ):
        bounds = [_integer(module, module.body, a.value) for a in it.args]
        if any(b is None for b in bounds):
            return None
        values = list(range(*bounds))  # type: ignore[arg-type]
    else:
        return None
    if not values or len(values) > MAX_ITERATIONS or any(v is None for v in values):
        return None
    return values  # type: ignore[return-value]


def _written_out(module: cst.Module, loop: cst.BaseStatement, origin: Origins) -> list[cst.BaseStatement] | None:
    if not (
        isinstance(loop, cst.For)
        and isinstance(loop.target, cst.Name)
        and loop.orelse is None
        and loop.asynchronous is None
        and isinstance(loop.body, cst.IndentedBlock)
    ):
        return None
    name = loop.target.value
    statements = list(loop.body.body)
    if not any(isinstance(s, cst.If) for s in statements) or not _plain(statements, name):
        return None
    values = _values(module, loop)
    if values is None or not _read_only_here(module, loop, name):
        return None
    out: list[cst.BaseStatement] = []
    try:
        for value in values:
            for statement in _taken(module, statements, name, value):
                out.append(_copy(statement, name, value, origin))
    except _Undecided:
        return None
    if not out:
        return None
    first = out[0].with_changes(leading_lines=loop.leading_lines)
    origin.add(first, out[0])
    return [first, *out[1:]]


def _plain(statements: list[cst.BaseStatement], name: str) -> bool:
    """Assignments and ``if`` chains only, none binding the loop variable."""
    for statement in statements:
        if isinstance(statement, cst.If):
            branches: list[cst.BaseStatement] = list(statement.body.body)  # type: ignore[arg-type]
            orelse = statement.orelse
            if isinstance(orelse, cst.Else):
                branches += list(orelse.body.body)  # type: ignore[arg-type]
            elif isinstance(orelse, cst.If):
                branches.append(orelse)
            if not _plain(branches, name):
                return False
        elif not (
            isinstance(statement, cst.SimpleStatementLine)
            and len(statement.body) == 1
            and isinstance(statement.body[0], cst.Assign)
            and all(isinstance(t.target, cst.Name) and t.target.value != name for t in statement.body[0].targets)
        ):
            return False
    return True


def _read_only_here(module: cst.Module, loop: cst.For, name: str) -> bool:
    """The loop variable is read nowhere but in the loop, in other loops (or comprehensions) binding it again, and
    as functions' own locals: no read can see the value this loop leaves."""
    rebound: set[int] = set()
    for node in descendants(module):
        if isinstance(node, (cst.For, cst.CompFor)) and isinstance(node.target, cst.Name) and node.target.value == name:
            owner = node if isinstance(node, cst.For) else _comprehension(module, node)
            rebound |= {id(n) for n in descendants(owner)}
        elif isinstance(node, cst.FunctionDef) and name in local_names(node):
            rebound |= {id(n) for n in descendants(node.body)}
    return all(
        id(n) in rebound
        for statement in module.body
        if statement is not loop
        for n in descendants(statement)
        if isinstance(n, cst.Name) and n.value == name
    )


def _comprehension(module: cst.Module, clause: cst.CompFor) -> cst.CSTNode:
    """The comprehension whose ``for`` clause ``clause`` is (its names are its own)."""
    for node in descendants(module):
        if isinstance(node, (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)) and any(
            n is clause for n in descendants(node)
        ):
            return node
    return clause


def _taken(module: cst.Module, statements, name: str, value: int) -> list[cst.SimpleStatementLine]:
    """The statements one pass runs: each ``if`` replaced by the branch the value takes."""
    taken: list[cst.SimpleStatementLine] = []
    for statement in statements:
        while isinstance(statement, cst.If):
            if _evaluate(module, statement.test, name, value):
                taken += _taken(module, statement.body.body, name, value)
                break
            orelse = statement.orelse
            if isinstance(orelse, cst.Else):
                taken += _taken(module, orelse.body.body, name, value)
                break
            statement = orelse  # an ``elif``, or None: nothing runs
        else:
            if statement is not None:
                taken.append(statement)
    return taken


def _evaluate(module: cst.Module, test: cst.BaseExpression, name: str, value: int) -> object:
    if isinstance(test, cst.Name) and test.value == name:
        return value
    if isinstance(test, cst.Name) and test.value in ("True", "False"):
        return test.value == "True"
    if isinstance(test, cst.SimpleString) and isinstance(test.evaluated_value, str):
        return test.evaluated_value
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return not _evaluate(module, test.expression, name, value)
    if isinstance(test, cst.BooleanOperation):
        left = _evaluate(module, test.left, name, value)
        if isinstance(test.operator, cst.And):
            return left and _evaluate(module, test.right, name, value)
        return left or _evaluate(module, test.right, name, value)
    if isinstance(test, cst.Comparison):
        left = _evaluate(module, test.left, name, value)
        for target in test.comparisons:
            compare = COMPARE.get(type(target.operator))
            if compare is None:
                raise _Undecided  # `is`, `in`: `i is 0` holds in CPython for small integers only, not a value test
            right = _evaluate(module, target.comparator, name, value)
            if not compare(left, right):  # type: ignore[arg-type]
                return False
            left = right
        return True
    if not any(isinstance(n, cst.Name) and n.value == name for n in descendants(test)) or isinstance(
        test, (cst.Name, cst.Integer, cst.UnaryOperation, cst.BinaryOperation)
    ):
        number = _integer(module, module.body, test) if not _reads(test, name) else None
        if number is not None:
            return number
    raise _Undecided


def _reads(node: cst.CSTNode, name: str) -> bool:
    return any(isinstance(n, cst.Name) and n.value == name for n in descendants(node))


def _copy(statement: cst.SimpleStatementLine, name: str, value: int, origin: Origins) -> cst.SimpleStatementLine:
    """The statement with the loop variable read as its value, its nodes new and each mapped to its original."""
    substituted = cast(cst.SimpleStatementLine, statement.visit(Substitute({name: cst.Integer(str(value))})))
    step = Origins()
    pair_nodes(statement, substituted, step)
    clone = substituted.deep_clone()
    pair_clone(substituted, clone, step, origin)
    new = clone.with_changes(leading_lines=[])
    origin.add(new, clone)
    return new
