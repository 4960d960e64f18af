"""Python's ``sum`` over graph values: ``reg * sum([tf.nn.l2_loss(w) for w in weights])`` (course code's weight
decay), ``sum(tf.nn.l2_loss(w) for w in weights)``.

``sum`` starts at the int 0 and adds each item in order: TF1 builds ``0 + a + b + ...`` as Add ops in the graph (the
first add converts 0 to the tensor's dtype) and eagerly the same adds run in the same order on the same values, so
the result is the same number. The items' own calls are checked with the rest of the expression (analysis.py reads
every call inside it). A ``start`` other than a number literal, unpacked arguments, or a module that binds ``sum``
itself are left to the refusal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program


def builtin_sum(program: Program, call: cst.Call) -> bool:
    """Whether ``call`` is the builtin ``sum(items)`` or ``sum(items, <number>)``."""
    func = call.func
    if not (isinstance(func, cst.Name) and func.value == "sum") or "sum" in program.binds or "sum" in program.imported:
        return False
    if any(arg.star for arg in call.args) or not 1 <= len(call.args) <= 2 or call.args[0].keyword is not None:
        return False
    if len(call.args) == 2:
        start = call.args[1]
        if start.keyword is not None and start.keyword.value != "start":
            return False
        value = start.value
        if isinstance(value, cst.UnaryOperation) and isinstance(value.operator, cst.Minus):
            value = value.expression
        return isinstance(value, (cst.Integer, cst.Float))
    return True
