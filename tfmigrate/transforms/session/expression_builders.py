"""A builder method whose result the constructor uses in an expression: ``self.q = self.create_fc_model(self.x,
n_out)`` or ``self.loss = tf.reduce_mean(self.build_head(h * 2, 64))`` with ``def build_head(self, h, width): ...;
return tf.layers.dense(h, width)``, the common shape of a model class.

Python evaluates the arguments in order, binds the parameters and runs the body before anything after the call in
the statement; so where nothing evaluated before the call in the statement has an effect (a module attribute such as
``tf.reduce_mean`` is looked up first, then its first argument is the call), the body may run just before the
statement, its parameters bound first to the argument values (or literal defaults) and its one trailing ``return``
binding a local the statement reads in the call's place. The class proof (classes.py) then reads that code as the
constructor's own (was "calls method `build_head` while building the graph, in an expression ..."), scoped
``get_variable`` layers and all. Each name of the method gets a name of its own there (``h__build_head``), so its
locals are never the caller's. Only for a method named nowhere else in the module (its one call site), called from a
statement of the constructor or of a builder the constructor calls as ``self.build()``; a method called as a whole
statement is left to the stages that read builders called so.

The rewrite turns the parameters' and the result's values into functions of the fed values (``def h(state): ...``),
so the method cannot take its arguments back; it is put back as the rewritten body, taking by their names the
caller's locals the body reads and returning the result local, called where the body stood: ``result__build_head =
self.build_head(n)``, the statement after it reading the result as the rewrite spelled it. Where the rewrite leaves no
such shape (the body reading a caller's local bound again after it, or binding one read after it) the program keeps
the graph tier with that reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants, loaded_names
from tfmigrate.transforms.session.attribute_arguments import fresh_local
from tfmigrate.transforms.session.class_sugar import (
    Rename,
    attribute_of,
    plain_function,
    rewritten_class,
    self_name,
    with_members,
)
from tfmigrate.transforms.session.defaulted_parameters import defaulted
from tfmigrate.transforms.session.functions import bound_names, local_names, own_body
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.node_replace import Replace
from tfmigrate.transforms.session.sentinels import sentinel, sentinel_name
from tfmigrate.transforms.session.uncalled_methods import member_name, put_back, spelled_outside

BEGIN, END = "__tfmigrate_expression_builder__{}", "__tfmigrate_expression_builder_end__{}"


@dataclass
class Inlined:
    method: cst.FunctionDef  # as written
    caller: str  # the constructor or the builder whose statement calls it
    before: str | None  # the member the method followed
    position: int  # the method's place among the class's members
    names: dict[str, str]  # each name of the method -> its name in the caller
    result: str  # the local holding the returned value


def _leads(node: cst.BaseExpression, call: cst.Call, owner: str) -> bool:
    """``call`` is the first thing ``node`` evaluates that can have an effect: ``node`` itself, or, through a
    function looked up by name or module attribute (``tf.reduce_mean``), a left operand or a subscripted value, the
    first thing its first part evaluates."""
    if node is call:
        return True
    if isinstance(node, cst.Call):
        func = node.func
        while isinstance(func, cst.Attribute):
            func = func.value
        if not isinstance(func, cst.Name) or func.value == owner or not node.args or node.args[0].star:
            return False
        return _leads(node.args[0].value, call, owner)
    if isinstance(node, (cst.BinaryOperation, cst.Comparison)):
        return _leads(node.left, call, owner)
    if isinstance(node, cst.Subscript):
        return _leads(node.value, call, owner)
    if isinstance(node, cst.Attribute):
        return _leads(node.value, call, owner)
    if isinstance(node, cst.UnaryOperation):
        return _leads(node.expression, call, owner)
    return False


def _value(statement: cst.BaseStatement) -> cst.BaseExpression | None:
    """The value of ``target = value`` (one target) or of an expression statement, the statement's only part."""
    small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        return small.value
    return small.value if isinstance(small, cst.Expr) else None


def _own_call(value: cst.BaseExpression, owner: str, methods: dict[str, cst.FunctionDef]) -> cst.Call | None:
    """The one ``self.method(...)`` call of a method of the class in ``value`` (None when there are none or
    several)."""
    calls = [
        n
        for n in descendants(value)
        if isinstance(n, cst.Call) and attribute_of(n.func, owner) and cast(cst.Attribute, n.func).attr.value in methods
    ]
    return calls[0] if len(calls) == 1 else None


def _arguments(call: cst.Call, method: cst.FunctionDef) -> tuple[list[str], list[cst.Param]] | None:
    """The parameters the call passes, in its order, and those it leaves to their literal defaults; None for
    parameters of another kind, a starred argument or a parameter neither passed nor defaulted."""
    params = method.params
    if (
        params.star_arg not in (None, cst.MaybeSentinel.DEFAULT)
        or params.star_kwarg is not None
        or params.kwonly_params
        or params.posonly_params
        or not params.params
    ):
        return None
    names = [p.name.value for p in params.params[1:]]
    passed: list[str] = []
    for position, arg in enumerate(call.args):
        if arg.star:
            return None
        if arg.keyword is None:  # positional arguments come first
            if position >= len(names):
                return None
            passed.append(names[position])
        elif arg.keyword.value in names and arg.keyword.value not in passed:
            passed.append(arg.keyword.value)
        else:
            return None
    rest = [p for p in params.params[1:] if p.name.value not in passed]
    kept = defaulted(method.with_changes(params=params.with_changes(params=[params.params[0], *rest])))
    return (passed, kept) if kept is not None else None


def _trailing_return(method: cst.FunctionDef) -> cst.BaseExpression | None:
    """The value of the method's one ``return``, its last statement; None for another shape, a decorator, or a body
    holding ``yield``, ``await``, ``global`` or ``nonlocal`` (run elsewhere, it would not be the same program)."""
    if method.decorators or not plain_function(method.with_changes(params=cst.Parameters())):
        return None
    body = cast(cst.IndentedBlock, method.body).body
    last = body[-1]
    small = last.body[0] if isinstance(last, cst.SimpleStatementLine) and len(last.body) == 1 else None
    returns = [n for n in own_body(method.body) if isinstance(n, cst.Return)]
    if not isinstance(small, cst.Return) or small.value is None or len(returns) != 1:
        return None
    return small.value


class _Rename(Rename):
    """class_sugar's renamer (attribute names and keywords kept), every name and each node above it rebuilt and
    read as its original, so that no node of the method's body stands in the desugared class itself."""

    def __init__(self, names: dict[str, str], made: Origins) -> None:
        super().__init__(names)
        self.made = made

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return updated_node.with_changes(value=self.names.get(updated_node.value, updated_node.value))

    def on_leave(self, original_node, updated_node):
        result = super().on_leave(original_node, updated_node)
        if isinstance(result, cst.CSTNode) and result is not original_node:
            self.made.add(result, original_node)
        return result


def _assign(name: str, value: cst.BaseExpression) -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(name))], value)])


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, list[Inlined]] | None:
    """The class with each such call's method inlined before its statement (of the constructor, or of a builder the
    constructor calls as ``self.build()``) between two sentinels, the statement reading the result local; None where
    there is none."""
    if not isinstance(definition.body, cst.IndentedBlock) or definition not in module.body:
        return None
    members = list(definition.body.body)
    methods = {m.name.value: m for m in members if isinstance(m, cst.FunctionDef) and not m.name.value.startswith("__")}
    init = next((m for m in members if isinstance(m, cst.FunctionDef) and m.name.value == "__init__"), None)
    if init is None or not isinstance(init.body, cst.IndentedBlock) or not init.params.params or init.decorators:
        return None
    owner = init.params.params[0].name.value
    callers = [init, *(methods[b] for b in _builders(init, owner, methods))]
    order = [member_name(m) for m in members]
    spelled = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    made = Origins()
    done: list[Inlined] = []
    rebuilt: dict[int, cst.FunctionDef] = {}
    for caller in callers:
        body = _inlined(module, caller, owner, methods, order, spelled, made, done)
        if body is not None:
            new_caller = caller.with_changes(body=cast(cst.IndentedBlock, caller.body).with_changes(body=body))
            made.keep(new_caller, caller)
            made.keep(new_caller.body, caller.body)
            rebuilt[id(caller)] = new_caller
    if not done:
        return None
    gone = {id(d.method) for d in done}
    kept = [rebuilt.get(id(m), m) for m in members if id(m) not in gone]
    return (*with_members(module, resolve, line_of, definition, kept, made), done)


def _builders(init: cst.FunctionDef, owner: str, methods: dict[str, cst.FunctionDef]) -> list[str]:
    """The methods the constructor calls as ``self.build()`` statements of its own body, each once."""
    found: list[str] = []
    for statement in cast(cst.IndentedBlock, init.body).body:
        value = _value(statement)
        if (
            isinstance(value, cst.Call)
            and not value.args
            and attribute_of(value.func, owner)
            and (name := cast(cst.Attribute, value.func).attr.value) in methods
            and isinstance(methods[name].body, cst.IndentedBlock)
            and self_name(methods[name]) == owner
            and name not in found
        ):
            found.append(name)
    return found


def _inlined(
    module: cst.Module,
    caller: cst.FunctionDef,
    owner: str,
    methods: dict[str, cst.FunctionDef],
    order: list[str | None],
    spelled: set[str],
    made: Origins,
    done: list[Inlined],
) -> list[cst.BaseStatement] | None:
    """The caller's statements with each call of this shape inlined before its own (each noted in ``done``); None
    where there is none."""
    body: list[cst.BaseStatement] = []
    count = len(done)
    for statement in cast(cst.IndentedBlock, caller.body).body:
        value = _value(statement)
        call = _own_call(value, owner, methods) if value is not None else None
        name = cast(cst.Attribute, call.func).attr.value if call is not None else ""
        method = methods.get(name)
        if (
            call is None
            or value is None
            or method is None
            or method is caller
            or _is_bare(statement, call)
            or any(d.method is method or d.caller == name for d in done)
        ):
            body.append(statement)
            continue
        arguments = _arguments(call, method)
        returned = _trailing_return(method)
        constructor = set(local_names(caller)) - {owner}  # a global the method reads, shadowed there
        own = set(local_names(method)) - {owner}
        if (
            arguments is None
            or returned is None
            or not _leads(value, call, owner)
            or self_name(method) != owner
            or spelled_outside(module, name, method, call.func)
            or {n.value for n in loaded_names(method.body)} - own & constructor
            or any(isinstance(n, (cst.Import, cst.ImportFrom)) for n in descendants(method.body))
        ):
            body.append(statement)
            continue
        passed, defaults = arguments
        names = {local: fresh_local(spelled, local, name) for local in sorted(own)}
        renamed = cast(cst.IndentedBlock, method.body.visit(_Rename(names, made)))
        result = fresh_local(spelled, "result", name)
        values = {p: a.value for p, a in zip(passed, call.args, strict=True)}
        first = [_assign(names[p], values[p]) for p in passed]
        first += [_assign(names[p.name.value], cast(cst.BaseExpression, p.default)) for p in defaults]
        for line, param in zip(first, [*passed, *(p.name.value for p in defaults)], strict=True):
            for node in (line, *descendants(line)):
                made.keep(node, call, first=True)
            made.keep(cast(cst.Assign, line.body[0]).targets[0].target, _param(method, param))
        last = cast(cst.SimpleStatementLine, renamed.body[-1])
        written = cast(cst.SimpleStatementLine, cast(cst.IndentedBlock, method.body).body[-1])
        ending = last.with_changes(
            body=[
                cst.Assign(
                    [cst.AssignTarget(cst.Name(result))], cast(cst.BaseExpression, cast(cst.Return, last.body[0]).value)
                )
            ]
        )
        made.keep(ending, written)
        made.keep(ending.body[0], written)
        read = cst.Name(result)
        made.keep(read, call)
        new_statement = cast(cst.BaseStatement, statement.visit(Replace({call: read}, made, made=True)))
        begin, end = sentinel(BEGIN.format(name)), sentinel(END.format(name))
        for node in (begin, end, *descendants(begin), *descendants(end)):
            made.keep(node, statement)
        body += [begin, *first, *renamed.body[:-1], ending, end, new_statement]
        position = order.index(name)
        before = order[position - 1] if position else None
        done.append(Inlined(method, caller.name.value, before, position, names, result))
    return body if len(done) > count else None


def _is_bare(statement: cst.BaseStatement, call: cst.Call) -> bool:
    """``self.build(a, b)`` as the whole statement: a builder called as one (classes.py, attribute_arguments.py)."""
    small = cast(cst.SimpleStatementLine, statement).body[0]
    return isinstance(small, cst.Expr) and small.value is call


def _param(method: cst.FunctionDef, name: str) -> cst.CSTNode:
    return next(p.name for p in method.params.params if p.name.value == name)


def resugar(module: cst.Module, name: str, state: list[Inlined], line: int) -> cst.Module:
    """Each inlined body back in its method (``_put_back``), then the methods back in the class in their order."""
    methods_named = ", ".join(f"`{inlined.method.name.value}`" for inlined in state)
    refused = Blocked(
        f"class `{name}`: method {methods_named}, inlined where the constructor reads its result, could not be put back",
        line,
    )
    methods = []
    for inlined in reversed(state):
        module, method = _put_back(module, name, inlined, refused)
        methods.append((inlined.position, inlined.before, method))
    return put_back(module, name, [(before, m) for _, before, m in sorted(methods, key=lambda m: m[0])], refused)


def _put_back(module: cst.Module, name: str, inlined: Inlined, refused: Blocked) -> tuple[cst.Module, cst.FunctionDef]:
    """The rewritten statements between the sentinels as the method's body, returning the result local, and
    ``result = self.method(...)`` in their place. The rewrite may have made the parameters' and the result's values
    functions of the fed values (``def x__build_head(state): ...``), so the method takes, by their names, the
    constructor's locals the statements read (bound before them, none bound again after), and each name of the
    method is spelled as written again where no other name of the body is spelled so."""
    method = inlined.method.name.value
    definition = rewritten_class(module, name, refused)
    members: list[cst.BaseStatement] = list(cast(cst.IndentedBlock, definition.body).body)
    callers = [m for m in members if isinstance(m, cst.FunctionDef) and m.name.value == inlined.caller]
    if len(callers) != 1 or not isinstance(callers[0].body, cst.IndentedBlock) or not callers[0].params.params:
        raise refused
    caller = callers[0]
    owner = caller.params.params[0].name.value
    statements = list(caller.body.body)
    marks = [sentinel_name(s) for s in statements]
    if marks.count(BEGIN.format(method)) != 1 or marks.count(END.format(method)) != 1:
        raise refused
    start, end = marks.index(BEGIN.format(method)), marks.index(END.format(method))
    inner, before, after = statements[start + 1 : end], statements[:start], statements[end + 1 :]
    bound = bound_names(inner)
    later = {n.value for s in after for n in loaded_names(s)}
    if start > end or inlined.result not in bound or bound & later - {inlined.result}:
        raise refused
    if any(isinstance(n, (cst.Global, cst.Nonlocal)) for s in inner for n in descendants(s)):
        raise refused
    constructor = bound_names(before) | {p.name.value for p in caller.params.params}
    params: list[str] = []
    for node in (n for s in inner for n in loaded_names(s)):
        if node.value in constructor and node.value not in bound and node.value not in params and node.value != owner:
            params.append(node.value)
    if set(params) & bound_names(after):
        raise refused  # a closure of the body would read the later value
    spelled = {n.value for s in inner for n in descendants(s) if isinstance(n, cst.Name)}
    back = {
        fresh: written
        for written, fresh in inlined.names.items()
        if written not in spelled and fresh in spelled and written not in params
    }
    body = [*inner, cst.SimpleStatementLine([cst.Return(cst.Name(inlined.result))])]
    restored = [cast(cst.BaseStatement, s.visit(_Rename(back, Origins()))) for s in body]
    restored[0] = restored[0].with_changes(leading_lines=[])
    rebuilt = inlined.method.with_changes(
        params=inlined.method.params.with_changes(
            params=[
                inlined.method.params.params[0].with_changes(comma=cst.MaybeSentinel.DEFAULT),
                *(cst.Param(cst.Name(p)) for p in params),
            ]
        ),
        body=cast(cst.IndentedBlock, inlined.method.body).with_changes(body=restored),
    )
    call = cst.Call(cst.Attribute(cst.Name(owner), cst.Name(method)), args=[cst.Arg(cst.Name(p)) for p in params])
    bind = cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(inlined.result))], call)])
    new_caller = caller.with_changes(body=caller.body.with_changes(body=[*before, bind, *after]))
    members = [new_caller if m is caller else m for m in members]
    made = definition.with_changes(body=definition.body.with_changes(body=members))
    return module.with_changes(body=[made if s is definition else s for s in module.body]), rebuilt
