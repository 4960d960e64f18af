"""A graph class's initializer object held on the instance: ``def __init__(self, ...,
initializer=tf.random_normal_initializer(stddev=0.1)): ... self.initializer = initializer`` and the weights built as
``tf.get_variable("W", shape=[...], initializer=self.initializer)`` (the text-classifier collections' models).

The object is no tensor: building it makes no op, and TF1 drew each variable's initial value where get_variable
called it, each draw an op of its own with the graph's next op seed. So, for the one construction that leaves the
parameter to its default, the program is the one with the default's constructor written at each ``initializer=``
(as shared_initializers.py reads a module-level object), and the class proof (classes.py) reads it so, the attribute's
binding set aside. The rewrite keeps what it wrote at each use (the constructor with the seed TF1's draw took) and
puts the binding back where it stood; the note says the object is no longer read there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants
from tfmigrate.transforms.session.class_constants import constructor_of, with_constructor
from tfmigrate.transforms.session.class_sugar import attribute_of
from tfmigrate.transforms.session.functions import references_to
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.renames import lone_assignment
from tfmigrate.transforms.session.shared_initializers import GET_VARIABLE, _pure_constructor


@dataclass
class Held:
    """The bindings set aside: (index in the constructor, the statement, the code of the one before it)."""

    bindings: list[tuple[int, cst.SimpleStatementLine, str | None]] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)


def _code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node).strip()


def _defaults(init: cst.FunctionDef, resolve: Resolve, module: cst.Module, name: str) -> dict[str, cst.Call]:
    """Constructor parameters defaulting to a seedless ``tf.*_initializer(...)`` of literals, left to their default
    by every construction of the class."""
    params = list(init.params.params[1:])
    found = {
        p.name.value: p.default
        for p in params
        if isinstance(p.default, cst.Call) and _pure_constructor(resolve, p.default)
    }
    constructions = [
        n
        for n in descendants(module)
        if isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value == name
    ]
    if len(constructions) != 1:
        return {}
    for index, param in enumerate(params):
        if param.name.value in found and argument(constructions[0], index, param.name.value) is not None:
            del found[param.name.value]
    return found


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, Held] | None:
    """The class with each such attribute's reads written as the default's constructor and its binding set aside;
    None when it holds none, or the attribute or parameter is read other than so."""
    if not isinstance(definition.body, cst.IndentedBlock) or definition not in module.body:
        return None
    members = list(definition.body.body)
    init = next((s for s in members if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"), None)
    if init is None or not init.params.params or not isinstance(init.body, cst.IndentedBlock):
        return None
    owner = init.params.params[0].name.value
    defaults = _defaults(init, resolve, module, definition.name.value)
    if not defaults:
        return None
    statements = list(init.body.body)
    held: dict[str, tuple[int, str]] = {}  # attribute -> (index of its binding, the parameter)
    for index, statement in enumerate(statements):
        assigned = lone_assignment(statement)
        if (
            assigned is not None
            and attribute_of(target := assigned.targets[0].target, owner)
            and isinstance(assigned.value, cst.Name)
            and assigned.value.value in defaults
        ):
            held.setdefault(cast(cst.Attribute, target).attr.value, (index, assigned.value.value))
    for attr, (_, param) in list(held.items()):  # the parameter read by its binding alone
        if len(references_to(init.body, {param})) != 1:
            del held[attr]
    passed: dict[int, str] = {}  # id of each ``initializer=self.attr`` value -> attribute
    for member in members:
        if not isinstance(member, cst.FunctionDef) or not member.params.params:
            continue
        self_name = member.params.params[0].name.value
        for call in descendants(member):
            if isinstance(call, cst.Call) and (resolve(call.func) or "").removeprefix("compat.v1.") == GET_VARIABLE:
                given = argument(call, 3, "initializer")
                if given is not None and attribute_of(given.value, self_name):
                    passed[id(given.value)] = cast(cst.Attribute, given.value).attr.value
    binding_targets = {id(cast(cst.Assign, lone_assignment(statements[i])).targets[0].target) for i, _ in held.values()}
    for node in descendants(module):  # every other use of the attribute name: a read as ``initializer=``
        if isinstance(node, cst.Attribute) and node.attr.value in held:
            if id(node) not in passed and id(node) not in binding_targets:
                del held[node.attr.value]
    held = {a: v for a, v in held.items() if a in passed.values()}
    if not held:
        return None
    made = Origins()

    class Written(cst.CSTTransformer):
        def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg) -> cst.Arg:
            attr = passed.get(id(original_node.value))
            if attr not in held:
                return updated_node
            default = defaults[held[attr][1]]
            copy = default.deep_clone()
            for new, old in zip([copy, *descendants(copy)], [default, *descendants(default)], strict=True):
                made.keep(new, old)
            return updated_node.with_changes(value=copy)

        def on_leave(self, original_node, updated_node):
            result = super().on_leave(original_node, updated_node)
            if isinstance(result, cst.CSTNode) and result is not original_node and not made.has(result):
                made.keep(result, original_node)  # a statement holding a written constructor: the original's line
            return result

    state = Held()
    aside = {index for index, _ in held.values()}
    for index in sorted(aside):
        before = _code(statements[index - 1]) if index else None
        state.bindings.append((index, cast(cst.SimpleStatementLine, statements[index]), before))
    for attr, (index, param) in held.items():
        state.notes.append(
            (
                line_of(statements[index]),
                f"the initializer object `{owner}.{attr}` (parameter `{param}`'s default) written at each "
                "tf.get_variable it initializes, seeded as TF1 drew each variable",
            )
        )
    kept_init = init.with_changes(
        body=init.body.with_changes(body=[s for i, s in enumerate(statements) if i not in aside])
    )
    new_init = cast(cst.FunctionDef, kept_init.visit(Written()))
    kept = [cast(cst.CSTNode, m).visit(Written()) if m is not init else m for m in members]
    return (*with_constructor(module, resolve, line_of, definition, kept, (init, new_init), made), state)


def resugar(module: cst.Module, name: str, state: Held, line: int) -> cst.Module:
    """The rewritten class with each binding back in its constructor, after the statement it followed."""
    refused = Blocked(f"class `{name}`: an initializer object held on the instance could not be put back", line)
    definition, members, init = constructor_of(module, name, refused)
    statements = list(cast(cst.IndentedBlock, init.body).body)
    for _, statement, before in state.bindings:
        found = [i for i, s in enumerate(statements) if _code(s) == before] if before is not None else [-1]
        if len(found) != 1:
            raise refused
        statements.insert(found[0] + 1, statement)
    new_init = init.with_changes(body=cast(cst.IndentedBlock, init.body).with_changes(body=statements))
    members = [new_init if s is init else s for s in members]
    rebuilt = definition.with_changes(body=definition.body.with_changes(body=members))
    return module.with_changes(body=[rebuilt if s is definition else s for s in module.body])
