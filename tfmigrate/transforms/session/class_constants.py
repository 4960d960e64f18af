"""A graph class's class-level constants (the GAN collection's ``model_name = "GAN"``, a deployment model's
``input_data_type = tf.float32``): a literal or a TensorFlow dtype (an immutable object, the same in TF1 and eagerly)
no statement stores again and only instances read (``self.model_name``), so for the one instance it is the value its
constructor would bind first. Several bound by one tuple unpacking of as many such values (a CNN class's ``IMAGE_H,
IMAGE_W, IMAGE_C = 28, 28, 1``) are each bound so (Python evaluates the whole tuple before binding any name), and
one bound to a constant before it (``CHKP_DIR_BASE_NAME = EVENT_DIR_BASE_NAME``, read in the class body, where the
class's names come first) holds that value. The class proof (classes.py) reads ``self.model_name = "GAN"`` as the
constructor's first statement; the rewrite is put back with the constant where it stood in the class body.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants
from tfmigrate.transforms.session.class_sugar import rewritten_class, unguarded_lookups
from tfmigrate.transforms.session.functions import references_to
from tfmigrate.transforms.session.graph_shapes import DTYPES
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.renames import lone_assignment

LITERALS = (cst.SimpleString, cst.Integer, cst.Float)


@dataclass(frozen=True)
class Constants:
    statements: list[tuple[int, cst.SimpleStatementLine]]  # each constant statement and its index in the class body
    lines: list[str]  # the constructor's first statements the proof read them as (``self.model_name = "GAN"``)


def _value(value: cst.BaseExpression, resolve: Resolve) -> bool:
    plain = isinstance(value, LITERALS) or isinstance(value, cst.Name) and value.value in ("True", "False", "None")
    dtype = isinstance(value, cst.Attribute) and (resolve(value) or "").removeprefix("compat.v1.") in DTYPES
    return plain or dtype


def _constants(
    statement: cst.CSTNode, resolve: Resolve, known: dict[str, cst.BaseExpression]
) -> list[tuple[str, cst.BaseExpression]]:
    """The (name, value) pairs a class-body statement binds: ``NAME = literal``, ``A, B = literal, literal``, or a
    constant bound before it (``CHKP_DIR_BASE_NAME = EVENT_DIR_BASE_NAME``: ``known``), read as its value."""
    assigned = lone_assignment(statement)
    if assigned is None:
        return []
    target, value = assigned.targets[0].target, assigned.value
    pairs: list[tuple[cst.BaseExpression, cst.BaseExpression]]
    if isinstance(target, cst.Name):
        pairs = [(target, value)]
    elif isinstance(target, cst.Tuple) and isinstance(value, cst.Tuple) and len(target.elements) == len(value.elements):
        if any(isinstance(e, cst.StarredElement) for e in (*target.elements, *value.elements)):
            return []
        pairs = [(t.value, v.value) for t, v in zip(target.elements, value.elements)]
    else:
        return []
    names = [t.value for t, _ in pairs if isinstance(t, cst.Name)]  # ``A, self.b = ...``: not constants alone
    if len(names) != len(pairs) or len(set(names)) != len(names):
        return []
    values = [known.get(v.value, v) if isinstance(v, cst.Name) else v for _, v in pairs]
    if not all(_value(v, resolve) for v in values):
        return []
    return list(zip(names, values))


def _found(members: list, resolve: Resolve) -> list[tuple[int, cst.BaseStatement, list]]:
    """The class body's constant statements (index, statement, its pairs), in order."""
    known: dict[str, cst.BaseExpression] = {}
    found = []
    for i, statement in enumerate(members):
        pairs = _constants(statement, resolve, known)
        if pairs:
            found.append((i, statement, pairs))
            known.update(pairs)
    return found


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, Constants] | None:
    """The class without its constants, its constructor binding each first; None when it has none, or one is
    stored again, read by the class body or not under ``self``."""
    if not isinstance(definition.body, cst.IndentedBlock) or definition not in module.body:
        return None
    members = list(definition.body.body)
    found = _found(members, resolve)
    init = next((s for s in members if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"), None)
    if not found or init is None or not init.params.params or not isinstance(init.body, cst.IndentedBlock):
        return None
    owner = init.params.params[0].name.value
    names = {name for _, _, pairs in found for name, _ in pairs}
    for node in descendants(module):
        stored = isinstance(node, cst.AssignTarget) and isinstance(node.target, cst.Attribute)
        if stored and cast(cst.Attribute, cast(cst.AssignTarget, node).target).attr.value in names:
            return None
        if isinstance(node, cst.AugAssign) and isinstance(node.target, cst.Attribute):
            if node.target.attr.value in names:
                return None
    constant_nodes = {id(n) for _, s, _ in found for n in descendants(s)}
    if any(id(n) not in constant_nodes for n in references_to(definition.body, names)):
        return None  # ``model_name`` read bare in a method: not an instance attribute
    made = Origins()
    first: list[cst.BaseStatement] = []
    lines: list[str] = []
    for _, statement, pairs in found:
        for name, value in pairs:
            target = cst.Attribute(value=cst.Name(owner), attr=cst.Name(name))
            read = value
            if not any(value is n for n in descendants(statement)):
                read = value.deep_clone()  # a constant read from an earlier one: its own copy of that value
                made.keep(read, value)
            assigned = cst.Assign(targets=[cst.AssignTarget(target)], value=read)
            bound = cst.SimpleStatementLine(body=[assigned])
            for node in (bound, assigned, target, target.attr):
                made.keep(node, statement)
            first.append(bound)
            lines.append(cst.Module([]).code_for_node(bound).strip())
    new_init = init.with_changes(body=init.body.with_changes(body=[*first, *init.body.body]))
    kept = [s for s in members if all(s is not statement for _, statement, _ in found)]
    constants = Constants([(i, cast(cst.SimpleStatementLine, s)) for i, s, _ in found], lines)
    return (*with_constructor(module, resolve, line_of, definition, kept, (init, new_init), made), constants)


def with_constructor(
    module: cst.Module,
    resolve: Resolve,
    line_of: LineOf,
    definition: cst.ClassDef,
    kept: list,
    constructors: tuple[cst.FunctionDef, cst.FunctionDef],
    made: Origins,
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef]:
    """The module with the class of members ``kept``, its constructor (old, new) replaced, and lookups in which
    each made node (``made``: id -> original) means what its original meant, on its line."""
    init, new_init = constructors
    made.keep(new_init, init)
    new_class = definition.with_changes(
        body=definition.body.with_changes(body=[new_init if s is init else s for s in kept])
    )
    made.keep(new_class, definition)
    resolve_made, line_of_made = unguarded_lookups(
        lambda node: resolve(made.of(node)), lambda node: line_of(made.of(node)), definition
    )
    rebuilt = [new_class if s is definition else s for s in module.body]
    return module.with_changes(body=rebuilt), resolve_made, line_of_made, new_class


def constructor_of(module: cst.Module, name: str, refused: Blocked) -> tuple[cst.ClassDef, list, cst.FunctionDef]:
    """The rewritten module's class ``name``, its members and its constructor; ``refused`` raised without them."""
    definition = rewritten_class(module, name, refused)
    members = list(cast(cst.IndentedBlock, definition.body).body)
    init = next((s for s in members if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"), None)
    if init is None or not isinstance(init.body, cst.IndentedBlock):
        raise refused
    return definition, members, init


def resugar(module: cst.Module, name: str, constants: Constants, line: int) -> cst.Module:
    """The rewritten class with its constants back in the class body and out of the constructor."""
    refused = Blocked(f"class `{name}` builds graph ops and holds class attributes", line)
    definition, members, init = constructor_of(module, name, refused)
    statements = list(cast(cst.IndentedBlock, init.body).body)
    for position, expected in enumerate(constants.lines):
        if position >= len(statements) or cst.Module([]).code_for_node(statements[position]).strip() != expected:
            raise refused
    init_body = init.body.with_changes(body=statements[len(constants.lines) :])
    members = [init.with_changes(body=init_body) if s is init else s for s in members]
    for index, statement in constants.statements:
        members.insert(index, statement)
    rebuilt = definition.with_changes(body=definition.body.with_changes(body=members))
    return module.with_changes(body=[rebuilt if s is definition else s for s in module.body])
