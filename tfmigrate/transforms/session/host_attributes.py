"""A graph class's attributes that hold host data: bound once by the constructor, at its own level, to a literal or
to a parameter every construction passes host data (no TensorFlow call, no module name bound to one), and stored
or changed in place nowhere else.

Every read of such an attribute after its binding gives the value the construction passed, so code over it is
host code: a computed ``@property`` (class_properties.py) and a host method (host_methods.py) read the same
attributes as data.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
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
        self.stores: dict[str, int] = {}  # attribute name -> stores anywhere in the module (by name)
        self.changed: set[str] = set()  # ``self.dims.append(...)``, ``self.d[k] = v``: changed in place
        for node in descendants(module):
            if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign)) and isinstance(
                node.target, cst.Attribute
            ):
                self.stores[node.target.attr.value] = self.stores.get(node.target.attr.value, 0) + 1
            if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.Del)) and isinstance(node.target, cst.Subscript):
                if isinstance(node.target.value, cst.Attribute):
                    self.changed.add(node.target.value.attr.value)
            if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Attribute):
                self.changed.add(node.value.attr.value)  # a method of the value, or an attribute of it
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
        """The index of the constructor's one statement binding ``self.attr`` to host data, else None."""
        if self.stores.get(attr) != 1 or attr in self.changed:
            return None
        init = self.init
        owner = init.params.params[0].name.value if init.params.params else None
        for index, statement in enumerate(self.statements):
            assigned = lone_assignment(statement)
            if assigned is None or not attribute_of(target := assigned.targets[0].target, owner):
                continue
            if cast(cst.Attribute, target).attr.value != attr:
                continue
            value = assigned.value
            if isinstance(value, LITERALS) or isinstance(value, cst.Name) and value.value in ("True", "False", "None"):
                return index
            if not isinstance(value, cst.Name) or value.value not in self.params:
                return None
            if any(
                isinstance(n, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor))
                and any(m.value == value.value for m in stored_names(n.target))
                for n in descendants(init.body)
            ):
                return None  # the parameter rebound in the constructor
            position = self.params.index(value.value)
            param = init.params.params[position + 1]
            given = [argument(c, position, value.value) for c in self.constructions]
            passed = [g.value if g is not None else param.default for g in given]
            for expression in passed:
                if expression is None or any(
                    isinstance(n, cst.Call)
                    and self.known(n.func)
                    or isinstance(n, cst.Name)
                    and n.value in self.graph_names
                    for n in [expression, *descendants(expression)]
                ):
                    return None
            return index
        return None
