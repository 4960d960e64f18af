"""``tf.contrib.seq2seq.sequence_loss`` as the expression TF 1.15 computed, for the reductions it can be shown for.

TF 1.15 (tensorflow/contrib/seq2seq/python/ops/loss.py) took the sparse softmax cross-entropy of each target,
multiplied it by ``weights`` and, for the averaging flags, divided the weighted sums by the summed weights with
``div_no_nan``; ``sparse_softmax_cross_entropy_with_logits`` takes the [batch, time, classes] logits as they
are, which is the flattening contrib did. ``sum_over_*`` (a count of non-zero weights in the dtype of the loss)
and ``softmax_loss_function`` (called on the flattened logits) are left to a person.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._tf1 import chain
from tfmigrate.transforms.contrib.args import literal_bool, separator

PARAMS = (
    "logits",
    "targets",
    "weights",
    "average_across_timesteps",
    "average_across_batch",
    "sum_over_timesteps",
    "sum_over_batch",
    "softmax_loss_function",
    "name",
)
# Positional flags differ between TF versions (sum_over_* came in 1.13 before softmax_loss_function).
POSITIONAL = 5
# Functions whose result is the same however often the expression is evaluated: ``weights`` appears twice.
PURE = frozenset(
    {
        "ones",
        "ones_like",
        "sequence_mask",
        "cast",
        "to_float",
        "fill",
        "constant",
        "reshape",
        "compat.v1.to_float",
        "math.not_equal",
        "not_equal",
        "math.greater",
        "greater",
        "where",
        "compat.v1.sequence_mask",
    }
)


def _pure(node: cst.BaseExpression, tf_path) -> bool:
    """An expression that can be written twice: names, attributes, literals, subscripts, and pure TF calls."""
    if isinstance(node, (cst.Name, cst.Integer, cst.Float, cst.SimpleString)):
        return True
    if isinstance(node, cst.Attribute):
        return _pure(node.value, tf_path)
    if isinstance(node, cst.Subscript):
        return _pure(node.value, tf_path) and all(
            isinstance(e.slice, cst.Index) and _pure(e.slice.value, tf_path) for e in node.slice
        )
    if isinstance(node, (cst.List, cst.Tuple)):
        return all(_pure(e.value, tf_path) for e in node.elements)
    if isinstance(node, cst.UnaryOperation):
        return _pure(node.expression, tf_path)
    if isinstance(node, cst.BinaryOperation):
        return _pure(node.left, tf_path) and _pure(node.right, tf_path)
    if isinstance(node, cst.Call):
        return tf_path(node.func) in PURE and all(not a.star and _pure(a.value, tf_path) for a in node.args)
    return False


def sequence_loss(original: cst.Call, call: cst.Call, root: str, tf_path) -> cst.BaseExpression | str:
    """The replacement for ``call`` (``original`` as read), or why it cannot be written exactly.
    ``tf_path(node)`` is the tf.* path an original function expression names (``ones`` for ``tf.ones``), or None."""
    bound: dict[str, cst.Arg] = {}
    read: dict[str, cst.Arg] = {}
    for index, (arg, arg_read) in enumerate(zip(call.args, original.args)):
        if arg.star:
            return "*args/**kwargs cannot be mapped"
        if arg.keyword is None and index >= POSITIONAL:
            return f"pass argument {index + 1} by keyword (its position differs between TF versions)"
        key = arg.keyword.value if arg.keyword is not None else PARAMS[index]
        if key not in PARAMS:
            return f"it has no argument {key}"
        bound[key], read[key] = arg, arg_read
    missing = [p for p in PARAMS[:3] if p not in bound]
    if missing:
        return f"no {missing[0]} argument"
    flags: dict[str, str] = {}
    for key, default in (
        ("average_across_timesteps", "True"),
        ("average_across_batch", "True"),
        ("sum_over_timesteps", "False"),
        ("sum_over_batch", "False"),
    ):
        flag = literal_bool(bound[key].value) if key in bound else default
        if flag is None:
            return f"{key}= must be a literal True/False to be written out"
        flags[key] = flag
    if "True" in (flags["sum_over_timesteps"], flags["sum_over_batch"]):
        return "sum_over_* divides by the count of non-zero weights; write it out by hand"
    if "softmax_loss_function" in bound and not (
        isinstance(bound["softmax_loss_function"].value, cst.Name)
        and bound["softmax_loss_function"].value.value == "None"
    ):
        return "softmax_loss_function was called on flattened logits; write it out by hand"
    weights = bound["weights"].value
    average = (flags["average_across_timesteps"], flags["average_across_batch"])
    if average != ("False", "False") and not _pure(read["weights"].value, tf_path):
        return "weights is used twice in the written-out loss: assign it to a name first"

    def tf_call(path: str, *args: cst.Arg) -> cst.Call:
        return cst.Call(func=chain(f"{root}.{path}"), args=list(args))

    def kw(key: str, value: cst.BaseExpression, last: bool = False) -> cst.Arg:
        eq = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
        comma = cst.MaybeSentinel.DEFAULT if last else cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        return cst.Arg(value=value, keyword=cst.Name(key), equal=eq, comma=comma)

    crossent = tf_call(
        "nn.sparse_softmax_cross_entropy_with_logits",
        kw("labels", bound["targets"].value),
        kw("logits", bound["logits"].value, last=True),
    )
    weighted = cst.BinaryOperation(left=crossent, operator=cst.Multiply(), right=_operand(weights))
    if average == ("False", "False"):
        return weighted.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    axis = {("True", "True"): None, ("True", "False"): "[1]", ("False", "True"): "[0]"}[average]

    def reduce_sum(value: cst.BaseExpression) -> cst.Call:
        if axis is None:
            return tf_call("reduce_sum", cst.Arg(value=value))
        return tf_call(
            "reduce_sum",
            cst.Arg(value=value, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))),
            kw("axis", cst.parse_expression(axis), last=True),
        )

    trailing = call.args[-1].comma if call.args else cst.MaybeSentinel.DEFAULT
    return call.with_changes(
        func=chain(f"{root}.math.divide_no_nan"),
        args=[
            cst.Arg(value=reduce_sum(weighted), comma=separator(call)),
            cst.Arg(value=reduce_sum(weights), comma=trailing),
        ],
    )


def _operand(node: cst.BaseExpression) -> cst.BaseExpression:
    if isinstance(node, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)) or node.lpar:
        return node
    return node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
