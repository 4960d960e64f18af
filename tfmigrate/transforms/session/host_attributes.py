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
from tfmigrate.transforms.session.class_sugar import attribute_of, self_name, unguarded_lookups
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
        self.defined = {s.name.value for s in module.body if isinstance(s, (cst.FunctionDef, cst.ClassDef))}
        self.module_values: dict[str, list[cst.BaseExpression]] = {}  # module-level ``env = gym.make(...)``
        for statement in module.body:
            assigned = lone_assignment(statement)
            if assigned is not None:
                for bound in stored_names(assigned.targets[0].target):
                    self.module_values.setdefault(bound.value, []).append(assigned.value)
        self.graph_names = {  # module names some assignment binds to a TensorFlow call's result
            t.value
            for a in descendants(module)
            if isinstance(a, cst.Assign)
            and any(isinstance(c, cst.Call) and self.known(c.func) for c in descendants(a.value))
            for target in a.targets
            for t in [target.target, *descendants(target.target)]
            if isinstance(t, cst.Name)
        }

    def binding(self, attr: str, seen: frozenset[str] = frozenset()) -> int | None:
        """The index of the constructor's statement holding the one binding of ``self.attr`` to host data, else
        None."""
        found = self._one_binding(attr) if attr not in self.changed and attr not in seen else None
        if found is None:
            return None
        index, value = found
        owner = self_name(self.init)

        def earlier(other: str) -> bool:  # ``self.state_size``: bound to host data before this statement
            bound = self.binding(other, seen | {attr})
            return bound is not None and bound < index

        def leaf(node: cst.Name | cst.Attribute) -> bool:
            if isinstance(node, cst.Name):
                return self.given_host(node.value)
            if attribute_of(node, owner):
                return earlier(node.attr.value)
            return self._host_object(node.value, owner, index)  # ``self.env.action_space.n``

        return index if _operations_of(value, leaf) else None

    def host_value(self, value: cst.BaseExpression) -> bool:
        """``value`` is a literal, a parameter every construction gives host data, or operators over them."""
        return _operations_of(value, lambda n: isinstance(n, cst.Name) and self.given_host(n.value))

    def _host_object(self, node: cst.BaseExpression, owner: str | None, before: int) -> bool:
        """``environment``, ``self.env`` (bound once to it before the statement ``before``) or an attribute of them:
        an object every construction passes from a library (no TensorFlow, no class or function of the module). The
        object may change (``self.env.reset()``); what the binding read from it then is host data all the same."""
        if isinstance(node, cst.Attribute) and attribute_of(node, owner):
            found = self._one_binding(node.attr.value)
            return found is not None and found[0] < before and self._host_object(found[1], owner, found[0])
        if isinstance(node, cst.Attribute):
            return self._host_object(node.value, owner, before)
        return isinstance(node, cst.Name) and self.given_host(node.value) and self._library_object(node.value)

    def _library_object(self, name: str) -> bool:
        """Each construction passes the parameter ``name`` an expression naming no class or function of the module,
        directly or through a module name bound to one."""
        position = self.params.index(name)
        passed = [argument(c, position, name) for c in self.constructions]
        if not passed or any(g is None for g in passed):
            return False
        seen: set[str] = set()
        pending: list[cst.CSTNode] = [cast(cst.Arg, g).value for g in passed]
        while pending:
            expression = pending.pop()
            for node in [expression, *descendants(expression)]:
                if not isinstance(node, cst.Name) or node.value in seen:
                    continue
                seen.add(node.value)
                if node.value in self.defined:
                    return False
                pending.extend(self.module_values.get(node.value, []))
        return True

    def bound_value(self, attr: str) -> cst.BaseExpression | None:
        """The value of the constructor's one binding of ``self.attr`` (changed in place or not), else None."""
        found = self._one_binding(attr)
        return found[1] if found is not None else None

    def _one_binding(self, attr: str) -> tuple[int, cst.BaseExpression] | None:
        """The constructor's statement binding ``self.attr``, which no other statement stores: its index and value."""
        if self.stores.get(attr) != 1:
            return None
        init = self.init
        owner = self_name(init)
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


def _operations_of(value: cst.BaseExpression, given_host: Callable[[cst.Name | cst.Attribute], bool]) -> bool:
    """A literal, a parameter given host data, an attribute of host data (``given_host`` decides both), or
    operators over them (``embed_size or -1``, ``(embed_size is not None) and (embed_size > 0)``): host data the
    construction decides."""
    if isinstance(value, LITERALS) or isinstance(value, cst.Name) and value.value in ("True", "False", "None"):
        return True
    if isinstance(value, (cst.Name, cst.Attribute)):
        return given_host(value)
    if isinstance(value, cst.UnaryOperation):
        return _operations_of(value.expression, given_host)
    if isinstance(value, (cst.BinaryOperation, cst.BooleanOperation)):
        return _operations_of(value.left, given_host) and _operations_of(value.right, given_host)
    if isinstance(value, cst.Comparison):
        return _operations_of(value.left, given_host) and all(
            _operations_of(c.comparator, given_host) for c in value.comparisons
        )
    return False
