"""Whether an expression is a constant written out (``0.9``, ``-1``, ``"SAME"``, ``None``): a helper's default or a
config value the proof may read as it stands, where the same text means the same value eagerly and in TF1's graph.
"""

from __future__ import annotations

import libcst as cst


def written(node: cst.BaseExpression, numbers_and_bools: bool = False) -> bool:
    """A number, string, bool or None, under any unary operators. ``numbers_and_bools``: a number (negated or not)
    or a bool alone, what a Keras layer argument copied from ``tf.layers`` takes (batch_norms.py)."""
    if isinstance(node, cst.UnaryOperation) and (not numbers_and_bools or isinstance(node.operator, cst.Minus)):
        return written(node.expression, numbers_and_bools)
    if isinstance(node, cst.Name):
        return node.value in (("True", "False") if numbers_and_bools else ("True", "False", "None"))
    kinds = (cst.Integer, cst.Float) if numbers_and_bools else (cst.Integer, cst.Float, cst.SimpleString)
    return isinstance(node, kinds)
