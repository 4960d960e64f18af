"""Structures of tensors fetched in one run: ``sess.run({"k1": MyData(x, y), "k2": [y, x]})``.

TF1's fetch mappers return the structure given, with each tensor's numpy value: dicts (string keys), lists, tuples
and namedtuples, which keep their class (``MyData(x=array(...), y=array(...))``). The eager run computes each leaf
and applies ``tf.nest.map_structure(lambda value: value.numpy(), ...)``, which walks the same containers and
rebuilds namedtuples by their class, so the printed structure is the same (checked against TF 2.21). A namedtuple
class is one the module defines, once, with ``collections.namedtuple`` or ``typing.NamedTuple``. Each leaf is a
named constant, tensor or variable that draws nothing (a random leaf would be evaluated apart from the others, where
TF1 drew once for the whole run).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session.analysis import imported_path

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program

NAMEDTUPLES = frozenset({"collections.namedtuple", "typing.NamedTuple"})
LEAVES = ("const", "tensor", "variable")


def refusal(program: Program, item: cst.BaseExpression) -> str | None:
    """Why the fetched structure cannot be computed eagerly as TF1 returned it, naming the part; None: it can."""
    code = program.module.code_for_node
    if isinstance(item, cst.Name):
        node = program.nodes.get(item.value)
        if node is None:
            return f"fetches `{item.value}` inside a structure, which is not a graph value"
        if node.kind not in LEAVES or node.container:
            return f"fetches `{item.value}` ({node.kind}) inside a structure"
        if node.random:
            return f"fetches the random tensor `{item.value}` inside a structure (each leaf is computed on its own)"
        return None
    if isinstance(item, cst.Dict):
        for element in item.elements:
            if not (isinstance(element, cst.DictElement) and isinstance(element.key, cst.SimpleString)):
                return f"fetches a dict whose keys are not literal strings (`{code(item)}`)"
            why = refusal(program, element.value)
            if why is not None:
                return why
        return None
    if isinstance(item, (cst.List, cst.Tuple)):
        for part in item.elements:
            if not isinstance(part, cst.Element):
                return f"fetches a structure with a starred element (`{code(item)}`)"
            why = refusal(program, part.value)
            if why is not None:
                return why
        return None
    if isinstance(item, cst.Call) and namedtuple_class(program, item.func):
        for arg in item.args:
            if arg.star:
                return f"fetches a namedtuple built from unpacked arguments (`{code(item)}`)"
            why = refusal(program, arg.value)
            if why is not None:
                return why
        return None
    return f"fetches `{code(item)}` in a structure (only dicts, lists, tuples and namedtuples of named tensors)"


def is_namedtuple(program: Program, item: cst.BaseExpression) -> bool:
    """``MyData(x, y)`` of a namedtuple class the module defines."""
    return isinstance(item, cst.Call) and namedtuple_class(program, item.func)


def namedtuple_class(program: Program, func: cst.BaseExpression) -> bool:
    """``MyData`` bound once at module level by ``MyData = collections.namedtuple(...)`` or
    ``class MyData(NamedTuple):``."""
    if not isinstance(func, cst.Name) or program.binds.get(func.value, 0) != 1 or func.value in program.nodes:
        return False
    for statement in program.module.body:
        if isinstance(statement, cst.ClassDef) and statement.name.value == func.value:
            return len(statement.bases) == 1 and imported_path(program, statement.bases[0].value) in NAMEDTUPLES
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            if (
                isinstance(small, cst.Assign)
                and len(small.targets) == 1
                and isinstance(small.targets[0].target, cst.Name)
                and small.targets[0].target.value == func.value
            ):
                value = small.value
                return isinstance(value, cst.Call) and imported_path(program, value.func) in NAMEDTUPLES
    return False
