"""A tf.layers regularizer whose value no run reads: ``tf.layers.dense(x, 8, kernel_regularizer=lambda w: reg_coef *
tf.nn.l2_loss(w))`` in a program that never reads ``REGULARIZATION_LOSSES`` (the core spelling of contrib's
``l2_regularizer``, collected and then forgotten, as xfflzl's VAE does).

TF1 built the regularizer's ops beside the kernel and put their value in the graph's ``REGULARIZATION_LOSSES``;
nothing ran them unless a run fetched that list, so the program's numbers do not depend on them and the Keras
layer is built without the argument. That holds only where the regularizer is a function of its weight alone
(a lambda of TensorFlow ops that draw nothing, make no variable and collect nothing, on its argument, numbers and module
names bound once to a number): another body could act when TF1 built it. The program must not name the list or
its readers (``get_collection``, ``tf.losses.get_regularization_loss(es)``, ``get_total_loss``, the key or its
string), and must not be seeded: under ``tf.set_random_seed`` every op TF1 built moved the op seed of the draws
after it, and session/seeds.py does not count these.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import callable_params, eager_ops
from tfmigrate.transforms.session.analysis import Program, descendants, is_random, module_binding

ARITHMETIC = (cst.Add, cst.Subtract, cst.Multiply, cst.Divide, cst.Power)
# What reads the losses TF1 collected: the list, its key (GraphKeys.REGULARIZATION_LOSSES is this string) and
# the functions that sum it.
READERS = frozenset(
    {
        "get_collection",
        "get_collection_ref",
        "REGULARIZATION_LOSSES",
        "get_regularization_loss",
        "get_regularization_losses",
        "get_total_loss",
    }
)
KEY = "regularization_losses"


def why_kept(program: Program, value: cst.BaseExpression, seeded: bool) -> str | None:
    """Why the regularizer ``value`` must keep the graph tier; None when the Keras layer may leave it out."""
    function = _function(program, value)
    if function is None:
        return "TF1 collected it in a graph collection (a regularizer other than a lambda of one weight)"
    param, body = function
    if not _of_weight(program, body, param):
        return "TF1 collected it in a graph collection (its body is not proven a function of the weight alone)"
    read = _reader(program)
    if read is not None:
        return f"TF1 collected it in REGULARIZATION_LOSSES, which the program reads (`{read}`; not modelled)"
    if seeded:
        return "its ops moved the op seeds of TF1's later draws in this seeded program (not counted)"
    return None


def _function(program: Program, value: cst.BaseExpression) -> tuple[str, cst.BaseExpression] | None:
    """The one parameter and the body of a lambda written in the call (a ``def`` passed by name is a helper that
    builds graph ops: the helper proof keeps the graph tier for it)."""
    return _param(value.params, value.body) if isinstance(value, cst.Lambda) else None


def _param(params: cst.Parameters, body: cst.BaseExpression) -> tuple[str, cst.BaseExpression] | None:
    plain = params.params
    others = (params.posonly_params, params.kwonly_params, params.star_kwarg)
    if len(plain) != 1 or plain[0].default is not None or any(others) or isinstance(params.star_arg, cst.Param):
        return None
    return plain[0].name.value, body


def _of_weight(program: Program, node: cst.BaseExpression, param: str) -> bool:
    if isinstance(node, (cst.Integer, cst.Float)):
        return True
    if isinstance(node, cst.Name):
        return node.value == param or _number(program, node.value)
    if isinstance(node, cst.BinaryOperation):
        ok = isinstance(node.operator, ARITHMETIC)
        return ok and _of_weight(program, node.left, param) and _of_weight(program, node.right, param)
    if isinstance(node, cst.UnaryOperation):
        return isinstance(node.operator, cst.Minus) and _of_weight(program, node.expression, param)
    if isinstance(node, cst.Call):
        return _pure(program.tf1_path(node.func)) and all(
            not a.star and _of_weight(program, a.value, param) for a in node.args
        )
    return False


def _pure(path: str | None) -> bool:
    """A stateless op of the generated table (tools/gen_eager_ops.py), eager-equal to TF1's, taking no function."""
    return path is not None and path in eager_ops() and not is_random(path) and not callable_params(path)


def _number(program: Program, name: str) -> bool:
    bound = module_binding(program, name)
    if isinstance(bound, cst.UnaryOperation) and isinstance(bound.operator, cst.Minus):
        bound = bound.expression
    return isinstance(bound, (cst.Integer, cst.Float))


def _reader(program: Program) -> str | None:
    """The first name in the program that reads the collected losses, however spelled."""
    for node in descendants(program.module):
        if isinstance(node, cst.Attribute) and node.attr.value in READERS:
            return node.attr.value
        if isinstance(node, cst.Name) and node.value in READERS:
            return node.value
        if isinstance(node, cst.SimpleString) and KEY in node.value:
            return node.value
    return None
