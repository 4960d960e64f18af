"""A builder's local the rewrite's module code must reach: ``def train(self): optimizer =
tf.train.AdamOptimizer(lr); train_op = optimizer.minimize(self.loss_val, ...)`` in a program with a Saver.

TF1's Saver saved the optimizer's slots (``Embedding/Adam``, ``beta1_power``), so the eager Checkpoint, built by the
module where the Saver was, holds the optimizer and the TF1 restore reads the slots into it; the optimizer is the
builder's local, which the module cannot name. Put back, the builder keeps its local and stores it on the instance
too (``self.optimizer = optimizer`` after its binding), and the module reads ``model.optimizer``. Only for a local
bound once, by a lone assignment at the top of one builder's body or in a ``with`` block there (the variables of a
GAN's ``self.discriminator(x, reuse=False)`` read at its call, each in its ``tf.variable_scope``), read by the module only after the construction,
under an attribute name the class and the rewrite do not use already: the local's, else the local's with ``_``
(``self.optimizer_`` where ``self.optimizer`` is the train op, kvfrans' VAE).
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
    for method in list(bodies):
        for name in assigned(bodies[method]):  # each such local (``w``, then ``optimizer``), in order
            if name not in late or name in early or name in module_bound:
                continue
            attr = next((a for a in (name, f"{name}_") if a not in used and prefix + a not in taken), None)
            if attr is None:  # ``self.optimizer``, the train op, beside the local ``optimizer``: ``self.optimizer_``
                continue
            if name in renamed or name in exposed:  # renamed for the proof (``Shape.renames``), or stored already
                continue
            body = bodies[method]
            if sum(name in bound_names(list(b)) for b in bodies.values()) != 1 or bindings(body, name) != 1:
                continue
            store = cst.parse_statement(f"{owners[method]}.{attr} = {name}")
            bodies = {**bodies, method: _stored(body, name, store)}
            exposed[name] = prefix + attr
            used.add(attr)
    if not exposed:
        return bodies, module_part
    rename = Rename(exposed)
    return bodies, [s.visit(rename) for s in module_part]


def assigned(statements: list, defs: bool = False) -> list[str]:
    """The names lone assignments bind, in order, in ``statements`` and the ``with`` blocks among them (a
    variable a scoped helper read at its call made, ``D_real_net_w = tf.get_variable(...)`` inside ``with
    tf.variable_scope("d_conv1"):``), and with ``defs`` the functions they define (shared_locals.py: the rewrite's
    ``def build_eagerly(layer, ...)``)."""
    found: list[str] = []
    for statement in statements:
        lone = lone_assignment(statement)
        target = lone.targets[0].target if lone is not None else None
        if isinstance(target, cst.Name):
            found.append(target.value)
        elif defs and isinstance(statement, cst.FunctionDef):
            found.append(statement.name.value)
        elif isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
            found.extend(assigned(list(statement.body.body), defs))
    return found


def _stored(statements: list, name: str, store: cst.BaseStatement) -> list:
    """``statements`` with ``store`` right after the lone assignment of ``name`` (in its ``with`` block)."""
    kept: list = []
    for statement in statements:
        assigned = lone_assignment(statement)
        target = assigned.targets[0].target if assigned is not None else None
        if isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
            block = statement.body
            statement = statement.with_changes(body=block.with_changes(body=_stored(list(block.body), name, store)))
        kept.append(statement)
        if isinstance(target, cst.Name) and target.value == name:
            kept.append(store)
    return kept


def bindings(body: list, name: str) -> int:
    """How many targets in ``body`` (nested blocks too) bind ``name``: a function or class defined there binds its
    own (the rewrite's ``TF1Adam.update_step``'s ``m, v = ...`` beside the method's ``v``) unless it declares the
    name ``nonlocal`` or ``global``, which counts as one more."""
    scopes = (cst.FunctionDef, cst.ClassDef, cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
    nodes = [n for s in body for n in descendants(s)]
    inner = {id(n) for scope in nodes if isinstance(scope, scopes) for n in descendants(scope) if n is not scope}
    return sum(
        any(item.name.value == name for item in node.names)
        if isinstance(node, (cst.Nonlocal, cst.Global))
        else id(node) not in inner and any(isinstance(t, cst.Name) and t.value == name for t in _targets(node))
        for node in nodes
        if isinstance(
            node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.WithItem, cst.Nonlocal, cst.Global)
        )
    )


def _targets(node: cst.CSTNode) -> list[cst.CSTNode]:
    if isinstance(node, cst.WithItem):
        return [node.asname.name] if node.asname is not None else []
    target = node.target  # type: ignore[attr-defined]
    labels = {id(n.attr) for n in descendants(target) if isinstance(n, cst.Attribute)}
    return [n for n in descendants(target) if id(n) not in labels]  # ``self.optimizer`` binds no ``optimizer``
