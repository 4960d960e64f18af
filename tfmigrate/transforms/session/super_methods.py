"""A derived class's method extending the base's method of the same name: ``def setup_training(self,
learning_rate=0.002): super().setup_training(learning_rate)`` then its own graph (the char-level language model's
``NextChar`` over its abstract ``RNNLearn``), read by class_hierarchy.py's merge.

``super().setup_training(learning_rate)`` runs the base's method on the same instance with those arguments: the
same as ``self.RNNLearn__setup_training(learning_rate)`` where the merged class holds the base's method under that
name no other class defines and the base's method holds no ``super`` of its own (class_hierarchy.py checks both). So
the merge keeps the base's method as a builder of that name and the call as that method call, which the class proof
reads as any builder call; the rewrite is put back in the base's method as written (its name, decorators and
parameters) and the derived method's call back as the ``super()`` call it stood for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, descendants
from tfmigrate.transforms.session.class_sugar import self_name
from tfmigrate.transforms.session.loops import Origins


@dataclass
class Extended:
    """One derived method's ``super().method(...)`` statement and the builder it is read as."""

    method: str
    builder: str
    statement: cst.SimpleStatementLine
    arguments: str  # the arguments passed, as written


def super_call(statement: cst.CSTNode, base: str, derived: str, owner: str, method: str) -> cst.Call | None:
    """``super(Derived, self).method(...)``, ``super().method(...)`` or ``Base.method(self, ...)`` as the whole
    statement: the call, its arguments read as the base method's after ``self``."""
    if not (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(expr := statement.body[0], cst.Expr)
        and isinstance(call := expr.value, cst.Call)
        and isinstance(func := call.func, cst.Attribute)
        and func.attr.value == method
    ):
        return None
    holder = func.value
    if isinstance(holder, cst.Name) and holder.value == base:
        first = call.args[0] if call.args else None
        if first is None or first.keyword or first.star or not (isinstance(first.value, cst.Name)):
            return None
        return call.with_changes(args=call.args[1:]) if first.value.value == owner else None
    if not (isinstance(holder, cst.Call) and isinstance(holder.func, cst.Name) and holder.func.value == "super"):
        return None
    given = [a.value for a in holder.args]
    if given and not (
        len(given) == 2
        and isinstance(given[0], cst.Name)
        and given[0].value == derived
        and isinstance(given[1], cst.Name)
        and given[1].value == owner
    ):
        return None
    return call


def extended(
    module: cst.Module,
    base: cst.ClassDef,
    derived: cst.ClassDef,
    methods: dict[str, cst.FunctionDef],
    own: list[cst.BaseStatement],
    made: Origins,
) -> tuple[list[Extended], dict[str, cst.FunctionDef], dict[int, cst.FunctionDef]] | None:
    """Each derived method (not the constructor) whose one top-level ``super()`` statement calls the base's method
    of its name: what was read, the base methods as builders (by base method name) and the derived methods calling
    them (by the id of the method as written); None when a builder's name is taken."""
    found: list[Extended] = []
    builders: dict[str, cst.FunctionDef] = {}
    callers: dict[int, cst.FunctionDef] = {}
    taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    for member in own:
        if not isinstance(member, cst.FunctionDef) or member.name.value not in methods:
            continue
        name = member.name.value
        if name == "__init__" or not isinstance(member.body, cst.IndentedBlock):
            continue
        owner = self_name(member) or ""
        calls = [
            (cast(cst.SimpleStatementLine, s), c)
            for s in member.body.body
            if (c := super_call(s, base.name.value, derived.name.value, owner, name)) is not None
        ]
        if len(calls) != 1:
            continue
        statement, call = calls[0]
        builder = f"{base.name.value}__{name}"
        if builder in taken:
            return None
        original = methods[name]
        as_builder = original.with_changes(name=cst.Name(builder), decorators=[])
        made.keep(as_builder, original)
        made.keep(as_builder.name, original.name)
        invoked = statement.with_changes(
            body=[cst.Expr(call.with_changes(func=cst.Attribute(value=cst.Name(owner), attr=cst.Name(builder))))]
        )
        for node in (invoked, *descendants(invoked)):
            made.keep(node, statement)
        body = [invoked if s is statement else s for s in member.body.body]
        caller = member.with_changes(body=member.body.with_changes(body=body))
        made.keep(caller, member)
        made.keep(caller.body, member.body)
        found.append(Extended(name, builder, statement, _arguments(call)))
        builders[name] = as_builder
        callers[id(member)] = caller
    return found, builders, callers


def base_method_back(member: cst.FunctionDef, rewritten: cst.FunctionDef, refused: Blocked) -> cst.FunctionDef:
    """The base's method as written with the rewritten builder's body; refused when the rewrite changed the
    builder's parameters (the ``super()`` call passes what the method as written takes)."""
    code = cst.Module([]).code_for_node
    if code(rewritten.params) != code(member.params):
        raise refused
    return member.with_changes(body=rewritten.body)


def _arguments(call: cst.Call) -> str:
    return ", ".join(cst.Module([]).code_for_node(a.value) for a in call.args)


def placed_calls(body: list[cst.BaseStatement], builder: str, arguments: str) -> list[cst.SimpleStatementLine]:
    """The statements of ``body`` that are ``self.<builder>(<arguments>)`` alone: where a ``super()`` call stood."""
    return [
        s
        for s in body
        if isinstance(s, cst.SimpleStatementLine)
        and len(s.body) == 1
        and isinstance(expr := s.body[0], cst.Expr)
        and isinstance(expr.value, cst.Call)
        and isinstance(func := expr.value.func, cst.Attribute)
        and func.attr.value == builder
        and _arguments(expr.value) == arguments
    ]


def super_calls_back(own: list, calls: list[Extended], refused: Blocked) -> list:
    """Each derived method's ``self.Base__method(...)`` back as the ``super()`` call it stood for, where the rewrite
    left its arguments as written (the base's method, put back with its parameters, takes them)."""
    by_method = {c.method: c for c in calls}
    rebuilt = []
    for member in own:
        call = by_method.get(member.name.value) if isinstance(member, cst.FunctionDef) else None
        if call is None:
            rebuilt.append(member)
            continue
        body = list(cast(cst.IndentedBlock, member.body).body)
        placed = placed_calls(body, call.builder, call.arguments)
        if len(placed) != 1:
            raise refused
        body = [
            call.statement.with_changes(leading_lines=placed[0].leading_lines) if s is placed[0] else s for s in body
        ]
        rebuilt.append(member.with_changes(body=cast(cst.IndentedBlock, member.body).with_changes(body=body)))
    return rebuilt
