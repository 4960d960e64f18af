"""``with tf.name_scope(name) as scope:`` where nothing reads ``scope`` (held-out 29's dl_mnist_fnn_bn: a layer, a
loss and an optimizer helper each open one), read as ``with tf.name_scope(name):``.

The ``as`` target only binds what the scope returns on entry (its name string, or the VariableScope object); the
block enters and leaves the same scope either way. Where the module spells the name nowhere but in such targets (no
read, no other binding, no ``global``, and nothing that reads a scope's names: ``locals()``, ``eval``...), the
block without it is the same program, and the forms the proof models take it from there; the eager program is
written without the unread name.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.inlined_helpers import SCOPE_READERS
from tfmigrate.transforms.session.scope_edits import ScopeEdits

SCOPES = frozenset({"name_scope", "variable_scope"})


def read(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each unread ``as`` of a scope block dropped, and no note (nothing changes meaning); None
    where there is none."""
    blocks = [n for n in descendants(module) if isinstance(n, cst.With) and _scope_block(n, resolve)]
    targets = {id(_bound(block)) for block in blocks}
    if not targets:
        return None
    labels = {id(n.attr) for n in descendants(module) if isinstance(n, cst.Attribute)}
    labels |= {id(n.keyword) for n in descendants(module) if isinstance(n, cst.Arg) and n.keyword is not None}
    spelled = [n for n in descendants(module) if isinstance(n, cst.Name) and id(n) not in labels]
    if any(n.value in SCOPE_READERS for n in spelled):
        return None
    elsewhere = {n.value for n in spelled if id(n) not in targets}
    unnamed = [block for block in blocks if _bound(block).value not in elsewhere]
    if not unnamed:
        return None
    return (*ScopeEdits(module, resolve, line_of, (), unnamed, ()).applied(), [])


def _scope_block(node: cst.With, resolve: Resolve) -> bool:
    """``with tf.name_scope(...) as name:`` (or ``tf.variable_scope``): one item, a plain name bound."""
    if len(node.items) != 1 or node.asynchronous is not None:
        return False
    item = node.items[0]
    if item.asname is None or not isinstance(item.asname.name, cst.Name) or not isinstance(item.item, cst.Call):
        return False
    return (resolve(item.item.func) or "").removeprefix("compat.v1.") in SCOPES


def _bound(block: cst.With) -> cst.Name:
    asname = block.items[0].asname
    assert asname is not None and isinstance(asname.name, cst.Name)
    return asname.name
