"""A Python list of assign ops bound to a name and run by it: ``train = [fixW, fixb]`` then ``sess.run([train,
loss], feed_dict=...)`` (tcksand's linear regression with ``tf.gradients``).

The list is no graph value: ``sess.run`` walks it and returns a list of the assigns' values, exactly as it does for
the literal list written in its place. The pass reads each run of the name as a run of the literal and drops the
binding, so the proof meets the run it models (gradient_steps.py groups the values back as fetched). Only where
the name is bound once, to a list or tuple of names each bound once to an assign op (``tf.assign``,
``v.assign``, ``assign_add``, ``assign_sub``), and read nowhere but as a run's fetch or an element of it.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.transforms.session.analysis import Bindings, LineOf, Resolve, descendants, parents_of
from tfmigrate.transforms.session.renames import lone_assignment
from tfmigrate.transforms.session.run_calls import run_receiver
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

ASSIGNS = frozenset({"assign", "assign_add", "assign_sub"})
NOTE = "list of assign ops `{name}` run by name: read as the literal list it holds, as TF1 walked it"


def inline(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each such run reading the literal list, and a note for each list; None where there is none."""
    lists = _lists(module, resolve) if ".run(" in module_code(module) else {}
    if not lists:
        return None
    notes = [(line_of(statement), NOTE.format(name=name)) for name, (statement, _) in lists.items()]
    return *_Inline(module, resolve, line_of, lists).applied(), notes


def run_lists(module: cst.Module, resolve: Resolve) -> set[str]:
    """The names ``inline`` reads as their literal lists."""
    return set(_lists(module, resolve))


def _lists(module: cst.Module, resolve: Resolve) -> dict[str, tuple[cst.SimpleStatementLine, cst.BaseExpression]]:
    """Each name bound once to a literal list of assign ops and read only in runs -> its statement and its list."""
    bindings = Bindings(module)
    values = _single_values(module)
    found: dict[str, tuple[cst.SimpleStatementLine, cst.BaseExpression]] = {}
    for name, (statement, value) in values.items():
        if not isinstance(value, (cst.List, cst.Tuple)) or not value.elements:
            continue
        if len(bindings.sites.get(name, [])) != 1:
            continue
        elements = [e.value for e in value.elements]
        if not all(
            isinstance(e, cst.Name)
            and len(bindings.sites.get(e.value, [])) == 1
            and _assign_op(resolve, values.get(e.value, (None, None))[1])
            for e in elements
        ):
            continue
        found[name] = (statement, value)
    if not found:
        return {}
    parents = parents_of(module)
    for use in descendants(module):
        if isinstance(use, cst.Name) and use.value in found and not _run_fetch(use, parents):
            if not _bound_here(use, parents, found[use.value][0]):
                found.pop(use.value)
    return found


def _single_values(module: cst.Module) -> dict[str, tuple[cst.SimpleStatementLine, cst.BaseExpression]]:
    values: dict[str, tuple[cst.SimpleStatementLine, cst.BaseExpression]] = {}
    for statement in descendants(module):
        small = lone_assignment(statement)
        if small is not None and isinstance(small.targets[0].target, cst.Name):
            values[small.targets[0].target.value] = (statement, small.value)
    return values


def _assign_op(resolve: Resolve, value: cst.BaseExpression | None) -> bool:
    if not isinstance(value, cst.Call):
        return False
    path = resolve(value.func)
    if path is not None:
        return path.removeprefix("compat.v1.") in ASSIGNS
    return isinstance(value.func, cst.Attribute) and value.func.attr.value in ASSIGNS


def _run_fetch(use: cst.Name, parents: dict[cst.CSTNode, cst.CSTNode]) -> bool:
    """``sess.run(name, ...)`` or ``sess.run([name, ...], ...)``: the name is the fetch or one of its elements."""
    parent = parents.get(use)
    if isinstance(parent, cst.Element):
        container = parents.get(parent)
        if not isinstance(container, (cst.List, cst.Tuple)):
            return False
        use, parent = container, parents.get(container)  # type: ignore[assignment]
    if not (isinstance(parent, cst.Arg) and parent.keyword is None and parent.value is use):
        return False
    call = parents.get(parent)
    return isinstance(call, cst.Call) and run_receiver(call) is not None and call.args[0] is parent


def _bound_here(use: cst.Name, parents: dict[cst.CSTNode, cst.CSTNode], statement: cst.SimpleStatementLine) -> bool:
    node: cst.CSTNode | None = use
    while node is not None and node is not statement:
        node = parents.get(node)
    return node is statement and isinstance(parents.get(use), cst.AssignTarget)


class _Inline(TracedRewrite):
    def __init__(self, module, resolve, line_of, lists) -> None:
        super().__init__(module, resolve, line_of)
        self.lists = lists
        self.statements = {statement for statement, _ in lists.values()}
        self.targets = {id(s.body[0].targets[0].target) for s in self.statements}

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        if original_node.value not in self.lists or id(original_node) in self.targets:
            return updated_node
        value = self.lists[original_node.value][1]
        return self.traced(value.deep_clone(), original_node)

    def leave_SimpleStatementLine(self, original_node, updated_node):
        if original_node in self.statements:
            return cst.RemovalSentinel.REMOVE
        return updated_node
