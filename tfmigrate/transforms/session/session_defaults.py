"""A graph class whose constructor takes its Session as a default argument: ``def __init__(self, n_in,
sess=tf.Session()): self.sess = sess`` (finch's linear regression).

Python evaluates a default once, when ``def`` runs, so every construction that does not pass ``sess`` shares that
one Session. With no construction passing it (and the class proof reads one construction), that is the constructor's
``self.sess = tf.Session()``: the same Session on the same graph, provided the default graph at ``def`` time is the
one at the construction, which holds where the module never resets or replaces it (no ``reset_default_graph``,
however the module spells it (graph_resets.Resets), no ``tf.Graph``). The class proof (classes.py) reads the class
so; the rewrite, which holds no Session, keeps the parameter for callers that pass one, its default ``None`` (a note
says so). A Session built with arguments, an ``InteractiveSession`` (which makes itself the default Session at
``def`` time), a second parameter whose default opens a Session, a parameter read other than by one ``self.attr =
sess`` statement, or passed by a construction, is left to the class proof's refusal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants
from tfmigrate.transforms.session.class_constants import constructor_of, with_constructor
from tfmigrate.transforms.session.class_sugar import attribute_of, body_of, self_name
from tfmigrate.transforms.session.functions import opens_session, references_to
from tfmigrate.transforms.session.graph_resets import Resets
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.renames import lone_assignment

SESSION = "Session"
GRAPH = "Graph"  # a default graph at the construction other than at ``def`` time, as a reset makes one


@dataclass
class Defaulted:
    """The parameter taken out (its position after ``self``) and the note the rewrite leaves."""

    index: int
    param: cst.Param
    notes: list[tuple[int, str]] = field(default_factory=list)


def desugar(module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef):
    """The class whose constructor opens the default's Session as its attribute; None where that is not the
    program's meaning."""
    if not isinstance(definition.body, cst.IndentedBlock) or definition not in module.body:
        return None
    members = list(definition.body.body)
    init = next((s for s in members if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"), None)
    owner = self_name(init) if init is not None else None
    if init is None or owner is None or init.decorators or not isinstance(init.body, cst.IndentedBlock):
        return None
    params = list(init.params.params[1:])
    found = [(i, p) for i, p in enumerate(params) if p.default is not None and opens_session(p.default, resolve)]
    if len(found) != 1 or not _session_default(found[0][1], resolve):
        return None
    index, param = found[0]
    name = param.name.value
    calls = [n for n in descendants(module) if isinstance(n, cst.Call)]
    resets = Resets.of(module, resolve)
    if any(resets.names_reset(c.func) or _graph(c.func, resolve, resets) for c in calls):
        return None
    for call in calls:
        if isinstance(call.func, cst.Name) and call.func.value == definition.name.value:
            positional = [a for a in call.args if a.keyword is None]
            if len(positional) > index or any(a.star or (a.keyword and a.keyword.value == name) for a in call.args):
                return None
    statement = _attribute_statement(init, owner, name)
    if statement is None:
        return None
    own = {id(n) for n in descendants(statement)}
    if any(id(n) not in own for n in references_to(init.body, {name})):
        return None
    assigned = cast(cst.Assign, statement.body[0])
    made = Origins()
    bound = cst.SimpleStatementLine(body=[assigned.with_changes(value=param.default)])
    for node in (bound, bound.body[0]):
        made.keep(node, statement)
    body = [bound if s is statement else s for s in init.body.body]
    kept_params = [p for p in init.params.params if p is not param]
    kept_params[-1] = kept_params[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    new_init = init.with_changes(
        params=init.params.with_changes(params=kept_params), body=init.body.with_changes(body=body)
    )
    made.keep(new_init.params, init.params)
    note = (
        line_of(param),
        f"the default Session of constructor parameter `{name}` (evaluated once, at the class's definition) read as "
        f"the constructor's `{owner}.{cast(cst.Attribute, assigned.targets[0].target).attr.value} = ...`; the "
        f"parameter is kept for callers, defaulting to None",
    )
    state = Defaulted(index, param, [note])
    return (*with_constructor(module, resolve, line_of, definition, members, (init, new_init), made), state)


def _session_default(param: cst.Param, resolve: Resolve) -> bool:
    default = param.default
    return (
        isinstance(default, cst.Call)
        and not default.args
        and (resolve(default.func) or "").removeprefix("compat.v1.") == SESSION
    )


def _graph(func: cst.BaseExpression, resolve: Resolve, resets: Resets) -> bool:
    """``tf.Graph``, or the private ``ops.Graph`` of a module importing it so (graph_resets.private_ops)."""
    return (resolve(func) or "").removeprefix("compat.v1.") == GRAPH or resets.private_ops(func, GRAPH)


def _attribute_statement(init: cst.FunctionDef, owner: str, name: str) -> cst.SimpleStatementLine | None:
    """The constructor's one top-level ``self.attr = name`` statement."""
    found = []
    for statement in body_of(init):
        assigned = lone_assignment(statement)
        if (
            assigned is not None
            and attribute_of(assigned.targets[0].target, owner)
            and isinstance(assigned.value, cst.Name)
            and assigned.value.value == name
        ):
            found.append(statement)
    return cast(cst.SimpleStatementLine, found[0]) if len(found) == 1 else None


def resugar(module: cst.Module, name: str, state: Defaulted, line: int) -> cst.Module:
    """The rewritten constructor with the parameter back, defaulting to None."""
    refused = Blocked(f"class `{name}` builds graph ops and takes its Session as a default argument", line)
    definition, members, init = constructor_of(module, name, refused)
    params = list(init.params.params)
    if len(params) < state.index + 1:
        raise refused
    params.insert(state.index + 1, state.param.with_changes(default=cst.Name("None")))
    for i, param in enumerate(params[:-1]):
        if param.comma is cst.MaybeSentinel.DEFAULT:
            params[i] = param.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    new_init = init.with_changes(params=init.params.with_changes(params=params))
    members = [new_init if s is init else s for s in members]
    rebuilt = definition.with_changes(body=definition.body.with_changes(body=members))
    return module.with_changes(body=[rebuilt if s is definition else s for s in module.body])
