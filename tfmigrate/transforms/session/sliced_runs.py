"""A run's fetch list indexed or sliced at once (``sess.run([train, a, b])[1:]``, ``sess.run([train, loss])[1]``).

The positions the literal index or slice leaves out are never seen, as if bound to ``_``: TF1's ``None`` for a
training op there is no use of it. Only a literal list or tuple of fetches and a literal non-negative index or
``[k:]`` / ``[:k]`` / ``[k:m]`` slice without a step are read; anything else keeps every position "used"."""

from __future__ import annotations

import libcst as cst


def _literal(value: cst.BaseExpression | None) -> int | None:
    return int(value.value) if isinstance(value, cst.Integer) else None


def kept(node: cst.Subscript) -> list[cst.Element] | None:
    """Stand-in assignment targets for the run ``node`` subscripts: ``_`` where a position is left out, a name
    where it is kept; None when the subscript is not such a literal one."""
    call = node.value
    if not (isinstance(call, cst.Call) and call.args and call.args[0].keyword in (None,)):
        return None
    fetches = call.args[0].value
    if not isinstance(fetches, (cst.List, cst.Tuple)) or len(node.slice) != 1:
        return None
    if any(not isinstance(e, cst.Element) for e in fetches.elements):
        return None
    size = len(fetches.elements)
    index = node.slice[0].slice
    if isinstance(index, cst.Index):
        at = _literal(index.value)
        if at is None or at >= size:
            return None
        chosen = {at}
    elif isinstance(index, cst.Slice) and index.step is None:
        lower = 0 if index.lower is None else _literal(index.lower)
        upper = size if index.upper is None else _literal(index.upper)
        if lower is None or upper is None:
            return None
        chosen = set(range(lower, min(upper, size)))
    else:
        return None
    return [cst.Element(cst.Name("kept" if i in chosen else "_")) for i in range(size)]
