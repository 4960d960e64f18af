"""A graph class's attributes that hold host data: bound once by a statement every returning construction runs (the
constructor's own level, the branch of an ``if`` whose other branch raises, a decided branch, a merged base
constructor: settled_attributes.py), to a literal, a parameter every construction passes host data (no TensorFlow
call, no module name bound to one) or operators over them (``embed_size or -1``), and stored or changed in place
nowhere else (another class's stores through its own ``self`` are its own).

Every read of such an attribute after its binding gives the value the construction passed, so code over it is
host code: a computed ``@property`` (class_properties.py) and a host method (host_methods.py) read the same
attributes as data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session import settled_attributes
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants, stored_names
from tfmigrate.transforms.session.class_sugar import attribute_of, unguarded_lookups
from tfmigrate.transforms.session.renames import lone_assignment

LITERALS = (cst.SimpleString, cst.Integer, cst.Float, cst.ConcatenatedString)


class HostAttributes:
    """The constructor's host bindings of the class ``name`` in ``module``."""

    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, name: str, init: cst.FunctionDef):
        self.init = init
        self.params = [p.name.value for p in init.params.params[1:]]
        self.statements = list(cast(cst.IndentedBlock, init.body).body)
        definition = next((c for c in module.body if isinstance(c, cst.ClassDef) and c.name.value == name), None)
        body = definition.body if definition is not None else None
        self.members = list(body.body) if isinstance(body, cst.IndentedBlock) else []
        self.stores, self.changed = settled_attributes.stores_and_changes(module, definition)  # by name
        self.constructions = [
            n
            for n in descendants(module)
            if isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value == name
        ]
        self.known, _ = unguarded_lookups(resolve, line_of, None)
        self.graph_names = {  # module names some assignment binds to a TensorFlow call's result
            t.value
            for a in descendants(module)
            if isinstance(a, cst.Assign)
            and any(isinstance(c, cst.Call) and self.known(c.func) for c in descendants(a.value))
            for target in a.targets
            for t in [target.target, *descendants(target.target)]
            if isinstance(t, cst.Name)
        }

    def binding(self, attr: str) -> int | None:
        """The index of the constructor's statement holding the one binding of ``self.attr`` to host data, else
        None."""
        found = self._one_binding(attr) if attr not in self.changed else None
        return found[0] if found is not None and _operations_of(found[1], self.given_host) else None

    def bound_value(self, attr: str) -> cst.BaseExpression | None:
        """The value of the constructor's one binding of ``self.attr`` (changed in place or not), else None."""
        found = self._one_binding(attr)
        return found[1] if found is not None else None

    def _one_binding(self, attr: str) -> tuple[int, cst.BaseExpression] | None:
        """The constructor's statement binding ``self.attr``, which no other statement stores: its index and value."""
        if self.stores.get(attr) != 1:
            return None
        init = self.init
        owner = init.params.params[0].name.value if init.params.params else None
        for index, statement in settled_attributes.settling(self.statements, self.members, owner or ""):
            assigned = lone_assignment(statement)
            for target, value in settled_attributes.pairs(assigned) if assigned is not None else []:
                if attribute_of(target, owner) and cast(cst.Attribute, target).attr.value == attr:
                    return index, value
        return None

    def given_host(self, name: str) -> bool:
        """``name`` is a parameter the constructor never rebinds, given host data by each construction."""
        init = self.init
        if name not in self.params or any(
            isinstance(n, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor))
            and any(m.value == name for m in stored_names(n.target))
            for body in [init.body, *(b.body for b in settled_attributes.builders(self.members).values())]
            for n in descendants(body)
        ):
            return False  # the parameter rebound in the constructor
        position = self.params.index(name)
        param = init.params.params[position + 1]
        given = [argument(c, position, name) for c in self.constructions]
        passed = [g.value if g is not None else param.default for g in given]
        return not any(
            expression is None
            or any(
                isinstance(n, cst.Call)
                and self.known(n.func)
                or isinstance(n, cst.Name)
                and n.value in self.graph_names
                for n in [expression, *descendants(expression)]
            )
            for expression in passed
        )


def _operations_of(value: cst.BaseExpression, given_host: Callable[[str], bool]) -> bool:
    """A literal, a parameter given host data, or operators over them (``embed_size or -1``, ``(embed_size is
    not None) and (embed_size > 0)``): host data the construction decides."""
    if isinstance(value, LITERALS) or isinstance(value, cst.Name) and value.value in ("True", "False", "None"):
        return True
    if isinstance(value, cst.Name):
        return given_host(value.value)
    if isinstance(value, cst.UnaryOperation):
        return _operations_of(value.expression, given_host)
    if isinstance(value, (cst.BinaryOperation, cst.BooleanOperation)):
        return _operations_of(value.left, given_host) and _operations_of(value.right, given_host)
    if isinstance(value, cst.Comparison):
        return _operations_of(value.left, given_host) and all(
            _operations_of(c.comparator, given_host) for c in value.comparisons
        )
    return False
