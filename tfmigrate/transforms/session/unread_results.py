"""Names a run's value is bound to and never read (``result = sess.run(train_op, ...)`` in a trainer method).

TF1 gives ``None`` for a training op; a name nothing reads cannot show it, so such a binding says, like ``_``, that
the value is not used. Read means any appearance of the name other than as a plain assignment target in the scope
that can see the binding: the whole module for a module-level (or class-body) name, the function and every scope
nested in it for a function's own local - so a model class's ``predict()`` returning its own ``result`` is no read
of ``optimize()``'s ``result`` (held-out set 21). ``global``, ``nonlocal``, ``del``, ``locals()`` and nested reads
all keep the run's value "used"."""

from __future__ import annotations

import libcst as cst

from tfmigrate.cstfields import children
from tfmigrate.transforms.session.analysis import descendants

_DYNAMIC = frozenset({"locals", "vars", "globals", "eval", "exec"})


def unread_targets(module: cst.Module) -> frozenset[cst.Name]:
    """The ``name`` node of each ``name = ...`` its scope never reads (read once per proof)."""
    found = set(_unread(module, _targets(module, everywhere=True)))
    for node in descendants(module):
        if isinstance(node, cst.FunctionDef):
            found.update(_unread(node, _targets(node.body, everywhere=False)))
    return frozenset(found)


def _targets(root: cst.CSTNode, everywhere: bool) -> list[cst.Name]:
    """``name = ...`` targets below ``root``; with ``everywhere`` False only those of its own scope (nested
    functions and classes are scopes of their own)."""
    found: list[cst.Name] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.AssignTarget) and isinstance(node.target, cst.Name):
            found.append(node.target)
        if everywhere or not isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            stack.extend(children(node))
    return found


def _unread(scope: cst.CSTNode, targets: list[cst.Name]) -> list[cst.Name]:
    bound = {node.target for node in descendants(scope) if isinstance(node, cst.AssignTarget)}
    seen = {node.value for node in descendants(scope) if isinstance(node, cst.Name) and node not in bound}
    if seen & _DYNAMIC:
        return []
    return [target for target in targets if target.value not in seen]
