"""Layer-building loops with a scope per pass: ``for i, size in enumerate(sizes): with tf.variable_scope('layer%d'
% i): inputs = tf.layers.dense(inputs, size)`` (a GAN's ``mlp``, a deep matrix factorisation's hidden layers), often
inside the model's own ``with tf.variable_scope(scope, reuse=reuse):``.

TF1 runs such a loop once, when it builds the graph: each pass enters its scope (``layer0``, ``layer1``), builds its
layer there and rebinds the input. loops.py unrolls it as it unrolls a loop of assignments: each pass becomes its own
``with`` block, the scope's name written out (``'layer%d' % 0`` is ``'layer0'``, the name TF1 gave), the assignments
inside renamed pass by pass. A loop standing in a module-level ``with`` block is unrolled in that block, the names it
rebinds followed through the module's lines before the block as for a loop at top level. Only scope blocks (a
``variable_scope`` or ``name_scope`` call, no ``as``) of single-name assignments are read so; anything else stays as
written and the proof decides.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.cstfields import signed_integer
from tfmigrate.transforms.session.analysis import Resolve

SCOPES = frozenset({"variable_scope", "name_scope"})


def scope_block(statement: cst.CSTNode, resolve: Resolve) -> bool:
    """``with tf.variable_scope(...):`` (or ``tf.name_scope``) over single-name assignment lines."""
    if not (isinstance(statement, cst.With) and len(statement.items) == 1 and statement.asynchronous is None):
        return False
    item = statement.items[0]
    call = item.item
    if item.asname is not None or not isinstance(call, cst.Call):
        return False
    path = (resolve(call.func) or "").removeprefix("compat.v1.")
    if path not in SCOPES or not isinstance(statement.body, cst.IndentedBlock):
        return False
    return all(
        isinstance(line, cst.SimpleStatementLine)
        and len(line.body) == 1
        and isinstance(line.body[0], cst.Assign)
        and len(line.body[0].targets) == 1
        and isinstance(line.body[0].targets[0].target, cst.Name)
        for line in statement.body.body
    )


def lines(statement: cst.CSTNode) -> list[cst.SimpleStatementLine]:
    """A loop body statement's assignment lines: a scope block's, or the line itself."""
    if isinstance(statement, cst.With):
        return list(statement.body.body)  # type: ignore[arg-type]  # (scope_block)
    return [statement]  # type: ignore[list-item]


def folded(node: cst.BaseExpression) -> cst.BaseExpression:
    """``'layer%d' % 0`` as ``'layer0'`` (a string formatted with literal numbers or strings), else ``node``."""
    if not (
        isinstance(node, cst.BinaryOperation)
        and isinstance(node.operator, cst.Modulo)
        and isinstance(node.left, cst.SimpleString)
    ):
        return node
    right = node.right
    operands = [e.value for e in right.elements] if isinstance(right, cst.Tuple) else [right]
    values: list[object] = []
    for operand in operands:
        value = operand.evaluated_value if isinstance(operand, cst.SimpleString) else number(operand)
        if value is None:
            return node
        values.append(value)
    try:
        text = node.left.evaluated_value % tuple(values)
    except (TypeError, ValueError):
        return node
    if not isinstance(text, str):
        return node
    return cst.SimpleString(repr(text))


def number(node: cst.BaseExpression) -> int | None:
    """An integer literal, or a sum or difference of them (``idx + 1`` with the pass's index written in)."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Add, cst.Subtract)):
        left, right = number(node.left), number(node.right)
        if left is None or right is None:
            return None
        return left + right if isinstance(node.operator, cst.Add) else left - right
    return signed_integer(node)


class Fold(cst.CSTTransformer):
    def leave_BinaryOperation(
        self, original_node: cst.BinaryOperation, updated_node: cst.BinaryOperation
    ) -> cst.BaseExpression:
        return folded(updated_node)


def enumerated(it: cst.BaseExpression, resolve: Resolve) -> cst.BaseExpression | None:
    """The list ``enumerate(xs)`` enumerates (the builtin, one argument, no ``start``)."""
    return _argument(it, "enumerate", resolve)


def measured(node: cst.BaseExpression, resolve: Resolve) -> cst.BaseExpression | None:
    """The list ``len(xs)`` measures (the builtin)."""
    return _argument(node, "len", resolve)


def _argument(node: cst.BaseExpression, builtin: str, resolve: Resolve) -> cst.BaseExpression | None:
    """The one positional argument of a call of the builtin ``builtin``."""
    if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == builtin):
        return None
    if resolve(node.func) is not None or len(node.args) != 1 or node.args[0].keyword or node.args[0].star:
        return None
    return node.args[0].value


def sliced(node: cst.BaseExpression) -> tuple[cst.BaseExpression, slice] | None:
    """``sizes[:-1]`` / ``sizes[1:]``: the list sliced and the slice, its bounds integer literals (no step)."""
    if not (isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Slice)):
        return None
    part = node.slice[0].slice
    if part.step is not None:
        return None
    bounds = [None if b is None else signed_integer(b) for b in (part.lower, part.upper)]
    if any(b is None and given is not None for b, given in zip(bounds, (part.lower, part.upper))):
        return None
    return node.value, slice(*bounds)
