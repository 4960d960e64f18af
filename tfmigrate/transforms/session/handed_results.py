"""A constructor binding a builder's result to a local and handing it on at once: ``network_weights =
self._initialize_weights()`` then ``self.weights = network_weights`` (tensorflow/models' research/autoencoder, copied
into a great many repositories).

The local is named by those two statements only, so they bind ``self.weights`` to the method's result exactly as
``self.weights = self._initialize_weights()`` does, the form bound_builders.py reads. The stage reads them as that
one statement (on the first one's line) and puts the two back in the rewritten constructor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants
from tfmigrate.transforms.session.class_sugar import attribute_of, rewritten_class, with_members
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.renames import lone_assignment


@dataclass
class Handed:
    """Each (attribute, method, local, the second statement as written) merged into one statement."""

    pairs: list[tuple[str, str, str, cst.SimpleStatementLine]] = field(default_factory=list)


def _merged(
    first: cst.BaseStatement, second: cst.BaseStatement, owner: str
) -> tuple[str, str, str, cst.SimpleStatementLine] | None:
    one, two = lone_assignment(first), lone_assignment(second)
    if one is None or two is None:
        return None
    local, call = one.targets[0].target, one.value
    target, value = two.targets[0].target, two.value
    if not (
        isinstance(local, cst.Name)
        and isinstance(call, cst.Call)
        and not call.args
        and attribute_of(call.func, owner)
        and attribute_of(target, owner)
        and isinstance(value, cst.Name)
        and value.value == local.value
    ):
        return None
    method = cast(cst.Attribute, call.func).attr.value
    return cast(cst.Attribute, target).attr.value, method, local.value, cast(cst.SimpleStatementLine, second)


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, Handed] | None:
    """The class with each such pair of its constructor read as ``self.attr = self.method()``; None when none."""
    if not isinstance(definition.body, cst.IndentedBlock) or definition not in module.body:
        return None
    init = next(
        (s for s in definition.body.body if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"), None
    )
    if init is None or not init.params.params or not isinstance(init.body, cst.IndentedBlock):
        return None
    owner = init.params.params[0].name.value
    statements = list(init.body.body)
    state = Handed()
    made = Origins()
    kept: list[cst.BaseStatement] = []
    index = 0
    while index < len(statements):
        statement = statements[index]
        pair = _merged(statement, statements[index + 1], owner) if index + 1 < len(statements) else None
        named = [n for n in descendants(init) if isinstance(n, cst.Name) and pair and n.value == pair[2]]
        if pair is None or len(named) != 2:
            kept.append(statement)
            index += 1
            continue
        first = cast(cst.SimpleStatementLine, statement)
        assign = cast(cst.Assign, first.body[0])
        target = cst.AssignTarget(cst.Attribute(value=cst.Name(owner), attr=cst.Name(pair[0])))
        joined = first.with_changes(body=[assign.with_changes(targets=[target])])
        for node in (joined, joined.body[0], target, *descendants(target)):
            made.keep(node, first)
        kept.append(joined)
        state.pairs.append(pair)
        index += 2
    if not state.pairs:
        return None
    new_init = init.with_changes(body=init.body.with_changes(body=kept))
    made.keep(new_init, init)
    made.keep(new_init.body, init.body)
    members = [new_init if s is init else s for s in definition.body.body]
    return (*with_members(module, resolve, line_of, definition, members, made), state)


def resugar(module: cst.Module, name: str, state: Handed, line: int) -> cst.Module:
    """The rewritten constructor's ``self.attr = self.method()`` handed through its local again."""
    refused = Blocked(f"class `{name}`: a builder's result handed on through a local could not be put back", line)
    definition = rewritten_class(module, name, refused)
    members = list(cast(cst.IndentedBlock, definition.body).body)
    init = next((m for m in members if isinstance(m, cst.FunctionDef) and m.name.value == "__init__"), None)
    if init is None or not init.params.params or not isinstance(init.body, cst.IndentedBlock):
        raise refused
    owner = init.params.params[0].name.value
    body = list(init.body.body)
    for attr, method, local, second in state.pairs:
        found = [
            i
            for i, s in enumerate(body)
            if (a := lone_assignment(s)) is not None
            and attribute_of(a.targets[0].target, owner)
            and cast(cst.Attribute, a.targets[0].target).attr.value == attr
            and isinstance(a.value, cst.Call)
            and not a.value.args
            and attribute_of(a.value.func, owner)
            and cast(cst.Attribute, a.value.func).attr.value == method
        ]
        if len(found) != 1:
            raise refused
        statement = cast(cst.SimpleStatementLine, body[found[0]])
        assign = cast(cst.Assign, statement.body[0])
        body[found[0] : found[0] + 1] = [
            statement.with_changes(body=[assign.with_changes(targets=[cst.AssignTarget(cst.Name(local))])]),
            second,
        ]
    members[members.index(init)] = init.with_changes(body=init.body.with_changes(body=body))
    rebuilt = definition.with_changes(body=definition.body.with_changes(body=members))
    return module.with_changes(body=[rebuilt if s is definition else s for s in module.body])
