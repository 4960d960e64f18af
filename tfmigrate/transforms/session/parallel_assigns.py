"""``s, h = s0, h0`` before a graph-building loop that rebinds ``s`` and ``h`` (ecotner's hand-written LSTM).

A tuple of distinct names unpacked from a tuple written beside it, whose values read none of those names, binds
each name to its own value whichever order the bindings are made in: it is the lines ``s = s0`` and ``h = h0``.
Split so, the loop unroller (loops.py) can give each name the fresh name it gives a plain binding before the loop.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import loaded_names


def split(statement: cst.CSTNode) -> list[cst.SimpleStatementLine] | None:
    """The one-name lines ``statement`` is, where it is such a parallel assignment; None otherwise."""
    if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
        return None
    assign = statement.body[0]
    if not (isinstance(assign, cst.Assign) and len(assign.targets) == 1):
        return None
    target, value = assign.targets[0].target, assign.value
    if not (isinstance(target, cst.Tuple) and isinstance(value, cst.Tuple)):
        return None
    names, values = target.elements, value.elements
    if len(names) != len(values) or any(isinstance(e, cst.StarredElement) for e in (*names, *values)):
        return None
    targets = [n.value for n in names if isinstance(n.value, cst.Name)]
    bound = {t.value for t in targets}
    if len(bound) != len(names) or any(r.value in bound for v in values for r in loaded_names(v.value)):
        return None
    lines = [cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(t)], v.value)]) for t, v in zip(targets, values)]
    lines[0] = lines[0].with_changes(leading_lines=statement.leading_lines)
    return lines
