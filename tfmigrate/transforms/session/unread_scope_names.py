"""``with tf.name_scope(name) as scope:`` where nothing reads ``scope`` (held-out 29's dl_mnist_fnn_bn: a layer, a
loss and an optimizer helper each open one), read as ``with tf.name_scope(name):``.

The ``as`` target only binds what the scope returns on entry (its name string, or the VariableScope object); the
block enters and leaves the same scope either way. Where the name is spelled nowhere but in such targets (no read,
no other binding, no ``global``, and nothing that reads a scope's names: ``locals()``, ``eval``...), the block
without it is the same program, and the forms the proof models take it from there; the eager program is
written without the unread name. The name is looked for in the function the block stands in (its nested functions
too, which may read it), or in the whole module for a block at module level.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.cstfields import children
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants, loaded_names
from tfmigrate.transforms.session.inlined_helpers import SCOPE_READERS
from tfmigrate.transforms.session.scope_edits import ScopeEdits

SCOPES = frozenset({"name_scope", "variable_scope"})


def read(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each unread ``as`` of a scope block dropped, and no note (nothing changes meaning); None
    where there is none."""
    blocks = [n for n in descendants(module) if isinstance(n, cst.With) and _scope_block(n, resolve)]
    if not blocks:
        return None
    targets = {id(_bound(block)) for block in blocks}
    owners = _owners(module)
    unnamed = []
    for block in blocks:
        owner = owners[id(block)]
        spelled = {n.value for n in loaded_names(owner) if id(n) not in targets}
        if not spelled & SCOPE_READERS and _bound(block).value not in spelled:
            unnamed.append(block)
    if not unnamed:
        return None
    return (*ScopeEdits(module, resolve, line_of, (), unnamed, ()).applied(), [])


def _owners(module: cst.Module) -> dict[int, cst.CSTNode]:
    """Each ``with`` block -> the innermost function holding it (the scope its ``as`` binds in), or the module."""
    owners: dict[int, cst.CSTNode] = {}

    def walk(node: cst.CSTNode, owner: cst.CSTNode) -> None:
        for child in children(node):
            if isinstance(child, cst.With):
                owners[id(child)] = owner
            walk(child, child if isinstance(child, cst.FunctionDef) else owner)

    walk(module, module)
    return owners


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
