"""An optimizer class held by a name and called there: ``optimizer = tf.train.AdamOptimizer`` (natschz/deepq's
``def __init__(self, ..., optimizer=tf.train.AdamOptimizer)``, ``self.optimizer = optimizer`` and
``self.optimizer(self.lr).minimize(self.loss)``), a Q-network estimator taking its optimizer as an argument.

A name bound once, anywhere, to a TF1 optimizer class (or to another such name) holds that class wherever it is
read, so ``optimizer(lr)`` makes the object ``tf.train.AdamOptimizer(lr)`` makes. The class proof reads a
construction as its parameters' bindings (the call's argument or the default), so a class constructed once names
its optimizer so. The pass reads each such call as the class called by its path before the proof, whose optimizer
table then gives TF1's update rule and defaults (Adam's epsilon 1e-8, tf1_optimizers.py); the bindings stay as
written. A name bound again, or in a function, keeps the proof's refusal.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._tf1 import tf_binding
from tfmigrate.transforms.session.analysis import OPTIMIZERS, Bindings, LineOf, Resolve, descendants
from tfmigrate.transforms.session.renames import named_assignment
from tfmigrate.transforms.session.scope_constants import declared_or_stored_inside
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

NOTE = "`{name}(...)` read as `{path}(...)`: `{name}` holds that optimizer class, bound once"


def _path(resolve: Resolve, node: cst.CSTNode) -> str:
    return (resolve(node) or "").removeprefix("compat.v1.")


def held_classes(module: cst.Module, resolve: Resolve) -> dict[str, tuple[str, cst.BaseExpression]]:
    """Each module name bound once, by a module-level statement, to a TF1 optimizer class or to such a name:
    the class's path and the expression spelling it."""
    sites = Bindings(module).sites
    excluded = declared_or_stored_inside(module)
    held: dict[str, tuple[str, cst.BaseExpression]] = {}
    for statement in module.body:
        named = named_assignment(statement)
        if named is None or len(sites.get(named[0], [])) != 1 or named[0] in excluded:
            continue
        name, value = named[0], named[1].value
        if isinstance(value, cst.Name) and value.value in held:
            held[name] = held[value.value]
        elif isinstance(value, (cst.Attribute, cst.Name)) and _path(resolve, value) in OPTIMIZERS:
            held[name] = (_path(resolve, value), value)
    return held


class _Called(TracedRewrite):
    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, callees: dict[int, str], tf: str):
        super().__init__(module, resolve, line_of)
        self.callees, self.tf = callees, tf

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        path = self.callees.get(id(original_node.func))
        if path is None:
            return updated_node
        made = self.traced(cst.parse_expression(f"{self.tf}.{path}"), original_node.func)
        self.forced[id(made)] = path
        return updated_node.with_changes(func=made)


def read(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each call of a name holding an optimizer class calling the class, and a note for each;
    None where there is none."""
    tf = tf_binding(module)
    held = held_classes(module, resolve) if tf is not None else {}
    if not held:
        return None
    calls = [
        n
        for n in descendants(module)
        if isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value in held
    ]
    if not calls:
        return None
    callees = {id(c.func): held[c.func.value][0] for c in calls}  # type: ignore[attr-defined]
    notes = [
        (line_of(c), NOTE.format(name=c.func.value, path=f"tf.{held[c.func.value][0]}"))  # type: ignore[attr-defined]
        for c in calls
    ]
    return *_Called(module, resolve, line_of, callees, str(tf)).applied(), notes
