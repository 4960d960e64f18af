"""``if`` tests on a graph value's identity, decided when the graph is built: ``if self.dropout_keep_prob is not
None: lstm_fw_cell = rnn.DropoutWrapper(lstm_fw_cell, output_keep_prob=self.dropout_keep_prob)`` in a model class
whose constructor made ``self.dropout_keep_prob = tf.placeholder(tf.float32)`` (the text-classification models'
shape).

A placeholder (or a variable or constant) is a Python object that is never ``None``: TF1 took the ``is not None``
branch (and skipped an ``is None`` branch) once, while it built the graph, and the eager program must build the same
thing, so the ``if`` is read as its taken branch before the proof (which refuses a graph value rebound in a branch:
loop_rebinds.py). Decided only where the attribute is certainly that value when the test runs: bound once in the
module, by a statement of the class's ``__init__`` body before any statement of it that calls a method of ``self``,
the class having no base, no subclass and no class-level binding of that name; the test in a method of that class,
reading its first parameter, never bound again there.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.none_branches import none_comparison
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

_NEVER_NONE = frozenset({"placeholder", "placeholder_with_default", "Variable", "constant", "get_variable"})
_DYNAMIC = frozenset({"setattr", "delattr", "__dict__", "vars"})


def read(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each such ``if`` read as its taken branch, and a note for each; None where there is none."""
    decided: dict[cst.If, bool] = {}
    classes = [d for d in descendants(module) if isinstance(d, cst.ClassDef)]
    for definition in module.body:
        if not isinstance(definition, cst.ClassDef) or definition.bases:
            continue
        name = definition.name.value
        if any(
            n.value == name for c in classes for b in c.bases for n in descendants(b.value) if isinstance(n, cst.Name)
        ):
            continue  # a subclass may bind the name in its own body
        decided.update(_decided(module, definition, resolve))
    if not decided:
        return None
    rewrite = _Taken(module, resolve, line_of, decided)
    taken, resolve_new, line_of_new = rewrite.applied()
    notes = [
        (
            line_of(branch),
            f"`if {cst.Module([]).code_for_node(branch.test)}:` tests a graph value against None, decided when TF1 "
            f"built the graph: read as its {'taken branch' if value else '`else` (or nothing)'}",
        )
        for branch, value in decided.items()
    ]
    return taken, resolve_new, line_of_new, sorted(notes)


class _Taken(TracedRewrite):
    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, decided: dict[cst.If, bool]) -> None:
        super().__init__(module, resolve, line_of)
        self.decided = decided

    def leave_If(self, original_node: cst.If, updated_node: cst.If):
        value = self.decided.get(original_node)
        if value is None:
            return updated_node
        if value:
            return cst.FlattenSentinel(cast(cst.IndentedBlock, updated_node.body).body)
        if isinstance(updated_node.orelse, cst.Else):
            return cst.FlattenSentinel(cast(cst.IndentedBlock, updated_node.orelse.body).body)
        return cst.RemovalSentinel.REMOVE


def _decided(module: cst.Module, definition: cst.ClassDef, resolve: Resolve) -> dict[cst.If, bool]:
    members = cast(cst.IndentedBlock, definition.body).body
    init = next((m for m in members if isinstance(m, cst.FunctionDef) and m.name.value == "__init__"), None)
    if init is None or not isinstance(init.body, cst.IndentedBlock) or not init.params.params:
        return {}
    attributes = _never_none(module, definition, init, resolve)
    found: dict[cst.If, bool] = {}
    for method in members:
        if not (isinstance(method, cst.FunctionDef) and method.params.params and not method.decorators):
            continue
        owner = method.params.params[0].name.value
        if any(isinstance(n, cst.Name) and n.value == owner for n in _bound(method)):
            continue
        for node in descendants(method.body):
            if isinstance(node, cst.If) and isinstance(node.orelse, (cst.Else, type(None))):
                value = _test(node.test, owner, attributes)
                if value is not None:
                    found[node] = value
    return found


def _test(test: cst.BaseExpression, owner: str, attributes: set[str]) -> bool | None:
    """True for ``self.attr is not None``, False for ``self.attr is None``, over a never-None attribute."""
    compared = none_comparison(test)
    if compared is None:
        return None
    left, is_not = compared
    if not (
        isinstance(left, cst.Attribute)
        and isinstance(left.value, cst.Name)
        and left.value.value == owner
        and left.attr.value in attributes
    ):
        return None
    return is_not


def _never_none(module: cst.Module, definition: cst.ClassDef, init: cst.FunctionDef, resolve: Resolve) -> set[str]:
    """Attributes ``__init__`` binds to a placeholder (variable, constant) before it calls any method of ``self``,
    bound nowhere else in the module and not in the class body."""
    owner = init.params.params[0].name.value
    if any(isinstance(n, cst.Name) and n.value in _DYNAMIC for n in descendants(module)):
        return set()
    stores: dict[str, int] = {}
    for node in descendants(module):
        for target in _targets(node):
            if isinstance(target, cst.Attribute):
                stores[target.attr.value] = stores.get(target.attr.value, 0) + 1
    class_level = {
        n.value
        for statement in cast(cst.IndentedBlock, definition.body).body
        if not isinstance(statement, cst.FunctionDef)
        for n in descendants(statement)
        if isinstance(n, cst.Name)
    }
    found: set[str] = set()
    for statement in cast(cst.IndentedBlock, init.body).body:
        if any(
            isinstance(c, cst.Call)
            and isinstance(c.func, cst.Attribute)
            and isinstance(c.func.value, cst.Name)
            and c.func.value.value == owner
            for c in descendants(statement)
        ):
            break
        small = (
            statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
        )
        if (
            isinstance(small, cst.Assign)
            and len(small.targets) == 1
            and isinstance(target := small.targets[0].target, cst.Attribute)
            and isinstance(target.value, cst.Name)
            and target.value.value == owner
            and isinstance(small.value, cst.Call)
            and (resolve(small.value.func) or "").removeprefix("compat.v1.") in _NEVER_NONE
            and stores.get(target.attr.value) == 1
            and target.attr.value not in class_level
        ):
            found.add(target.attr.value)
    return found


def _targets(node: cst.CSTNode) -> list[cst.CSTNode]:
    """What ``node`` binds: assignment (plain, augmented, annotated, walrus), loop, ``with ... as``, ``del``."""
    if isinstance(node, cst.AssignTarget):
        return _flat(node.target)
    if isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor)):
        return _flat(node.target)
    if isinstance(node, cst.AsName):
        return _flat(node.name)
    if isinstance(node, cst.Del):
        return _flat(node.target)
    return []


def _flat(target: cst.CSTNode) -> list[cst.CSTNode]:
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for e in target.elements for n in _flat(e.value)]
    if isinstance(target, cst.StarredElement):
        return _flat(target.value)
    return [target]


def _bound(method: cst.FunctionDef) -> list[cst.CSTNode]:
    """What the method binds in its body (its parameters aside)."""
    return [t for node in descendants(method.body) for t in _targets(node)]
