"""A constructor binding a builder method's result: ``self.logits = self.inference()``, ``self.loss_val =
self.loss()``, ``self.train_op = self.train()`` with ``def inference(self): ...; return tf.matmul(self.x, self.w)``,
the shape of most model classes (TextCNN, the GAN collection's models).

The method is called by that one statement and named nowhere else, so TF1 bound ``self.logits`` right after the
method's last line computed it: ``self.inference()`` as a statement, the method ending ``self.logits = <its return
value>``, is the same program, and the class proof (classes.py) follows builders called as statements. The rewrite
is then put back as written: the call binds the attribute again and the method returns it (``self.logits =
self.inference()``, ``return self.logits``), both the value the rewrite bound. The statement and the method's last
line keep their lines, so the proof's lines are the program's.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants
from tfmigrate.transforms.session.class_sugar import attribute_of, rewritten_class, self_name, unguarded_lookups
from tfmigrate.transforms.session.defaulted_parameters import bound_first, defaulted, put_back
from tfmigrate.transforms.session.functions import own_body
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.renames import lone_assignment

# builder method -> the attribute its result is bound to (the attributes, in order, for ``self.mean, self.log_var =
# self.encode()``), and its defaulted parameters (``l2_lambda=0.0001``)
Bound = dict[str, tuple[str | tuple[str, ...], list[cst.Param]]]


def _self_call(value: cst.CSTNode | None, owner: str | None) -> cst.Call | None:
    """``self.method()`` without arguments."""
    if (
        isinstance(value, cst.Call)
        and not value.args
        and isinstance(value.func, cst.Attribute)
        and isinstance(value.func.value, cst.Name)
        and value.func.value.value == owner
    ):
        return value
    return None


def _returned(method: cst.FunctionDef) -> cst.BaseExpression | None:
    """The value a method without parameters (or only defaulted ones) returns by its last statement, and by no
    other."""
    params = method.params
    if (
        not params.params
        or defaulted(method) is None
        or params.kwonly_params
        or params.posonly_params
        or params.star_arg not in (None, cst.MaybeSentinel.DEFAULT)
        or params.star_kwarg is not None
        or method.decorators
        or method.asynchronous is not None
        or not isinstance(method.body, cst.IndentedBlock)
    ):
        return None
    last = method.body.body[-1]
    if not (isinstance(last, cst.SimpleStatementLine) and len(last.body) == 1 and isinstance(last.body[0], cst.Return)):
        return None
    returns = [n for n in own_body(method.body) if isinstance(n, (cst.Return, cst.Yield, cst.Await))]
    return last.body[0].value if len(returns) == 1 else None


def _folded(statements: list[cst.BaseStatement], value: cst.BaseExpression) -> cst.BaseExpression | None:
    """The value of ``name = <value>`` as the statement before ``return name``, the name read nowhere else in the
    method: what the method returns, so the attribute is bound to it directly (a train op returned through a local
    is a train op, not a tensor read by name)."""
    if not statements or not isinstance(value, cst.Name):
        return None
    assigned = lone_assignment(statements[-1])
    if (
        assigned is None
        or not isinstance(target := assigned.targets[0].target, cst.Name)
        or target.value != value.value
    ):
        return None
    if any(
        isinstance(n, cst.Name) and n.value == value.value
        for s in statements
        for n in descendants(s)
        if n is not target
    ):
        return None
    return assigned.value


def _attributes(target: cst.BaseAssignTargetExpression | None, owner: str | None) -> tuple[str, ...] | None:
    """``self.logits``, or ``self.mean, self.log_var`` (each attribute once): the attributes bound; else None."""
    if isinstance(target, cst.Attribute) and attribute_of(target, owner):
        return (target.attr.value,)
    if not isinstance(target, (cst.Tuple, cst.List)) or len(target.elements) < 2:
        return None
    found = []
    for element in target.elements:
        if isinstance(element, cst.StarredElement) or not attribute_of(element.value, owner):
            return None
        found.append(cast(cst.Attribute, element.value).attr.value)
    return tuple(found) if len(set(found)) == len(found) else None


def _split(value: cst.BaseExpression, attrs: tuple[str, ...], owner: str) -> list[cst.BaseExpression] | None:
    """``return mean, log_var`` bound to ``self.mean, self.log_var``: one value per attribute, none reading a bound
    attribute (bound one by one, each value is then the one the tuple held)."""
    if not isinstance(value, cst.Tuple) or len(value.elements) != len(attrs):
        return None
    values = []
    for element in value.elements:
        if isinstance(element, cst.StarredElement):
            return None
        if any(attribute_of(n, owner) and cast(cst.Attribute, n).attr.value in attrs for n in descendants(element)):
            return None
        values.append(element.value)
    return values


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, Bound] | None:
    """The module with each ``self.attr = self.method()`` statement of the constructor read as ``self.method()``
    and the method ending ``self.attr = <value>``; None when there is none."""
    if not isinstance(definition.body, cst.IndentedBlock) or definition not in module.body:
        return None
    methods = {s.name.value: s for s in definition.body.body if isinstance(s, cst.FunctionDef)}
    init = methods.get("__init__")
    owner = self_name(init) if init is not None else None
    if init is None or owner is None or not isinstance(init.body, cst.IndentedBlock):
        return None
    named: dict[str, int] = {}
    known, _ = unguarded_lookups(resolve, line_of, None)
    for node in descendants(module):  # ``self.train`` and ``model.train``, not TensorFlow's ``tf.train``
        if isinstance(node, cst.Attribute) and known(node) is None:
            named[node.attr.value] = named.get(node.attr.value, 0) + 1
    made = Origins()
    bound: Bound = {}
    replaced: dict[str, cst.FunctionDef] = {}
    callers = [init]  # the constructor, and the builders it calls as statements (a decided branch's builder)
    for caller in callers:
        owner_name = self_name(caller)
        statements = list(cast(cst.IndentedBlock, caller.body).body)
        changed = False
        for index, statement in enumerate(statements):
            if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
                called_alone = statement.body[0]
                alone = _self_call(called_alone.value if isinstance(called_alone, cst.Expr) else None, owner_name)
                inner_builder = methods.get(cast(cst.Attribute, alone.func).attr.value) if alone else None
                if inner_builder is not None and inner_builder is not caller and inner_builder not in callers:
                    if isinstance(inner_builder.body, cst.IndentedBlock) and caller is init:
                        callers.append(inner_builder)
            small = lone_assignment(statement)
            target = small.targets[0].target if small is not None else None
            call = _self_call(small.value, owner_name) if small is not None else None
            attrs = _attributes(target, owner_name)
            if call is None or attrs is None:
                continue
            call_func = cast(cst.Attribute, call.func)
            method = call_func.attr.value
            attr: str | tuple[str, ...] = attrs[0] if isinstance(target, cst.Attribute) else attrs
            builder = methods.get(method)
            if (
                builder is None
                or method == "__init__"
                or method in bound
                or set(attrs) & set(methods)
                or named.get(method) != 1
            ):
                continue
            value, inner = _returned(builder), self_name(builder)
            if value is None or inner is None or builder in callers:
                continue
            body = cast(cst.IndentedBlock, builder.body)
            last = cast(cst.SimpleStatementLine, body.body[-1])
            kept = list(body.body[:-1])
            folded = _folded(kept, value) if isinstance(attr, str) else None
            if folded is not None:  # ``train_op = optimizer.minimize(loss); return train_op``: the op bound once
                last, value = cast(cst.SimpleStatementLine, kept.pop()), folded
            values = _split(value, attrs, inner) if isinstance(attr, tuple) else [value]
            if values is None:
                continue
            assigns = [
                cst.Assign(targets=[cst.AssignTarget(cst.Attribute(value=cst.Name(inner), attr=cst.Name(a)))], value=v)
                for a, v in zip(attrs, values, strict=True)
            ]
            endings = [last.with_changes(body=[a]) for a in assigns]
            defaults = cast(list[cst.Param], defaulted(builder))
            first = bound_first(defaults, made)  # ``def loss(self, l2_lambda=0.0001)``: ``l2_lambda = 0.0001``
            params = builder.params.with_changes(params=[builder.params.params[0]])
            replaced[method] = builder.with_changes(
                params=params, body=body.with_changes(body=[*first, *kept, *endings])
            )
            called = cast(cst.SimpleStatementLine, statement).with_changes(body=[cst.Expr(call)])
            statements[index] = called
            changed = True
            for new, old in ((called, statement), (replaced[method], builder), *((e, last) for e in endings)):
                made.keep(new, old)
            for assign in assigns:
                made.keep(assign, last)
                for node in descendants(assign.targets[0]):
                    made.keep(node, last)
            bound[method] = (attr, defaults)
        if changed:
            body_ = cast(cst.IndentedBlock, caller.body)
            new_caller = caller.with_changes(body=body_.with_changes(body=statements))
            replaced[caller.name.value] = new_caller
            made.keep(new_caller, caller)
    if not bound:
        return None
    members = [replaced.get(s.name.value, s) if isinstance(s, cst.FunctionDef) else s for s in definition.body.body]
    new_class = definition.with_changes(body=definition.body.with_changes(body=members))
    made.keep(new_class, definition)
    resolve_made, line_of_made = unguarded_lookups(  # a made node means what its original meant, on its line
        lambda node: resolve(made.of(node)), lambda node: line_of(made.of(node)), definition
    )
    rebuilt = [new_class if s is definition else s for s in module.body]
    return module.with_changes(body=rebuilt), resolve_made, line_of_made, new_class, bound


def resugar(module: cst.Module, name: str, bound: Bound, line: int) -> cst.Module:
    """The rewritten class with each builder's call binding its attribute again and the builder returning it."""
    refused = Blocked(f"class `{name}`: a builder method whose result the constructor binds", line)
    definition = rewritten_class(module, name, refused)
    members = list(cast(cst.IndentedBlock, definition.body).body)
    calls = 0
    for position, member in enumerate(members):
        if not isinstance(member, cst.FunctionDef) or not isinstance(member.body, cst.IndentedBlock):
            continue
        owner = self_name(member)
        body = list(member.body.body)
        if member.name.value in bound:
            attr, defaults = bound[member.name.value]
            spelled = ", ".join(f"{owner}.{a}" for a in ((attr,) if isinstance(attr, str) else attr))
            body.append(cst.parse_statement(f"return {spelled}"))
            unplaced = Blocked(f"class `{name}`: a builder method's defaulted parameters could not be put back", line)
            member, body = put_back(member, body, defaults, unplaced)
        for index, statement in enumerate(body):
            small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) else None
            call = _self_call(small.value if isinstance(small, cst.Expr) else None, owner)
            if call is not None and len(cast(cst.SimpleStatementLine, statement).body) == 1:
                method = cast(cst.Attribute, call.func).attr.value
                if method not in bound:
                    continue
                attr = bound[method][0]
                spelled = ", ".join(f"{owner}.{a}" for a in ((attr,) if isinstance(attr, str) else attr))
                target = cst.parse_expression(spelled)
                assign = cst.Assign(
                    targets=[cst.AssignTarget(cast(cst.BaseAssignTargetExpression, target))], value=call
                )
                body[index] = cast(cst.SimpleStatementLine, statement).with_changes(body=[assign])
                calls += 1
        members[position] = member.with_changes(body=member.body.with_changes(body=body))
    if calls != len(bound):
        raise Blocked(f"class `{name}`: a builder method whose result the constructor binds", line)
    rebuilt = definition.with_changes(body=definition.body.with_changes(body=members))
    return module.with_changes(body=[rebuilt if s is definition else s for s in module.body])
