"""A host loop that builds one op per item of a literal sequence and collects them in a list
(``for r in [5, 7, 1]: t = tf.where(tf.equal(labels, r), ...); buf.append(t)``), the list fetched once.

TF1 ran the loop once while the graph was built: it made one op per item, and ``sess.run(buf)`` computed them all.
Python runs such a loop exactly as its body written out once per item with the loop variable replaced by the item,
so it is read unrolled before the proof: each pass but the last binds its names under fresh ones (the last keeps
them, for any read after the loop), and ``buf = []`` with its appends becomes ``buf = [t_1, t_2, t]``.

Only where that is certain: the loop is at module level over a literal list or tuple of literals or a
``range(n)`` of literal bounds (``n`` may be a name bound once to an integer), with no ``else``, and at most
``LIMIT`` items; its body is plain assignments to names and appends to one list bound once to ``[]`` before it and
not read until the loop; every call in it is a TensorFlow op or the append (no Session run, no other host call);
the body reads each of its names only after binding it (nothing carried from one pass to the next); no function,
lambda or comprehension is in the body or reads its names; the loop variable is read nowhere else; and the list
is not changed after the loop (no method called on it).
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants, loaded_names
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.functions import references
from tfmigrate.transforms.session.renames import SCOPES, lone_assignment, read_by_a_scope
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

LIMIT = 32
NOTE = "the loop over {items} builds one op per item before any run: read unrolled, `{name}` their list"
_LITERALS = (cst.Integer, cst.Float, cst.SimpleString)
_NAMESPACE_READS = frozenset({"globals", "locals", "vars", "eval", "exec"})


def unroll(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each such loop unrolled, and a note for each; None where there is none."""
    if not any(isinstance(s, cst.For) for s in module.body):
        return None
    if any(isinstance(n, cst.Name) and n.value in _NAMESPACE_READS for n in descendants(module)):
        return None
    plans = {}
    for index, statement in enumerate(module.body):
        if isinstance(statement, cst.For):
            plan = _plan(module, resolve, index, statement)
            if plan is not None:
                plans[statement] = plan
    if not plans:
        return None
    rewrite = _Unroll(module, resolve, line_of, plans)
    notes = [
        (line_of(loop), NOTE.format(items=module.code_for_node(loop.iter), name=plan.listed))
        for loop, plan in plans.items()
    ]
    return *rewrite.applied(), notes


class _Plan:
    def __init__(self, items: list[cst.BaseExpression], listed: str, start: cst.SimpleStatementLine) -> None:
        self.items = items
        self.listed = listed  # the list the appends fill
        self.start = start  # its ``buf = []``


def _plan(module: cst.Module, resolve: Resolve, index: int, loop: cst.For) -> _Plan | None:
    if loop.orelse is not None or loop.asynchronous is not None or not isinstance(loop.target, cst.Name):
        return None
    if not isinstance(loop.body, cst.IndentedBlock):
        return None
    items = _items(module, loop.iter)
    if not items:
        return None
    variable = loop.target.value
    listed: set[str] = set()
    bound: list[str] = []
    for line in loop.body.body:
        if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1):
            return None
        small = line.body[0]
        for read in loaded_names(small.value) if isinstance(small, (cst.Assign, cst.Expr)) else ():
            if read.value in _body_names(loop) and read.value not in bound:
                return None  # read before this pass binds it: carried from the pass before
        if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
            name = small.targets[0].target.value
            if name in bound or name == variable:
                return None
            bound.append(name)
            calls = [c for c in descendants(small.value) if isinstance(c, cst.Call)]
        elif _append(small) is not None:
            call = _append(small)
            assert call is not None
            listed.add(call.func.value.value)  # type: ignore[attr-defined]
            calls = [c for c in descendants(call.args[0].value) if isinstance(c, cst.Call)]
        else:
            return None
        if any(resolve(c.func) is None for c in calls):
            return None  # a host call or a Session run: not an op built per item
        if any(isinstance(n, SCOPES) for n in descendants(small)):
            return None
    if len(listed) != 1:
        return None
    (name,) = listed
    start = _start(module, index, name)
    if start is None or name in bound or name == variable:
        return None
    inside = {id(n) for n in descendants(loop)}
    if any(id(n) not in inside for n in references(module, variable)):
        return None  # the loop variable read elsewhere (after the loop it held the last item)
    if any(read_by_a_scope(module, n) for n in [variable, *bound, name]):
        return None
    for later in module.body[index + 1 :]:
        for use in references(later, name):
            if not _plain_read(later, use):
                return None
    return _Plan(items, name, start)


def _body_names(loop: cst.For) -> set[str]:
    return {
        s.body[0].targets[0].target.value
        for s in loop.body.body
        if isinstance(s, cst.SimpleStatementLine)
        and s.body
        and isinstance(s.body[0], cst.Assign)
        and isinstance(s.body[0].targets[0].target, cst.Name)
    }


def _items(module: cst.Module, iterable: cst.BaseExpression) -> list[cst.BaseExpression] | None:
    if isinstance(iterable, (cst.List, cst.Tuple)):
        values = [e.value for e in iterable.elements if not isinstance(e, cst.StarredElement)]
        if len(values) != len(iterable.elements) or not all(_literal(v) for v in values):
            return None
        return values if 0 < len(values) <= LIMIT else None
    if not (
        isinstance(iterable, cst.Call)
        and isinstance(iterable.func, cst.Name)
        and iterable.func.value == "range"
        and 1 <= len(iterable.args) <= 2
        and all(a.keyword is None and not a.star for a in iterable.args)
    ):
        return None
    if any(isinstance(n, cst.Name) and n.value == "range" for n in _targets(module)):
        return None
    bounds = [_integer(module, a.value) for a in iterable.args]
    if any(b is None for b in bounds):
        return None
    low, high = (0, bounds[0]) if len(bounds) == 1 else (bounds[0], bounds[1])
    assert low is not None and high is not None
    if not 0 < high - low <= LIMIT:
        return None
    return [
        cst.Integer(str(i)) if i >= 0 else cst.UnaryOperation(cst.Minus(), cst.Integer(str(-i)))
        for i in range(low, high)
    ]


def _literal(value: cst.BaseExpression) -> bool:
    if isinstance(value, cst.UnaryOperation) and isinstance(value.operator, cst.Minus):
        return isinstance(value.expression, (cst.Integer, cst.Float))
    return isinstance(value, _LITERALS)


def _integer(module: cst.Module, value: cst.BaseExpression) -> int | None:
    """An integer literal, or a name the module binds once, at its top level, to one."""
    if isinstance(value, cst.Integer):
        return int(value.evaluated_value)
    if not isinstance(value, cst.Name):
        return None
    bindings = [t for t in _targets(module) if isinstance(t, cst.Name) and t.value == value.value]
    if len(bindings) != 1:
        return None
    for statement in module.body:
        small = lone_assignment(statement)
        if small is not None and small.targets[0].target is bindings[0] and isinstance(small.value, cst.Integer):
            return int(small.value.evaluated_value)
    return None


def _targets(module: cst.Module) -> list[cst.CSTNode]:
    """Every name binding of the module: assignment, loop, ``with``/``import`` alias and definition targets."""
    found: list[cst.CSTNode] = []
    for node in descendants(module):
        if isinstance(node, (cst.AssignTarget, cst.AnnAssign, cst.AugAssign)):
            target = node.target
            found += (
                [target]
                if isinstance(target, cst.Name)
                else [n for n in descendants(target) if isinstance(n, cst.Name)]
            )
        elif isinstance(node, (cst.For, cst.CompFor)):
            found += [n for n in [node.target, *descendants(node.target)] if isinstance(n, cst.Name)]
        elif isinstance(node, (cst.AsName,)) and isinstance(node.name, cst.Name):
            found.append(node.name)
        elif isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            found.append(node.name)
        elif isinstance(node, cst.ImportAlias) and node.asname is None and isinstance(node.name, cst.Name):
            found.append(node.name)
        elif isinstance(node, cst.NamedExpr) and isinstance(node.target, cst.Name):
            found.append(node.target)
    return found


def _append(small: cst.BaseSmallStatement) -> cst.Call | None:
    """``buf.append(value)``: the call, else None."""
    if not (isinstance(small, cst.Expr) and isinstance(small.value, cst.Call)):
        return None
    call = small.value
    if not (
        isinstance(call.func, cst.Attribute)
        and call.func.attr.value == "append"
        and isinstance(call.func.value, cst.Name)
        and len(call.args) == 1
        and call.args[0].keyword is None
        and not call.args[0].star
    ):
        return None
    return call


def _start(module: cst.Module, index: int, name: str) -> cst.SimpleStatementLine | None:
    """The module-level ``name = []`` before the loop, the list's one binding, not read until the loop."""
    bindings = [t for t in _targets(module) if isinstance(t, cst.Name) and t.value == name]
    if len(bindings) != 1:
        return None
    for position in range(index - 1, -1, -1):
        statement = module.body[position]
        small = lone_assignment(statement)
        if small is not None and small.targets[0].target is bindings[0]:
            empty = isinstance(small.value, cst.List) and not small.value.elements
            return statement if empty and isinstance(statement, cst.SimpleStatementLine) else None
        if references(statement, name):
            return None
    return None


def _plain_read(statement: cst.CSTNode, use: cst.Name) -> bool:
    """``use`` is read as a value, not changed: no method of it called or attribute read, no item assigned."""
    for node in descendants(statement):
        if isinstance(node, cst.Attribute) and node.value is use:
            return False
        if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.Del)) and use in descendants(node):
            return False
    return True


class _Unroll(TracedRewrite):
    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, plans: dict[cst.For, _Plan]) -> None:
        super().__init__(module, resolve, line_of)
        self.plans = plans
        self.starts = {plan.start for plan in plans.values()}
        self.taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}

    def leave_SimpleStatementLine(self, original_node, updated_node):
        return cst.RemovalSentinel.REMOVE if original_node in self.starts else updated_node

    def leave_For(self, original_node: cst.For, updated_node: cst.For):
        plan = self.plans.get(original_node)
        if plan is None:
            return updated_node
        variable = original_node.target.value  # type: ignore[attr-defined]
        lines = original_node.body.body
        names = _body_names(original_node)
        collected: list[cst.BaseExpression] = []
        made: list[cst.BaseStatement] = []
        for number, item in enumerate(plan.items):
            last = number == len(plan.items) - 1
            spelled = {n: n if last else numbered(self.taken, n) for n in names}
            for line in lines:
                copy = cast(cst.SimpleStatementLine, line.visit(_Copy(self, variable, item, spelled, line)))
                small = copy.body[0]
                call = _append(small)
                if call is None:
                    made.append(copy if not made else copy.with_changes(leading_lines=()))
                else:
                    collected.append(call.args[0].value)
        listed = cst.SimpleStatementLine(
            [cst.Assign([cst.AssignTarget(cst.Name(plan.listed))], cst.List([cst.Element(v) for v in collected]))]
        )
        made.append(self.traced(listed, original_node))
        if made:
            made[0] = made[0].with_changes(leading_lines=original_node.leading_lines)
            self.origins[id(made[0])] = (made[0], original_node)
        return cst.FlattenSentinel(made)


class _Copy(cst.CSTTransformer):
    """One pass's copy of a body line: every node new, standing for its original (line, TensorFlow path)."""

    def __init__(self, rewrite: _Unroll, variable: str, item: cst.BaseExpression, spelled, line) -> None:
        self.rewrite = rewrite
        self.variable = variable
        self.item = item
        self.spelled = spelled
        self.renamed = {id(n) for name in [variable, *spelled] for n in references(line, name)}
        for node in descendants(line):  # binding targets are not references: renamed too
            if isinstance(node, cst.AssignTarget) and isinstance(node.target, cst.Name):
                self.renamed.add(id(node.target))

    def on_leave(self, original_node, updated_node):
        if isinstance(original_node, cst.Name) and id(original_node) in self.renamed:
            if original_node.value == self.variable:
                made = self.item.deep_clone()
            else:
                made = cst.Name(self.spelled.get(original_node.value, original_node.value))
        else:
            made = updated_node.with_changes()
        for node in [made, *descendants(made)]:
            self.rewrite.origins.setdefault(id(node), (node, original_node))
        path = self.rewrite.resolver(original_node)
        if path is not None and id(made) not in self.rewrite.forced:
            self.rewrite.forced[id(made)] = path
        return made
