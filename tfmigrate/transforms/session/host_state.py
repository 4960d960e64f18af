"""A graph class's host state: a float the constructor binds to host data (``self.epsilon = epsilon``, ``self.eps =
1``) and the method that opens the Session rebinds as it runs (the Q-network solvers' exploration rate:
``self.epsilon = self.epsilon * self.eps_decay``, ``self.eps *= self.eps_decay``, ``self.eps = 0``).

The method's body is read where it is called (class_session_methods.py), so those stores become the module's
``cps.epsilon = cps.epsilon * cps.eps_decay``, and the class proof reads ``cps.epsilon`` as the module-level name
``cps__epsilon``: a host name the module program rebinds, as any module program's host float. That means what the
program meant only while nothing else reads the attribute as the constructor's value: no other member of the class
reads it (a graph the constructor built from it, or a method reading it later, would see the value it was bound
to), it is changed in place nowhere, and every store but the constructor's is a plain store through the instance
(``self.`` in the Session method, the instance at module level) of host arithmetic over numbers and such attributes
(was "method `run_episodes` ... is not called by a statement", the Session method then read as a public builder).
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import Resolve, descendants
from tfmigrate.transforms.session.class_sugar import attribute_of, body_of, self_name
from tfmigrate.transforms.session.host_attributes import LITERALS, HostAttributes
from tfmigrate.transforms.session.settled_attributes import stores_and_changes


def state_attributes(
    module: cst.Module, resolve: Resolve, definition: cst.ClassDef, through: cst.FunctionDef | str
) -> set[str]:
    """The class's host state, rebound ``through`` the Session method still in the class (its stores through its
    own ``self``, its reads its own), or once the method's body stands at its call, through the instance's name
    outside the class."""
    method = through if isinstance(through, cst.FunctionDef) else None
    holder = through if isinstance(through, str) else self_name(through) or ""
    members = [m for m in cast(cst.IndentedBlock, definition.body).body if isinstance(m, cst.FunctionDef)]
    init = next((m for m in members if m.name.value == "__init__"), None)
    if init is None or not init.params.params or init.decorators:
        return set()
    owner = init.params.params[0].name.value
    hosts = HostAttributes(module, resolve, lambda node: 0, definition.name.value, init)
    bound: dict[str, cst.Assign] = {}  # the constructor's own-level ``self.attr = value``
    for statement in body_of(init):
        small = (
            statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
        )
        if isinstance(small, cst.Assign) and len(small.targets) == 1 and attribute_of(small.targets[0].target, owner):
            bound[cast(cst.Attribute, small.targets[0].target).attr.value] = small
    stores, changed = stores_and_changes(module, definition)
    inside = {id(n) for n in descendants(definition)}
    in_method = {id(n) for n in descendants(method)} if method is not None else set()
    others = {id(n) for m in members if m is not init and m is not method for n in descendants(m)}
    rebound: dict[str, list[cst.CSTNode]] = {}
    for node in descendants(module):
        outside = id(node) not in inside if method is None else id(node) in in_method
        if isinstance(node, (cst.Assign, cst.AugAssign)) and outside:
            targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            for target in targets:
                if isinstance(target, cst.Attribute) and target.attr.value in bound:
                    rebound.setdefault(target.attr.value, []).append(node)
    candidates = {
        attr
        for attr, nodes in rebound.items()
        if attr not in changed
        and stores.get(attr) == len(nodes) + 1
        and _host(bound[attr].value, owner, set(), hosts)
        and not any(
            isinstance(n, cst.Attribute) and n.attr.value == attr and id(n) in others for n in descendants(module)
        )
        and not any(
            isinstance(n, cst.Attribute) and n.attr.value == attr and n is not bound[attr].targets[0].target
            for n in descendants(init)
        )
    }
    changing = True
    while changing:  # an attribute whose stores read one that is not state is not state either
        changing = False
        for attr in sorted(candidates):
            if not all(_plain_store(node, holder, candidates, hosts) for node in rebound[attr]):
                candidates.discard(attr)
                changing = True
    return candidates


def _plain_store(node: cst.CSTNode, holder: str, state: set[str], hosts: HostAttributes) -> bool:
    """``holder.attr = <host value>`` or ``holder.attr op= <host value>``, one target."""
    if isinstance(node, cst.Assign) and len(node.targets) == 1:
        target, value = node.targets[0].target, node.value
    elif isinstance(node, cst.AugAssign):
        target, value = node.target, node.value
    else:
        return False
    return attribute_of(target, holder) and _host(value, holder, state, hosts)


def _host(value: cst.BaseExpression, owner: str, state: set[str], hosts: HostAttributes) -> bool:
    """A number or string, a constructor parameter given host data, an attribute of ``owner`` that is host data or
    host state, or arithmetic over them."""
    if isinstance(value, LITERALS) or isinstance(value, cst.Name) and value.value in ("True", "False", "None"):
        return True
    if isinstance(value, cst.Name):
        return hosts.given_host(value.value)
    if isinstance(value, cst.Attribute):
        attr = value.attr.value
        return attribute_of(value, owner) and (attr in state or hosts.binding(attr) is not None)
    if isinstance(value, cst.UnaryOperation):
        return _host(value.expression, owner, state, hosts)
    if isinstance(value, (cst.BinaryOperation, cst.BooleanOperation)):
        return _host(value.left, owner, state, hosts) and _host(value.right, owner, state, hosts)
    return False


def stores(node: cst.CSTNode, state: set[str]) -> bool:
    """``node`` (an assignment target or an augmented assignment) stores one of the attributes ``state``."""
    target = node.target if isinstance(node, (cst.AssignTarget, cst.AugAssign)) else None
    return isinstance(target, cst.Attribute) and target.attr.value in state
