"""A builder's local another builder of the same class reads: ``with tf.variable_scope('D'): self.add_Discriminator()``
(whose ``tf.layers.dense(..., name='hidden')`` and ``tf.layers.dense(..., name='hidden', reuse=True)`` became one
Keras layer, ``D_hidden_layer``, applied twice) then ``self.add_backward_path()`` (whose
``var_list=tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='D')`` became ``[D_hidden_layer.kernel, ...]``),
held-out set 26's fi_mlp_gan (zwjyyc/finch's MLP_GAN).

The module-level proof read the builders inlined where the constructor calls them, once each, in that order, so the
local the rewrite made is bound before the statements that read it ran (or before the functions reading it were
called). Put back into methods, the binding method keeps its local and stores it on the instance
(``self.D_hidden_layer = D_hidden_layer`` right after its binding) and the reading method reads the attribute at the
same moment it read the name: the same object, so the same variables, the same TF1 names and the same var_list. Only
for a local bound once, by a lone assignment or a function definition at the top of its method's body or in a
``with`` block there, in one method only (no parameter of any), never bound by the reading method nor by a function
in it, under an attribute name the class does not use (nor a method's); anything else is left for
``ClassProgram.locality`` to refuse.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants
from tfmigrate.transforms.session.class_locals import assigned, bindings
from tfmigrate.transforms.session.class_sugar import Rename, read_names
from tfmigrate.transforms.session.functions import bound_names
from tfmigrate.transforms.session.renames import lone_assignment


def share(
    bodies: dict[str, list],
    owners: dict[str, str],
    functions: dict[str, cst.FunctionDef],
    module_bound: set[str],
    definition: cst.ClassDef,
    taken: set[str],
    prefix: str,
) -> dict[str, list]:
    """``bodies`` with each local one method binds and another reads stored on the instance by the first and read
    there by the second (see the module docstring). ``functions``: the method each body is the rewrite of (its
    parameters are its own names, never shared)."""
    used = {n.attr.value for n in descendants(definition) if isinstance(n, cst.Attribute)} | {
        n.name.value for n in descendants(definition) if isinstance(n, cst.FunctionDef)
    }  # an attribute would hide a method of that name
    stored: dict[str, str] = {}
    params = {
        name: {p.name.value for p in descendants(f.params) if isinstance(p, cst.Param)} for name, f in functions.items()
    }
    for reader in list(bodies):
        bound = {name: bound_names(list(body)) | params[name] for name, body in bodies.items()}
        others = set().union(*(b for n, b in bound.items() if n != reader)) - bound[reader] - module_bound
        reads: dict[str, str] = {}
        for name in sorted(read_names(list(bodies[reader])) & others):
            binders = [m for m, b in bound.items() if name in b]
            if len(binders) != 1 or _shadowed(bodies[reader], name):
                continue
            binder = bodies[binders[0]]
            if (
                name in params[binders[0]]
                or assigned(binder, defs=True).count(name) != 1
                or bindings(binder, name) + _definitions(binder, name) != 1
            ):
                continue
            if name not in stored and (kept := _kept(binder, owners[binders[0]], name)) is not None:
                stored[name] = kept  # exposed to the module already (class_locals.py)
            if name not in stored:
                attr = next((a for a in (name, f"{name}_") if a not in used and prefix + a not in taken), None)
                if attr is None:
                    continue
                store = cst.parse_statement(f"{owners[binders[0]]}.{attr} = {name}")
                bodies = {**bodies, binders[0]: _stored(bodies[binders[0]], name, store)}
                stored[name] = attr
                used.add(attr)
            reads[name] = stored[name]
        if reads:
            read = _ReadAttribute(owners[reader], reads)
            bodies = {**bodies, reader: [s.visit(read) for s in bodies[reader]]}
    return bodies


def _kept(statements: list, owner: str, name: str) -> str | None:
    """The attribute ``<owner>.<attr> = <name>`` in ``statements`` (or their ``with`` blocks) stores; None."""
    for statement in statements:
        if isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
            if (found := _kept(list(statement.body.body), owner, name)) is not None:
                return found
        lone = lone_assignment(statement)
        target = lone.targets[0].target if lone is not None else None
        if (
            isinstance(target, cst.Attribute)
            and isinstance(target.value, cst.Name)
            and target.value.value == owner
            and isinstance(lone.value, cst.Name)  # type: ignore[union-attr]
            and lone.value.value == name  # type: ignore[union-attr]
        ):
            return target.attr.value
    return None


def _definitions(body: list, name: str) -> int:
    """How many function definitions in ``body`` (nested ones too) bind ``name``."""
    return sum(isinstance(n, cst.FunctionDef) and n.name.value == name for s in body for n in descendants(s))


def _stored(statements: list, name: str, store: cst.BaseStatement) -> list:
    """``statements`` with ``store`` right after the binding of ``name`` (in its ``with`` block)."""
    kept: list = []
    for statement in statements:
        if isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
            block = statement.body
            statement = statement.with_changes(body=block.with_changes(body=_stored(list(block.body), name, store)))
        kept.append(statement)
        if assigned([statement], defs=True) == [name] and not isinstance(statement, cst.With):
            kept.append(store)
    return kept


def _shadowed(body: list, name: str) -> bool:
    """Whether a function, lambda or comprehension in ``body`` binds ``name`` of its own (its reads are not the
    method's)."""
    return any(
        isinstance(n, (cst.Param, cst.FunctionDef, cst.ClassDef))
        and n.name.value == name
        or isinstance(n, (cst.CompFor, cst.AssignTarget, cst.For, cst.AugAssign, cst.AnnAssign))
        and _binds(n, name)
        or isinstance(n, (cst.Global, cst.Nonlocal))  # a binding not followed here
        or isinstance(n, cst.ImportAlias)
        and (n.asname.name if n.asname else n.name).value == name  # type: ignore
        for s in body
        for n in descendants(s)
    )


def _binds(node: cst.CSTNode, name: str) -> bool:
    """Whether the target of an assignment or loop binds ``name`` (``self.name = ...`` binds no ``name``)."""
    target = node.target  # type: ignore[attr-defined]
    labels = {id(n.attr) for n in descendants(target) if isinstance(n, cst.Attribute)}
    return any(isinstance(n, cst.Name) and n.value == name and id(n) not in labels for n in descendants(target))


class _ReadAttribute(Rename):
    """Each read of a stored local -> ``<owner>.<attr>`` (Rename's rules: not attribute names or keywords)."""

    def __init__(self, owner: str, reads: dict[str, str]) -> None:
        super().__init__(reads)
        self.owner = owner

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        attr = self.names.get(original_node.value)
        if attr is None:
            return updated_node
        return cst.Attribute(value=cst.Name(self.owner), attr=cst.Name(attr))
