"""A graph class bound to a second name at module level: ``LR = LinearRegression`` then ``regr = LR(2)`` (finch's
linear regression, whose test imported the class ``as LR``, inlined).

An assignment of a name to a name binds the same object: a module-level ``LR = LinearRegression`` that is the only
binding of ``LR`` anywhere (no function, class or comprehension binds it, nothing declares it global), with the class
itself bound once, makes every ``LR(...)`` a call of that class. The class proof (classes.py) reads the program
with each such call spelled ``LinearRegression(...)`` and without the alias; the rewrite is put back with the alias
right after the class (nothing between them could read ``LR``: the program bound it only later) and each construction
spelled as written. An alias read other than as the callee of a call keeps the class proof's refusal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import Bindings, Blocked, LineOf, Resolve, descendants
from tfmigrate.transforms.session.class_sugar import rewritten_class
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.renames import lone_assignment
from tfmigrate.transforms.session.scope_constants import declared_or_stored_inside
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite


@dataclass
class Aliases:
    """The alias statements taken out (in order) and the targets of the constructions that called an alias."""

    statements: list[cst.SimpleStatementLine] = field(default_factory=list)
    constructed: dict[str, str] = field(default_factory=dict)  # target of ``x = LR(...)`` -> the alias called
    renamed: str = ""  # the class's own name, where it was read under the alias's (_renamed)


def _alias_of(statement: cst.CSTNode, name: str) -> str | None:
    assigned = lone_assignment(statement)
    if assigned is None or not isinstance(target := assigned.targets[0].target, cst.Name):
        return None
    value = assigned.value
    return target.value if isinstance(value, cst.Name) and value.value == name else None


def desugar(module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef):
    """The module with each alias of the class taken out and its calls calling the class (or, where the module
    binds the class's name again later, the class under the alias's name); None when there is none, or an alias is
    bound again or read other than as a callee."""
    name = definition.name.value
    if definition not in module.body:
        return None
    found = {alias: cast(cst.SimpleStatementLine, s) for s in module.body if (alias := _alias_of(s, name)) is not None}
    if not found:
        return None
    sites = Bindings(module).sites
    excluded = declared_or_stored_inside(module)
    if any(len(sites.get(a, [])) != 1 or a in excluded for a in found):
        return None
    statements = {id(s) for s in found.values()}
    callees = {
        id(node.func)
        for node in descendants(module)
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in found
    }
    targets = {id(cast(cst.Assign, lone_assignment(s)).targets[0].target) for s in found.values()}
    for node in descendants(module):
        if isinstance(node, cst.Name) and node.value in found and id(node) not in callees | targets:
            return None  # ``isinstance(m, LR)``, ``make(LR)``: the alias as a value, not modelled
    if len(sites.get(name, [])) != 1:
        return _renamed(module, resolve, line_of, definition, found)
    state = Aliases(statements=list(found.values()))
    for statement in _constructions(module):
        assigned = cast(cst.Assign, lone_assignment(statement))
        call = cast(cst.Call, assigned.value)
        if isinstance(call.func, cst.Name) and call.func.value in found:
            state.constructed[cast(cst.Name, assigned.targets[0].target).value] = call.func.value
    kept = module.with_changes(body=[s for s in module.body if id(s) not in statements])
    rewrite = _Callee(kept, resolve, line_of, callees, name)
    rewritten = kept.visit(rewrite)
    new_resolve, new_line_of = rewrite.remapped()
    new_definition = next(s for s in rewritten.body if isinstance(s, cst.ClassDef) and s.name.value == name)
    return rewritten, new_resolve, new_line_of, new_definition, state


def _renamed(
    module: cst.Module,
    resolve: Resolve,
    line_of: LineOf,
    definition: cst.ClassDef,
    found: dict[str, cst.SimpleStatementLine],
):
    """``LR = LinearRegression`` and then another ``class LinearRegression`` (a host stand-in): the alias holds the
    graph class, so the class is read under the alias's name. Only where there is one alias, the class's name is
    bound nowhere between the class and the alias, and read nowhere but at module level after its next binding
    (where it means that one)."""
    if len(found) != 1:
        return None
    [(alias, statement)] = found.items()
    name = definition.name.value
    body = list(module.body)
    start, at = body.index(definition), body.index(statement)
    later = [i for i, s in enumerate(body) if i != start and _binds(s, name)]
    if start > at or not later or min(later) < at:
        return None
    after = {
        id(n) for s in body[min(later) :] if not isinstance(s, (cst.FunctionDef, cst.ClassDef)) for n in descendants(s)
    }
    own = {id(definition.name), id(cast(cst.Assign, lone_assignment(statement)).value)}
    if any(
        isinstance(n, cst.Name) and n.value == name and id(n) not in after | own and not _bound_name(body, n)
        for n in descendants(module)
    ):
        return None
    made = Origins()
    new_definition = definition.with_changes(name=cst.Name(alias))
    made.keep(new_definition, definition)
    made.keep(new_definition.name, definition.name)
    rebuilt = [new_definition if s is definition else s for s in body if s is not statement]
    new_resolve, new_line_of = made.lookups(resolve, line_of)
    state = Aliases(statements=[statement], renamed=name)
    return module.with_changes(body=rebuilt), new_resolve, new_line_of, new_definition, state


def _binds(statement: cst.CSTNode, name: str) -> bool:
    if isinstance(statement, (cst.ClassDef, cst.FunctionDef)):
        return statement.name.value == name
    assigned = lone_assignment(statement)
    return assigned is not None and isinstance(t := assigned.targets[0].target, cst.Name) and t.value == name


def _bound_name(body: list, node: cst.Name) -> bool:
    """The name node a later ``class``/``def`` statement binds."""
    return any(isinstance(s, (cst.ClassDef, cst.FunctionDef)) and s.name is node for s in body)


def _constructions(module: cst.Module):
    """``x = f(...)`` statements of the module body and of its final ``if __name__ == '__main__':`` block."""
    for statement in module.body:
        body = statement.body.body if isinstance(statement, cst.If) else [statement]
        for inner in body:
            assigned = lone_assignment(inner)
            if assigned is not None and isinstance(assigned.targets[0].target, cst.Name):
                if isinstance(assigned.value, cst.Call):
                    yield inner


class _Callee(TracedRewrite):
    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, callees: set[int], name: str) -> None:
        super().__init__(module, resolve, line_of)
        self.callees, self.name = callees, name

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        if id(original_node) not in self.callees:
            return updated_node
        return self.traced(cst.Name(self.name), original_node)


def resugar(module: cst.Module, name: str, state: Aliases, line: int) -> cst.Module:
    """The rewrite with the aliases back after the class and each construction calling the alias it called."""
    refused = Blocked(f"class `{name}` builds graph ops and is bound to another name", line)
    if state.renamed:
        alias = cast(cst.Name, cast(cst.Assign, lone_assignment(state.statements[0])).targets[0].target).value
        definition = rewritten_class(module, alias, refused)
        body: list[cst.BaseStatement] = []
        for statement in module.body:
            body.append(definition.with_changes(name=cst.Name(state.renamed)) if statement is definition else statement)
            if statement is definition:
                body.extend(state.statements)
        return module.with_changes(body=body)
    definition = rewritten_class(module, name, refused)
    body = []
    for statement in module.body:
        body.append(statement)
        if statement is definition:
            body.extend(state.statements)
    return module.with_changes(body=body).visit(_Respelled(name, state.constructed))


def spelled(name: str, state: Aliases, message: str) -> str:
    """A reason about the class read under the alias's name, spelled with the class's own."""
    if not state.renamed:
        return message
    alias = cast(cst.Name, cast(cst.Assign, lone_assignment(state.statements[0])).targets[0].target).value
    return message.replace(f"class `{alias}`", f"class `{state.renamed}`")


class _Respelled(cst.CSTTransformer):
    """``regr = LinearRegression(2)`` back to ``regr = LR(2)`` where the program called the alias."""

    def __init__(self, name: str, constructed: dict[str, str]) -> None:
        self.name, self.constructed = name, constructed

    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
        target, call = updated_node.targets[0].target, updated_node.value
        if (
            len(updated_node.targets) == 1
            and isinstance(target, cst.Name)
            and target.value in self.constructed
            and isinstance(call, cst.Call)
            and isinstance(call.func, cst.Name)
            and call.func.value == self.name
        ):
            return updated_node.with_changes(value=call.with_changes(func=cst.Name(self.constructed[target.value])))
        return updated_node
