"""A builder's local the rewrite's module code must reach: ``def train(self): optimizer =
tf.train.AdamOptimizer(lr); train_op = optimizer.minimize(self.loss_val, ...)`` in a program with a Saver.

TF1's Saver saved the optimizer's slots (``Embedding/Adam``, ``beta1_power``), so the eager Checkpoint, built by the
module where the Saver was, holds the optimizer and the TF1 restore reads the slots into it; the optimizer is the
builder's local, which the module cannot name. Put back, the builder keeps its local and stores it on the instance
too (``self.optimizer = optimizer`` after its binding), and the module reads ``model.optimizer``. Only for a local
bound once, by a lone assignment at the top of one builder's body, read by the module only after the construction,
under an attribute name the class and the rewrite do not use already.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants, loaded_names
from tfmigrate.transforms.session.class_sugar import Rename
from tfmigrate.transforms.session.functions import bound_names
from tfmigrate.transforms.session.renames import lone_assignment


def expose(
    bodies: dict[str, list],
    owners: dict[str, str],
    module_part: list,
    after: int,
    prefix: str,
    definition: cst.ClassDef,
    taken: set[str],
    renamed: set[str],
) -> tuple[dict[str, list], list]:
    """``bodies`` and ``module_part`` with each builder local the module reads (after index ``after``) stored on
    the instance (``<owner>.<local> = <local>``) and read there as ``<prefix><local>`` (the put-back's spelling of
    ``instance.<local>``); names not so exposed are left for the locality check to refuse."""
    module_bound = bound_names(list(module_part))
    early = {n.value for s in module_part[: after + 1] for n in loaded_names(s)}
    late = {n.value for s in module_part[after + 1 :] for n in loaded_names(s)}
    used = {n.attr.value for n in descendants(definition) if isinstance(n, cst.Attribute)}
    exposed: dict[str, str] = {}
    for method, body in bodies.items():
        for index, statement in enumerate(body):
            assigned = lone_assignment(statement)
            target = assigned.targets[0].target if assigned is not None else None
            if not isinstance(target, cst.Name):
                continue
            name = target.value
            if name not in late or name in early or name in module_bound or name in used or prefix + name in taken:
                continue
            if name in renamed:  # a local renamed for the proof (``Shape.renames``): not its name in the method
                continue
            if sum(name in bound_names(list(b)) for b in bodies.values()) != 1 or _bindings(body, name) != 1:
                continue
            store = cst.parse_statement(f"{owners[method]}.{name} = {name}")
            bodies = {**bodies, method: [*body[: index + 1], store, *body[index + 1 :]]}
            exposed[name] = prefix + name
            break
    if not exposed:
        return bodies, module_part
    rename = Rename(exposed)
    return bodies, [s.visit(rename) for s in module_part]


def _bindings(body: list, name: str) -> int:
    """How many targets in ``body`` (nested blocks too) bind ``name``."""
    return sum(
        1
        for node in (n for s in body for n in descendants(s))
        if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.WithItem))
        and any(isinstance(t, cst.Name) and t.value == name for t in _targets(node))
    )


def _targets(node: cst.CSTNode) -> list[cst.CSTNode]:
    if isinstance(node, cst.WithItem):
        return [node.asname.name] if node.asname is not None else []
    return list(descendants(node.target))  # type: ignore[attr-defined]
