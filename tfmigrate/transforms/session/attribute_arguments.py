"""A builder method the constructor calls once passing attributes of the instance: ``self.input_size = input_size``,
``self.layers = layers`` ... ``self.create_fc_model(self.input_size, self.layers)`` into ``def
create_fc_model(self, input_size, layers)`` (a deep-Q estimator).

Python evaluates the arguments and binds the parameters with no code between, so the call runs the body exactly as
``self.create_fc_model()`` into a body opening ``input_size = self.input_size``, ``layers = self.layers``: the
class proof (classes.py) follows such a builder, reading its locals bound to host attributes. Each attribute is host
data bound once by the constructor before the call (host_attributes.py: a literal, a parameter every construction
gives host data, stored nowhere else, not changed in place); the method is named nowhere but by that one call. The
rewrite is put back as written: the parameters (as the rewrite spells them) for the first bindings, the arguments in
the call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants
from tfmigrate.transforms.session.builder_arguments import rebinds
from tfmigrate.transforms.session.class_sugar import Rename, attribute_of, rewritten_class, with_members
from tfmigrate.transforms.session.defaulted_parameters import defaulted
from tfmigrate.transforms.session.host_attributes import HostAttributes
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.node_replace import Replace
from tfmigrate.transforms.session.uncalled_methods import spelled_outside


@dataclass
class Passed:
    method: str
    call: cst.Call  # ``self.create_fc_model(self.input_size, self.layers)`` as written
    params: list[cst.Param]  # as written, after ``self``
    fresh: list[str]  # the locals the desugared method binds them to


def _attribute_call(statement: cst.CSTNode, owner: str) -> cst.Call | None:
    """``self.method(self.a, self.b)`` (or ``self.method()``) as the whole statement, each argument positional."""
    small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
    call = small.value if isinstance(small, cst.Expr) else None
    if not (isinstance(call, cst.Call) and attribute_of(call.func, owner)):
        return None
    if any(a.keyword is not None or a.star or not attribute_of(a.value, owner) for a in call.args):
        return None
    return call


def _takes(method: cst.FunctionDef, count: int) -> list[cst.Param] | None:
    """The method's parameters after ``self`` when it takes ``count`` positional ones and literal defaults for the
    rest (at least one parameter in all), binds none of them again and is undecorated; else None."""
    params = method.params
    if (
        method.decorators
        or method.asynchronous is not None
        or params.star_arg not in (None, cst.MaybeSentinel.DEFAULT)
        or params.star_kwarg is not None
        or params.kwonly_params
        or params.posonly_params
        or len(params.params) < max(count, 1) + 1
    ):
        return None
    rest = params.with_changes(params=[params.params[0], *params.params[count + 1 :]])
    if defaulted(method.with_changes(params=rest)) is None:
        return None  # ``def build_model(self, fc_layers=4)`` called ``self.build_model()``: 4 bound first
    extra = list(params.params[1:])
    return None if rebinds(method, {p.name.value for p in extra}) else extra


def fresh_local(spelled: set[str], name: str, method: str) -> str:
    """``input_size__create_fc_model``: a local name the module spells nowhere (``spelled``, which takes it), so the
    builder's local is not the constructor's parameter of the same spelling in the class proof's one module program
    (expression_builders.py names an inlined method's locals so too)."""
    fresh = f"{name}__{method}"
    while fresh in spelled:
        fresh += "_"
    spelled.add(fresh)
    return fresh


def _renamed(method: cst.FunctionDef, names: dict[str, str]) -> cst.FunctionDef | None:
    """The method with each local ``fresh`` spelled ``param`` again (``names``: fresh -> param), when the method
    spells no ``param`` already; else None."""
    spelled = {n.value for n in descendants(method) if isinstance(n, cst.Name)}
    if spelled & set(names.values()):
        return None
    return cast(cst.FunctionDef, method.visit(Rename(names)))  # attribute names and keywords kept


def _reads_renamed(method: cst.FunctionDef, names: dict[str, str], made: Origins) -> cst.IndentedBlock | None:
    """The method's body reading each parameter by its fresh name (``names``: param -> fresh), each rebuilt node read
    as its original; None when a nested ``def``, ``lambda`` or import could bind one of them there."""
    nodes = list(descendants(method.body))
    if any(
        isinstance(n, (cst.Import, cst.ImportFrom)) or isinstance(n, cst.Param) and n.name.value in names for n in nodes
    ):
        return None
    kept = {id(n.attr) for n in nodes if isinstance(n, cst.Attribute)}  # ``self.layers`` is no read of ``layers``
    kept |= {id(n.keyword) for n in nodes if isinstance(n, cst.Arg) and n.keyword is not None}
    replacements = {
        n: cst.Name(names[n.value]) for n in nodes if isinstance(n, cst.Name) and n.value in names and id(n) not in kept
    }
    return cast(cst.IndentedBlock, method.body.visit(Replace(replacements, made, made=True)))


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, list[Passed]] | None:
    """The class with the call ``self.method()`` and the method binding its parameters first; None when the
    constructor makes no such call."""
    if not isinstance(definition.body, cst.IndentedBlock) or definition not in module.body:
        return None
    members = list(definition.body.body)
    methods = {m.name.value: m for m in members if isinstance(m, cst.FunctionDef)}
    init = methods.get("__init__")
    if init is None or not isinstance(init.body, cst.IndentedBlock) or not init.params.params or init.decorators:
        return None
    owner = init.params.params[0].name.value
    statements = list(init.body.body)
    hosts: HostAttributes | None = None
    spelled: set[str] | None = None  # the module's names, and the fresh ones given
    made = Origins()
    replaced: dict[int, cst.BaseStatement] = {}
    rebuilt: dict[str, cst.FunctionDef] = {}
    done: list[Passed] = []
    for index, statement in enumerate(statements):
        call = _attribute_call(statement, owner)
        name = cast(cst.Attribute, call.func).attr.value if call is not None else None
        method = methods.get(name) if name is not None and not name.startswith("__") else None
        params = _takes(method, len(call.args)) if method is not None and call is not None else None
        if method is None or call is None or params is None or name is None or name in rebuilt:
            continue
        if method.params.params[0].name.value != owner or spelled_outside(module, name, method, statement):
            continue
        hosts = hosts or HostAttributes(module, resolve, line_of, definition.name.value, init)
        attrs = [cast(cst.Attribute, a.value).attr.value for a in call.args]
        bound = [hosts.binding(attr) for attr in attrs]
        if any(b is None or b >= index for b in bound):
            continue
        if spelled is None:
            spelled = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
        fresh = [fresh_local(spelled, p.name.value, name) for p in params]
        renamed = _reads_renamed(method, dict(zip([p.name.value for p in params], fresh, strict=True)), made)
        if renamed is None:
            continue
        bare = call.with_changes(args=[])
        line = cast(cst.SimpleStatementLine, statement)  # ``_attribute_call`` read it so
        new_statement = line.with_changes(body=[cast(cst.Expr, line.body[0]).with_changes(value=bare)])
        for node in (new_statement, *descendants(new_statement)):
            made.keep(node, statement)
        first = []
        values = [a.value for a in call.args] + [cast(cst.BaseExpression, p.default) for p in params[len(call.args) :]]
        for param, value, local in zip(params, values, fresh, strict=True):
            target = cst.Name(local)
            line = cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(target)], value)])
            made.keep(target, param.name)  # the parameter, as written; the value is the argument or the default
            for node in (line, line.body[0], cast(cst.Assign, line.body[0]).targets[0]):
                made.keep(node, statement)
            first.append(line)
        new_method = method.with_changes(
            params=method.params.with_changes(params=[method.params.params[0]]),
            body=renamed.with_changes(body=[*first, *renamed.body]),
        )
        made.keep(new_method, method)
        made.keep(new_method.body, method.body)
        replaced[index], rebuilt[name] = new_statement, new_method
        done.append(Passed(name, call, params, fresh))
    if not done:
        return None
    new_init = init.with_changes(
        body=init.body.with_changes(body=[replaced.get(i, s) for i, s in enumerate(statements)])
    )
    made.keep(new_init, init)
    made.keep(new_init.body, init.body)
    kept = [
        new_init if m is init else rebuilt.get(m.name.value, m) if isinstance(m, cst.FunctionDef) else m
        for m in members
    ]
    return (*with_members(module, resolve, line_of, definition, kept, made), done)


def resugar(module: cst.Module, name: str, state: list[Passed], line: int) -> cst.Module:
    """Each method of ``state`` put back (``_put_back``)."""
    for passed in state:
        module = _put_back(module, name, passed, line)
    return module


def _put_back(module: cst.Module, name: str, passed: Passed, line: int) -> cst.Module:
    """The rewritten method with its parameters back (spelled as the rewrite's first bindings spell them) and the
    constructor's call passing the attributes again."""
    refused = Blocked(f"class `{name}`: method `{passed.method}`, passed attributes of the instance", line)
    definition = rewritten_class(module, name, refused)
    members = list(cast(cst.IndentedBlock, definition.body).body)
    methods = [m for m in members if isinstance(m, cst.FunctionDef) and m.name.value == passed.method]
    inits = [m for m in members if isinstance(m, cst.FunctionDef) and m.name.value == "__init__"]
    if len(methods) != 1 or len(inits) != 1 or not isinstance(methods[0].body, cst.IndentedBlock):
        raise refused
    method, init = methods[0], inits[0]
    body = list(method.body.body)
    names = []
    code = cst.Module([]).code_for_node
    written = [code(a.value) for a in passed.call.args]
    written += [code(cast(cst.BaseExpression, p.default)) for p in passed.params[len(passed.call.args) :]]
    for statement, expected in zip(body, written, strict=False):
        small = (
            statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
        )
        value = small.value if isinstance(small, cst.Assign) and len(small.targets) == 1 else None
        target = cast(cst.Assign, small).targets[0].target if value is not None else None
        if not (isinstance(target, cst.Name) and value is not None and code(value) == expected):
            raise refused  # ``input_size = self.input_size``, ``fc_layers = 4``: as bound first
        names.append(target.value)
    if len(names) != len(passed.params):
        raise refused
    rest = body[len(names) :]
    if rest:
        rest[0] = rest[0].with_changes(leading_lines=[])
    back = method.with_changes(body=method.body.with_changes(body=rest or [cst.SimpleStatementLine([cst.Pass()])]))
    if names == passed.fresh:  # ``input_size__create_fc_model`` spelled ``input_size`` again, as written
        renamed = _renamed(back, {f: p.name.value for f, p in zip(passed.fresh, passed.params, strict=True)})
        if renamed is not None:
            back, names = renamed, [p.name.value for p in passed.params]
    params = [p.with_changes(name=cst.Name(n)) for p, n in zip(passed.params, names, strict=True)]
    back = back.with_changes(
        params=method.params.with_changes(params=[method.params.params[0], *params]),
    )
    calls = [
        n
        for n in descendants(init)
        if isinstance(n, cst.Call)
        and not n.args
        and attribute_of(n.func, init.params.params[0].name.value)
        and cast(cst.Attribute, n.func).attr.value == passed.method
    ]
    if len(calls) != 1:
        raise refused
    target_call = calls[0]

    class Put(cst.CSTTransformer):
        def on_leave(self, original_node, updated_node):
            if original_node is target_call:
                return updated_node.with_changes(args=passed.call.args)
            return updated_node

    new_init = cast(cst.FunctionDef, init.visit(Put()))
    members = [back if m is method else new_init if m is init else m for m in members]
    made = definition.with_changes(body=definition.body.with_changes(body=members))
    return module.with_changes(body=[made if s is definition else s for s in module.body])
