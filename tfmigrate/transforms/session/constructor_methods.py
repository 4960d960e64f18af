"""A method that only the constructor calls and that opens the Session: ``def __init__(self, lr): ...; self.sess =
None; self.initialize_new_session()`` with ``def initialize_new_session(self): if self.sess is not None:
self.sess.close(); self.sess = tf.Session(); <builds the graph>; self.sess.run(init)`` (a deep-Q estimator).

Called once per instance, by a statement of the constructor, the method's body runs there, as if written in its
place; its ``if self.sess is not None:`` is not taken, since the constructor bound ``self.sess = None`` before the call
and nothing between binds it again. So the class proof (classes.py) reads the body in the constructor (was "method
`initialize_new_session`, which opens the Session, is not called by a statement ...") and the rewrite puts it back
in the method, the call where it stood. Only for a plain method (``self`` its one parameter, no decorator,
``return``, ``yield``, ``global``, ``nonlocal``) named nowhere in the module but by that one call, whose names are no
locals of the constructor; the rewrite is not put back (the program keeps the graph tier) when the body it made reads
a local of the constructor outside it, or binds one the constructor reads after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import libcst as cst

from tfmigrate.transforms.session import class_hierarchy
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants, loaded_names
from tfmigrate.transforms.session.class_sugar import (
    attribute_of,
    body_of,
    plain_function,
    rewritten_class,
    with_members,
)
from tfmigrate.transforms.session.functions import bound_names, local_names, opens_session, own_body
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.none_branches import none_comparison
from tfmigrate.transforms.session.renames import lone_assignment
from tfmigrate.transforms.session.sentinels import sentinel, sentinel_name
from tfmigrate.transforms.session.sequential_runs import bare_call
from tfmigrate.transforms.session.uncalled_methods import member_name, put_back, spelled_outside

NOTE = "method `{name}`, which opens the Session and only the constructor calls, read in the constructor{untaken}"
BEGIN, END = "__tfmigrate_constructor_method__{}", "__tfmigrate_constructor_method_end__{}"


@dataclass
class Inlined:
    method: cst.FunctionDef  # as written
    before: str | None  # the member it followed (None: the first)
    call: cst.BaseStatement  # ``self.initialize_new_session()`` in the constructor
    untaken: cst.If | None  # ``if self.sess is not None: self.sess.close()``, left out of the body read
    notes: list[tuple[int, str]]
    shared: frozenset[str]  # a base constructor's parameters, the constructor's own (class_hierarchy.passed_parameters)


def _plain(method: cst.FunctionDef) -> bool:
    """``self`` its one parameter, and what ``plain_function`` asks of a body run in its caller's place; no
    ``return``."""
    params = method.params.params
    return (
        len(params) == 1
        and params[0].default is None
        and plain_function(method.with_changes(params=cst.Parameters()))
        and not any(isinstance(n, cst.Return) for n in own_body(method))
    )


def _called(statement: cst.CSTNode, owner: str) -> str | None:
    """``self.name()`` as a whole statement: ``name``."""
    call = bare_call(statement)
    func = call.func if call is not None else None
    return cast(cst.Attribute, func).attr.value if func is not None and attribute_of(func, owner) else None


def _untaken(
    body: list[cst.BaseStatement], before: list[cst.BaseStatement], owner: str
) -> tuple[cst.If | None, list[cst.BaseStatement]]:
    """``if self.sess is not None:`` first in the body, no ``else``, where the constructor's statements ``before`` the
    call bind ``self.sess = None`` and none after that names it, calls a method or hands ``self`` on: it, and the rest
    of the body."""
    first = body[0] if body else None
    if not (isinstance(first, cst.If) and first.orelse is None):
        return None, body
    compared = none_comparison(first.test)
    if compared is None or not compared[1] or not attribute_of(compared[0], owner):
        return None, body
    attr = cast(cst.Attribute, compared[0]).attr.value
    for statement in reversed(before):
        small = lone_assignment(statement)
        if (
            small is not None
            and attribute_of(small.targets[0].target, owner)
            and cast(cst.Attribute, small.targets[0].target).attr.value == attr
        ):
            return (
                (first, body[1:]) if isinstance(small.value, cst.Name) and small.value.value == "None" else (None, body)
            )
        held = {id(n.value) for n in descendants(statement) if isinstance(n, cst.Attribute)}
        for node in descendants(statement):
            if isinstance(node, cst.Name) and node.value == owner and id(node) not in held:
                return None, body  # ``setup(self)``: the instance handed on, which may bind it
            if isinstance(node, cst.Call) and attribute_of(node.func, owner):
                return None, body
            if isinstance(node, cst.Attribute) and attribute_of(node, owner) and node.attr.value == attr:
                return None, body  # bound (or read) between: not proved None
    return None, body


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, Inlined] | None:
    """The class with the method's body read in the constructor between two sentinels; None where there is none."""
    held = isinstance(definition.body, cst.IndentedBlock) and definition in module.body
    members = list(cast(cst.IndentedBlock, definition.body).body) if held else []
    methods = {m.name.value: (i, m) for i, m in enumerate(members) if isinstance(m, cst.FunctionDef)}
    found = methods.get("__init__")
    if found is None or not _plain_constructor(found[1]):
        return None
    init = found[1]
    owner = init.params.params[0].name.value
    statements = list(cast(cst.IndentedBlock, init.body).body)
    for index, statement in enumerate(statements):
        name = _called(statement, owner)
        if name is None or name not in methods or name.startswith("__"):
            continue
        position, method = methods[name]
        if not (_plain(method) and method.params.params[0].name.value == owner):
            continue
        if not any(opens_session(n, resolve) for n in descendants(method.body)):
            continue
        if spelled_outside(module, name, method, statement):
            continue
        shared = class_hierarchy.passed_parameters(method)
        constructor = set(local_names(init)) - {owner} - shared
        if constructor & (set(local_names(method)) | {n.value for n in loaded_names(method.body)}):
            continue
        untaken, body = _untaken(body_of(method), statements[:index], owner)
        if not body:
            continue
        inlined = [sentinel(BEGIN.format(name)), *body, sentinel(END.format(name))]
        made = Origins()
        new_init = init.with_changes(
            body=init.body.with_changes(body=[*statements[:index], *inlined, *statements[index + 1 :]])
        )
        made.keep(new_init, init)
        made.keep(new_init.body, init.body)
        kept = [new_init if m is init else m for m in members if m is not method]
        note = NOTE.format(name=name, untaken=" (its `if ... is not None:` not taken there)" if untaken else "")
        before = member_name(members[position - 1]) if position else None  # first: a base constructor's builder
        state = Inlined(method, before, statement, untaken, [(line_of(method), note)], shared)
        desugared = with_members(module, resolve, line_of, definition, kept, made)
        return (*desugared, state)
    return None


def _plain_constructor(init: cst.FunctionDef) -> bool:
    return isinstance(init.body, cst.IndentedBlock) and bool(init.params.params) and not init.decorators


def resugar(module: cst.Module, name: str, state: Inlined, line: int) -> cst.Module:
    """The rewritten constructor's statements between the sentinels back in the method, the call where they stood."""
    method = state.method.name.value
    refused = Blocked(f"class `{name}`: method `{method}`, read in the constructor, could not be put back", line)
    definition = rewritten_class(module, name, refused)
    members: list[cst.BaseStatement] = list(cast(cst.IndentedBlock, definition.body).body)
    inits = [m for m in members if isinstance(m, cst.FunctionDef) and m.name.value == "__init__"]
    if len(inits) != 1 or not isinstance(inits[0].body, cst.IndentedBlock):
        raise refused
    init = inits[0]
    statements = list(init.body.body)
    names = [sentinel_name(s) for s in statements]
    if names.count(BEGIN.format(method)) != 1 or names.count(END.format(method)) != 1:
        raise refused
    start, end = names.index(BEGIN.format(method)), names.index(END.format(method))
    inner = statements[start + 1 : end]
    outside = [*statements[:start], *statements[end + 1 :]]
    constructor = bound_names(outside) | ({p.name.value for p in init.params.params} - state.shared)
    owner = state.method.params.params[0].name.value
    read = {n.value for s in inner for n in loaded_names(s)} - bound_names(inner) - {owner}
    later = {n.value for s in statements[end + 1 :] for n in loaded_names(s)}
    if read & constructor or bound_names(inner) & later or start > end:
        raise refused
    body = [state.untaken, *inner] if state.untaken is not None else inner
    rebuilt_method = state.method.with_changes(
        body=state.method.body.with_changes(body=body or [cst.SimpleStatementLine([cst.Pass()])])
    )
    new_init = init.with_changes(
        body=init.body.with_changes(body=[*statements[:start], state.call, *statements[end + 1 :]])
    )
    members = [new_init if member is init else member for member in members]
    made = definition.with_changes(body=definition.body.with_changes(body=members))
    module = module.with_changes(body=[made if s is definition else s for s in module.body])
    return put_back(module, name, [(state.before, rebuilt_method)], refused)
