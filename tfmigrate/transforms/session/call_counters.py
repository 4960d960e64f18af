"""A graph class's name counter: ``def get_kernel_name(self): self.kernel_count += 1; return 'kernel_{}'.format(
self.kernel_count)``, called by a variable helper (``def __kernel(self, n_in, n_out): return tf.get_variable(
name=self.get_kernel_name(), shape=...)``) that the builder the constructor calls uses once per layer
(deployml's conv net: ``kernel_1`` ... ``kernel_8``).

Each call's name depends on the calls made before it, in Python's order of evaluation, which the class proof does
not model. Where those calls run once each in an order the source tells (the helper called once per statement, in
straight-line code of builders the constructor calls once each, in turn, after it set the counter), TF1 named the
variables ``kernel_1``, ``kernel_2``, ... in that order: each call is given its name as an argument (the helper
takes it where it called the counter) and the constructor sets the counter to the value those calls left. A call
from a method nothing in the module calls passes ``self.get_kernel_name()`` itself, which runs where the helper
ran it, on the same count. Any other shape (a call in a loop or a branch, the counter read or set elsewhere, the
counter or the helper named other than so) is left as written and the proof's reason stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import libcst as cst

from tfmigrate.transforms.session import inlined_literals
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.class_sugar import attribute_of, self_name
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite
from tfmigrate.transforms.session.uncalled_methods import spelled_outside

UNORDERED = (
    cst.For,
    cst.While,
    cst.If,
    cst.Try,
    cst.IfExp,
    cst.Lambda,
    cst.BooleanOperation,
    cst.ListComp,
    cst.SetComp,
    cst.DictComp,
    cst.GeneratorExp,
    cst.FunctionDef,
    cst.ClassDef,
)


@dataclass
class _Counter:
    method: cst.FunctionDef  # the counter
    attribute: str  # ``kernel_count``
    step: int
    returned: cst.BaseExpression  # ``'kernel_{}'.format(self.kernel_count)``
    owner: str  # its self parameter
    start: cst.SimpleStatementLine  # ``self.kernel_count = 0`` in the constructor
    first: int


def read(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each such counter's constructor-time calls given their names; None where there is none."""
    rewrites: dict[int, cst.CSTNode] = {}
    notes: list[tuple[int, str]] = []
    for definition in module.body:
        if isinstance(definition, cst.ClassDef) and isinstance(definition.body, cst.IndentedBlock):
            found = _class(module, definition, line_of)
            if found is not None:
                rewrites.update(found[0])
                notes.append(found[1])
    if not rewrites:
        return None
    rewrite = _Rewrite(module, resolve, line_of, rewrites)
    return (*rewrite.applied(), notes)


def _class(module: cst.Module, definition: cst.ClassDef, line_of: LineOf):
    members = {m.name.value: m for m in cast(cst.IndentedBlock, definition.body).body if isinstance(m, cst.FunctionDef)}
    init = members.get("__init__")
    if init is None or not isinstance(init.body, cst.IndentedBlock):
        return None
    for method in members.values():
        counter = _counter(method, init)
        if counter is not None:
            found = _rewrites(module, members, init, counter)
            if found is not None:
                calls = found[1]
                note = (
                    line_of(counter.method),
                    f"`self.{counter.method.name.value}()` counted the {calls} calls the constructor makes, in "
                    "order: each given the name it returned",
                )
                return found[0], note
    return None


def _counter(method: cst.FunctionDef, init: cst.FunctionDef) -> _Counter | None:
    """``self.count += k; return <string of self.count>``, with ``self.count = <int>`` in the constructor."""
    owner = self_name(method)
    body = method.body.body if isinstance(method.body, cst.IndentedBlock) else []
    if owner is None or len(method.params.params) != 1 or len(body) != 2 or method is init:
        return None
    step, back = body
    if not (isinstance(step, cst.SimpleStatementLine) and isinstance(back, cst.SimpleStatementLine)):
        return None
    if len(step.body) != 1 or len(back.body) != 1:
        return None
    augment, returned = step.body[0], back.body[0]
    if not (
        isinstance(augment, cst.AugAssign)
        and isinstance(augment.operator, cst.AddAssign)
        and isinstance(augment.value, cst.Integer)
        and attribute_of(augment.target, owner)
        and isinstance(returned, cst.Return)
        and returned.value is not None
    ):
        return None
    attribute = cast(cst.Attribute, augment.target).attr.value
    start = _start(init, attribute)
    if start is None:
        return None
    first = cast(cst.Integer, cast(cst.Assign, start.body[0]).value).evaluated_value
    return _Counter(method, attribute, augment.value.evaluated_value, returned.value, owner, start, first)


def _start(init: cst.FunctionDef, attribute: str) -> cst.SimpleStatementLine | None:
    owner = self_name(init)
    for statement in cast(cst.IndentedBlock, init.body).body:
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            continue
        assign = statement.body[0]
        if (
            isinstance(assign, cst.Assign)
            and len(assign.targets) == 1
            and attribute_of(assign.targets[0].target, owner)
            and cast(cst.Attribute, assign.targets[0].target).attr.value == attribute
            and isinstance(assign.value, cst.Integer)
        ):
            return statement
    return None


def _rewrites(
    module: cst.Module, members: dict[str, cst.FunctionDef], init: cst.FunctionDef, counter: _Counter
) -> tuple[dict[int, cst.CSTNode], int] | None:
    """The replaced nodes (by id) and how many calls were named; None where the shape is not the one modelled."""
    counting = counter.method.name.value
    stores = [n for n in descendants(module) if isinstance(n, cst.Attribute) and n.attr.value == counter.attribute]
    own = {id(n) for n in descendants(counter.method)} | {id(n) for n in descendants(counter.start)}
    if any(id(n) not in own for n in stores):
        return None  # the count read or set elsewhere
    uses = [n for n in descendants(module) if isinstance(n, cst.Attribute) and n.attr.value == counting]
    if len(uses) != 1:
        return None
    helpers = [m for m in members.values() if any(d is uses[0] for d in descendants(m))]
    if len(helpers) != 1 or spelled_outside(module, counting, counter.method, uses[0]):
        return None
    helper = helpers[0]
    call = _self_call(helper, uses[0], allow_args=False)
    if call is None or helper is init or not _ordered(helper, call) or not _plain_params(helper):
        return None
    param = _fresh(helper)
    sites = _sites(module, members, helper, counter.start)
    if sites is None:
        return None
    built, uncalled = sites
    rewrites: dict[int, cst.CSTNode] = {id(call): cst.Name(param)}
    params = helper.params.with_changes(params=[*helper.params.params, cst.Param(cst.Name(param))])
    rewrites[id(helper.params)] = params
    count = counter.first
    for site in built:
        count += counter.step
        name = _name(module, counter, count)
        if name is None:
            return None
        rewrites[id(site)] = _passed(site, param, name)
    for site, owner in uncalled:
        again = cst.Call(cst.Attribute(cst.Name(owner), cst.Name(counting)))
        rewrites[id(site)] = _passed(site, param, again)
    assign = cast(cst.Assign, counter.start.body[0])
    rewrites[id(assign.value)] = cst.Integer(str(count))  # the count those calls left
    return rewrites, len(built)


def _self_call(method: cst.FunctionDef, use: cst.Attribute, allow_args: bool) -> cst.Call | None:
    """The call ``self.<use>(...)`` in ``method`` (no arguments unless ``allow_args``; none starred)."""
    owner = self_name(method)
    for node in descendants(method.body):
        if isinstance(node, cst.Call) and node.func is use and attribute_of(use, owner):
            if node.args and not allow_args or any(a.star for a in node.args):
                return None
            return node
    return None


def _ordered(method: cst.FunctionDef, node: cst.CSTNode) -> bool:
    """``node`` runs once per run of ``method``, in statement order: in a straight-line statement (``with`` blocks
    alone around it), in no loop, branch, lambda, comprehension or short-circuit."""
    for statement in _straight(cast(cst.IndentedBlock, method.body).body):
        if any(n is node for n in descendants(statement)):
            return not any(
                isinstance(n, UNORDERED) and any(d is node for d in descendants(n)) for n in descendants(statement)
            )
    return False


def _straight(statements):
    for statement in statements:
        if isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
            yield from _straight(statement.body.body)
        elif isinstance(statement, cst.SimpleStatementLine):
            yield statement


def _plain_params(method: cst.FunctionDef) -> bool:
    params = method.params
    return (
        not params.posonly_params
        and not params.kwonly_params
        and not isinstance(params.star_arg, cst.Param)
        and params.star_kwarg is None
        and all(p.default is None for p in params.params)
    )


def _fresh(method: cst.FunctionDef) -> str:
    keywords = {id(n.keyword) for n in descendants(method) if isinstance(n, cst.Arg) and n.keyword is not None}
    taken = {n.value for n in descendants(method) if isinstance(n, cst.Name) and id(n) not in keywords}
    base = "name"
    while base in taken:
        base += "_"
    return base


def _sites(
    module: cst.Module, members: dict[str, cst.FunctionDef], helper: cst.FunctionDef, start: cst.SimpleStatementLine
):
    """The helper's calls the constructor makes, in the order it makes them, and the calls of methods nothing in the
    module calls (with their self names); None where any call is in another place."""
    init = members["__init__"]
    name = helper.name.value
    uses = [n for n in descendants(module) if isinstance(n, cst.Attribute) and n.attr.value == name]
    holders: dict[int, cst.FunctionDef] = {}
    for member in members.values():
        for node in descendants(member):
            holders[id(node)] = member
    if any(id(u) not in holders for u in uses) or spelled_outside(module, name, helper, *members.values()):
        return None
    order = _builders(members, init, start)
    if order is None:
        return None
    built: list[cst.Call] = []
    uncalled: list[tuple[cst.Call, str]] = []
    for builder in order:
        for statement in _straight(cast(cst.IndentedBlock, builder.body).body):
            inside = {id(d) for d in descendants(statement)}
            calls = [u for u in uses if id(u) in inside]
            if len(calls) > 1:
                return None
            built += [c for u in calls if (c := _self_call(builder, u, allow_args=True)) is not None]
    for use in uses:
        holder = holders[id(use)]
        if holder in order:
            continue
        call = _self_call(holder, use, allow_args=True)
        if call is None or holder.name.value.startswith("__") or spelled_outside(module, holder.name.value, holder):
            return None  # a method something calls, at a time not told here
        uncalled.append((call, cast(str, self_name(holder))))
    if len(built) != sum(1 for u in uses if holders[id(u)] in order) or not all(
        _ordered(holders[id(c.func)], c) for c in built
    ):
        return None
    return built, uncalled


def _builders(
    members: dict[str, cst.FunctionDef], init: cst.FunctionDef, start: cst.SimpleStatementLine
) -> list[cst.FunctionDef] | None:
    """The methods the constructor calls, each once, in order, after it set the counter (none of them called
    elsewhere in the class)."""
    owner = self_name(init)
    order: list[cst.FunctionDef] = []
    counted = False
    for statement in _straight(cast(cst.IndentedBlock, init.body).body):
        counted = counted or statement is start
        for node in descendants(statement):
            if isinstance(node, cst.Call) and attribute_of(node.func, owner):
                called = members.get(cast(cst.Attribute, node.func).attr.value)
                if called is not None and (called in order or not counted):
                    return None  # called twice, or before the count was set
                if called is not None:
                    order.append(called)
    named = [
        n.attr.value for m in members.values() if m is not init for n in descendants(m) if isinstance(n, cst.Attribute)
    ]
    if any(named.count(b.name.value) for b in order):
        return None
    return order


def _name(module: cst.Module, counter: _Counter, count: int) -> cst.SimpleString | None:
    """What the counter returned at ``count``: its return value with the count written in, folded."""

    class Count(cst.CSTTransformer):
        def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
            if attribute_of(original_node, counter.owner) and original_node.attr.value == counter.attribute:
                return cst.Integer(str(count))
            return updated_node

    counted = cast(cst.BaseExpression, counter.returned.visit(Count()))
    if any(isinstance(n, cst.Name) and n.value == counter.owner for n in descendants(counted)):
        return None
    folded = inlined_literals.folded(module, counted)
    return folded if isinstance(folded, cst.SimpleString) else None


def _passed(call: cst.Call, param: str, value: cst.BaseExpression) -> cst.Call:
    args = list(call.args)
    if args:
        args[-1] = args[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    return call.with_changes(
        args=[
            *args,
            cst.Arg(
                value,
                keyword=cst.Name(param),
                equal=cst.AssignEqual(
                    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
                ),
            ),
        ]
    )


class _Rewrite(TracedRewrite):
    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, rewrites: dict[int, cst.CSTNode]):
        super().__init__(module, resolve, line_of)
        self.rewrites = rewrites

    def on_leave(self, original_node, updated_node):
        made = self.rewrites.get(id(original_node))
        if made is None:
            return super().on_leave(original_node, updated_node)
        if isinstance(made, cst.Call):  # a site: its arguments as visited, the name added
            added = made.args[-1]
            made = updated_node.with_changes(args=[*_passed(updated_node, "_", cst.Name("_")).args[:-1], added])
        elif isinstance(made, cst.Parameters):
            made = updated_node.with_changes(params=[*updated_node.params, made.params[-1]])
        return self.traced(made, original_node)
