"""Names a run's value is bound to and never read (``result = sess.run(train_op, ...)`` in a trainer method).

TF1 gives ``None`` for a training op; a name nothing reads cannot show it, so such a binding says, like ``_``, that
the value is not used. Read means any appearance of the name other than as a plain assignment target anywhere in the
module (another scope's name of the same spelling counts too), so ``global``, ``del``, ``locals()`` and nested
reads all keep the run's value "used"."""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants

_DYNAMIC = frozenset({"locals", "vars", "globals", "eval", "exec"})


def unread_names(module: cst.Module) -> frozenset[str]:
    """Names bound only as ``name = ...`` targets and appearing nowhere else (one walk, read once per proof)."""
    targets: set[int] = set()
    bound: set[str] = set()
    for node in descendants(module):
        if isinstance(node, cst.AssignTarget) and isinstance(node.target, cst.Name):
            targets.add(id(node.target))
            bound.add(node.target.value)
    seen: set[str] = set()
    for node in descendants(module):
        if isinstance(node, cst.Name) and id(node) not in targets:
            seen.add(node.value)
    if seen & _DYNAMIC:
        return frozenset()
    return frozenset(bound - seen)
