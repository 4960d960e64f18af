"""Whether a call is reached only after another kind of call has run, in the order the program executes.

A Saver of tf.layers must not save before the program's first Session run of a value reading variables: Keras
builds a layer's variables at its first call, so the migrated checkpoint would be empty where TF1 saved values.
Source order is not execution order: a run inside a helper defined above the save may be called after it, a save
inside a helper may be called before the first run, and a run in one branch of an ``if`` may not happen at all.
The module is walked as it executes: statements in order, a call into the program's own function followed into its
body, both branches of an ``if``, a loop's body once (its first iteration; a later one sees no fewer runs) or not at
all (unless it is ``while True`` or iterates a non-empty ``range`` of literals and module constants, or a literal
list: ``range(steps)`` may be empty; not where the module binds ``range``, whose own may return nothing), a
``try``'s handlers as from its start. A comprehension is a loop too: its first iterable is evaluated at once, its
element only for each item, so its runs count where every ``for`` of it is certainly entered and no ``if`` filters;
a generator expression runs none of that until something consumes it, so only as the iterable of a ``for`` or the
one argument of a builtin that consumes it (``list``, ``sum``, ...; not where the module binds that name). A call
the walk cannot follow (a method, a function passed around, a generator's or an ``async def``'s body, a decorated
function, which its decorator may never call) runs nothing for it, and a save it never reaches is not known to come
after a run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

import libcst as cst

from tfmigrate.transforms.session import (
    branch_tests,
    functions,  # a module: functions.py imports savers.py, which imports this
    host_builtins,
)
from tfmigrate.transforms.session.analysis import descendants

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program

Predicate = Callable[[cst.Call], bool]
# Builtins that evaluate a generator expression passed as their one argument (its first item at least).
CONSUMERS = frozenset({"list", "tuple", "set", "frozenset", "sorted", "sum", "min", "max", "any", "all", "dict"})
COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
RANGE = frozenset({"range"})


def saves_after_runs(program: Program, is_save: Predicate, is_run: Predicate) -> set[cst.Call]:
    """The saves the walk reaches, each time it reaches them, after a run (the others may come first)."""
    walk = _Walk(program, is_save, is_run)
    walk.block(list(program.module.body), False)
    return {call for call, states in walk.saves.items() if all(states)}


@dataclass
class _Flow:
    """How a block was left: falling through (None: never), by break, continue or return; each with whether a run
    had certainly happened by then."""

    fall: bool | None
    breaks: list[bool] = field(default_factory=list)
    continues: list[bool] = field(default_factory=list)
    returns: list[bool] = field(default_factory=list)


def _all(states: list[bool | None]) -> bool | None:
    """Whether a run happened on every path that gets here (None: no path does)."""
    reached = [s for s in states if s is not None]
    return all(reached) if reached else None


class _Walk:
    def __init__(self, program: Program, is_save: Predicate, is_run: Predicate) -> None:
        self.program, self.is_save, self.is_run = program, is_save, is_run
        self.saves: dict[cst.Call, list[bool]] = {}
        self.functions, self.bound, self.constants = _own_functions(program.module)
        self.consumed: set[cst.GeneratorExp] = set()
        self.entered: list[cst.FunctionDef] = []

    def builtin(self, func: cst.BaseExpression, names: frozenset[str]) -> bool:
        """``func`` is Python's builtin of ``names``: the module binds it nowhere (host_builtins.builtin), nor does a
        function the walk follows into (``list = ...`` in its body)."""
        return host_builtins.builtin(self.program, func, names) and cast(cst.Name, func).value not in self.bound

    def block(self, statements: list, built: bool) -> _Flow:
        flow = _Flow(built)
        for statement in statements:
            if flow.fall is None:
                break  # after a return, break, continue or raise: not reached this way
            inner = self.statement(statement, flow.fall)
            flow.fall = inner.fall
            flow.breaks += inner.breaks
            flow.continues += inner.continues
            flow.returns += inner.returns
        return flow

    def suite(self, suite: cst.BaseSuite, built: bool) -> _Flow:
        if isinstance(suite, cst.IndentedBlock):
            return self.block(list(suite.body), built)
        return self.small(suite.body, built)  # ``if done: saver.save(sess, path)`` on one line

    def statement(self, statement: cst.CSTNode, built: bool) -> _Flow:
        if isinstance(statement, cst.SimpleStatementLine):
            return self.small(statement.body, built)
        if isinstance(statement, cst.If):
            built = self.expression(statement.test, built)
            body = self.suite(statement.body, built)
            if functions.is_main_guard(statement):  # a program run is always __main__
                return body
            if statement.orelse is None:
                return _joined(body, _Flow(built))
            if isinstance(statement.orelse, cst.If):
                return _joined(body, self.statement(statement.orelse, built))
            return _joined(body, self.suite(statement.orelse.body, built))
        if isinstance(statement, (cst.For, cst.While)):
            if isinstance(statement, cst.For) and isinstance(statement.iter, cst.GeneratorExp):
                self.consumed.add(statement.iter)
            built = self.expression(statement.iter if isinstance(statement, cst.For) else statement.test, built)
            body = self.suite(statement.body, built)  # its first iteration
            done = _all([body.fall, *body.continues, *(() if self.entered_once(statement) else (built,))])
            orelse = _Flow(done)
            if statement.orelse is not None and done is not None:
                orelse = self.suite(statement.orelse.body, done)
            return _Flow(_all([orelse.fall, *body.breaks]), returns=body.returns + orelse.returns)
        if isinstance(statement, cst.With):
            for item in statement.items:
                built = self.expression(item.item, built)
            return self.suite(statement.body, built)
        if isinstance(statement, cst.Try):
            body = self.suite(statement.body, built)
            if statement.orelse is not None and body.fall is not None:
                body = _sequenced(body, self.suite(statement.orelse.body, body.fall))
            joined = _joined(body, *(self.suite(h.body, built) for h in statement.handlers))  # raised at once
            if statement.finalbody is None:
                return joined
            final = self.suite(statement.finalbody.body, built)  # also after a raise at once
            fall = None if joined.fall is None or final.fall is None else joined.fall or final.fall
            return _Flow(fall, joined.breaks + final.breaks, joined.continues + final.continues, joined.returns)
        return _Flow(built)  # a def, a class, a match: nothing of it runs here that the walk follows

    def small(self, statements, built: bool) -> _Flow:
        for small in statements:
            for child in small.children:
                built = self.expression(child, built)
            if isinstance(small, cst.Return):
                return _Flow(None, returns=[built])
            if isinstance(small, cst.Break):
                return _Flow(None, breaks=[built])
            if isinstance(small, cst.Continue):
                return _Flow(None, continues=[built])
            if isinstance(small, cst.Raise):
                return _Flow(None)
        return _Flow(built)

    def expression(self, node: cst.CSTNode, built: bool) -> bool:
        """Whether a run happened by the end of evaluating ``node``, each call's arguments before the call."""
        if isinstance(node, (cst.Lambda, cst.FunctionDef, cst.ClassDef)):
            return built
        if isinstance(node, cst.BooleanOperation):  # the right side may not be evaluated
            left = self.expression(node.left, built)
            self.expression(node.right, left)
            return left
        if isinstance(node, cst.IfExp):
            built = self.expression(node.test, built)
            return self.expression(node.body, built) and self.expression(node.orelse, built)
        if isinstance(node, COMPREHENSIONS):
            return self.comprehension(node, built)
        if (
            isinstance(node, cst.Call)
            and self.builtin(node.func, CONSUMERS)
            and len(node.args) == 1
            and not node.args[0].keyword
            and not node.args[0].star
            and isinstance(node.args[0].value, cst.GeneratorExp)
        ):
            self.consumed.add(node.args[0].value)
        for child in node.children:
            built = self.expression(child, built)
        if not isinstance(node, cst.Call):
            return built
        if self.is_save(node):
            self.saves.setdefault(node, []).append(built)
        if self.is_run(node):
            return True
        function = self.functions.get(node.func.value) if isinstance(node.func, cst.Name) else None
        if function is None or function in self.entered:
            return built
        self.entered.append(function)
        try:
            flow = self.suite(function.body, built)
        finally:
            self.entered.pop()
        return _all([flow.fall, *flow.returns]) or built

    def comprehension(self, node: cst.ListComp | cst.SetComp | cst.DictComp | cst.GeneratorExp, built: bool) -> bool:
        """Its first iterable evaluated at once; the rest, in the order one item evaluates it, counted where it
        certainly runs: the comprehension is evaluated (a generator expression consumed), every ``for`` of it is
        entered and no ``if`` filtered before it."""
        clause: cst.CompFor | None = node.for_in
        built = self.expression(node.for_in.iter, built)
        certain = inner = built
        runs = not isinstance(node, cst.GeneratorExp) or node in self.consumed
        while clause is not None:
            if clause is not node.for_in:
                inner = self.expression(clause.iter, inner)
            runs = runs and self.non_empty(clause.iter)
            for test in clause.ifs:
                inner = self.expression(test.test, inner)
                certain = inner if runs else certain
                runs = False
            clause = clause.inner_for_in
        parts = [node.key, node.value] if isinstance(node, cst.DictComp) else [node.elt]
        for part in parts:
            inner = self.expression(part, inner)
        return inner if runs else certain

    def entered_once(self, loop: cst.For | cst.While) -> bool:
        """Whether the loop's body certainly runs once: ``while True``, or a ``for`` over a non-empty iterable."""
        if isinstance(loop, cst.While):
            return branch_tests.literal(loop.test) is True
        return self.non_empty(loop.iter)

    def non_empty(self, it: cst.BaseExpression) -> bool:
        """A ``range(...)`` (Python's) of literals and module constants that is not empty, or a literal list or tuple
        with items (anything else may be empty, and then a run in the loop over it never happened)."""
        if isinstance(it, (cst.List, cst.Tuple)):
            return bool(it.elements) and not any(isinstance(e, cst.StarredElement) for e in it.elements)
        if not (isinstance(it, cst.Call) and self.builtin(it.func, RANGE)):
            return False
        bounds = [branch_tests.value(arg.value, self.constants) for arg in it.args]
        ints = [b for b in bounds if isinstance(b, int)]
        if len(ints) != len(bounds) or not 1 <= len(ints) <= 3 or any(a.keyword or a.star for a in it.args):
            return False
        return not (len(ints) == 3 and ints[2] == 0) and len(range(*ints)) > 0  # a zero step raises


def _joined(*flows: _Flow) -> _Flow:
    """Two paths that meet again: a run happened after them where it happened on both."""
    return _Flow(
        _all([f.fall for f in flows]),
        [b for f in flows for b in f.breaks],
        [c for f in flows for c in f.continues],
        [r for f in flows for r in f.returns],
    )


def _sequenced(first: _Flow, then: _Flow) -> _Flow:
    return _Flow(then.fall, first.breaks + then.breaks, first.continues + then.continues, first.returns + then.returns)


def _own_functions(module: cst.Module) -> tuple[dict[str, cst.FunctionDef], set[str], dict[str, object]]:
    """The program's functions a plain name calls: each defined once (not a method, not decorated, not ``async``)
    and bound nowhere else; every name the module binds anywhere, functions too; and its integer constants: names
    it binds once, at its top level, to an integer literal (``n_epochs = 20``), and nowhere else (no other
    assignment, parameter, import, loop or ``with`` target, ``global``, ``del`` or walrus anywhere)."""
    defined: dict[str, list[cst.FunctionDef]] = {}
    bound: set[str] = set()
    bindings: Counter[str] = Counter()
    methods = {
        statement
        for node in descendants(module)
        if isinstance(node, cst.ClassDef)
        for statement in node.body.body
        if isinstance(statement, cst.FunctionDef)
    }
    for node in descendants(module):
        bindings.update(binds_of(node))
        if isinstance(node, cst.FunctionDef) and node not in methods:
            defined.setdefault(node.name.value, []).append(node)
        elif isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign)):
            bound.update(n.value for n in descendants(node.target) if isinstance(n, cst.Name))
        elif isinstance(node, (cst.For, cst.CompFor)):
            bound.update(n.value for n in descendants(node.target) if isinstance(n, cst.Name))
        elif isinstance(node, (cst.Param, cst.ClassDef)):
            bound.add(node.name.value)
        elif isinstance(node, cst.AsName) and isinstance(node.name, cst.Name):
            bound.add(node.name.value)
        elif isinstance(node, cst.ImportAlias) and node.asname is None and isinstance(node.name, cst.Name):
            bound.add(node.name.value)
        elif isinstance(node, cst.NamedExpr) and isinstance(node.target, cst.Name):
            bound.add(node.target.value)
    called = {
        name: functions[0]
        for name, functions in defined.items()
        if len(functions) == 1
        and name not in bound
        and not _generator(functions[0])
        and not functions[0].decorators
        and functions[0].asynchronous is None
    }
    constants: dict[str, object] = {}
    for statement in module.body:
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            if (
                isinstance(small, cst.Assign)
                and len(small.targets) == 1
                and isinstance(small.targets[0].target, cst.Name)
                and isinstance(small.value, cst.Integer)
                and bindings[small.targets[0].target.value] == 1
            ):
                constants[small.targets[0].target.value] = small.value.evaluated_value
    return called, bound | set(defined), constants


def binds_of(node: cst.CSTNode) -> list[str]:
    """The names ``node`` itself binds (a store, a parameter, a definition, an import, ``global``, ``del``)."""
    if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor, cst.Del)):
        return _stored(node.target)
    if isinstance(node, (cst.Param, cst.FunctionDef, cst.ClassDef)):
        return [node.name.value]
    if isinstance(node, cst.ImportAlias):
        return [(node.evaluated_alias or node.evaluated_name).split(".")[0]]
    if isinstance(node, cst.WithItem) and node.asname is not None:
        return _stored(node.asname.name)
    if isinstance(node, cst.ExceptHandler) and node.name is not None:
        return _stored(node.name.name)
    if isinstance(node, cst.NamedExpr):
        return _stored(node.target)
    if isinstance(node, (cst.Global, cst.Nonlocal)):
        return [n.name.value for n in node.names]
    if isinstance(node, (cst.MatchAs, cst.MatchStar)) and node.name is not None:
        return [node.name.value]
    return []


def _stored(target: cst.BaseExpression) -> list[str]:
    """The names a store into ``target`` binds: ``a``, ``a, *b``; not the root of ``a.x`` or ``a[k]`` (read)."""
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for element in target.elements for n in _stored(element.value)]
    if isinstance(target, cst.StarredElement):
        return _stored(target.value)
    return []


def _generator(function: cst.FunctionDef) -> bool:
    """A call runs none of its body: it only makes the generator."""
    return any(isinstance(n, cst.Yield) for n in functions.own_body(function))
