"""A layer helper's variables sized by a static dimension of its input, the attention layer's::

    def attention(inputs, attention_size):
        if isinstance(inputs, tuple):
            inputs = tf.concat(inputs, 2)
        hidden_size = inputs.shape[2].value
        w_omega = tf.Variable(tf.random_normal([hidden_size, attention_size], stddev=0.1))

``inputs.shape[2].value`` (or ``x.shape[-1]``, ``int(x.get_shape()[-1])``, ``x.get_shape().as_list()[-1]``; not
``tf.shape``, a tensor) is a host int: TF1 read it from the graph once, where the helper was called, as shape
inference gave it. The creation function (builders.py) takes it as a parameter; the call site computes it the way
TF1 did, by tracing the helper's statements before the read (``attention_dimensions``) on the call's arguments, the
tensors' functions given ``tf.TensorSpec``s of their placeholders' declared shapes: the same shape functions over
the same declared shapes. An input computed by RNN cells (the attention over a bidirectional GRU's outputs) builds
tfmigrate's eager cells (rnn_templates.py) in that trace, where TF1 had built their kernels, before the attention
variables: Keras lifts the weights out of the trace, each kernel drawn with the op seed TF1's graph gave it, the
same values the first training step would have drawn (checked on TF 2.21); other layers are not traced (shapes.py).
TF2 dimensions are ints already, so ``.value`` is dropped. Modelled where the reads are
consecutive statements of the body's top level, before any variable, of one local; the computation may read them
too where TF1 gave an int (``int()``, ``.value``, ``.as_list()``), kept there as TF2 spells the read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

from tfmigrate.transforms.session import shapes
from tfmigrate.transforms.session.analysis import Node, Program, descendants

VALUE = "value"


@dataclass
class Static:
    """``hidden_size = inputs.shape[2].value`` in a layer helper."""

    local: str
    subject: str  # the helper's local whose static shape is read
    statement: cst.SimpleStatementLine
    wrapped: bool  # ``int(...)`` around the read
    valued: bool  # ``.value`` after the index
    as_list: bool  # ``.as_list()`` before the index
    index: str  # the literal index's code


def read(program: Program, value: cst.BaseExpression) -> Static | None:
    """The parts of a static-dimension read of one local (statement and local filled by the caller)."""
    wrapped = False
    if (
        isinstance(value, cst.Call)
        and isinstance(value.func, cst.Name)
        and value.func.value == "int"
        and "int" not in program.binds
        and len(value.args) == 1
        and value.args[0].keyword is None
        and not value.args[0].star
    ):
        wrapped, value = True, value.args[0].value
    valued = isinstance(value, cst.Attribute) and value.attr.value == VALUE
    if isinstance(value, cst.Attribute) and valued:
        value = value.value
    if not isinstance(value, cst.Subscript) or len(value.slice) != 1:
        return None
    index = value.slice[0].slice
    if not isinstance(index, cst.Index) or not _literal_int(index.value):
        return None
    shape = value.value
    as_list = False
    if (
        isinstance(shape, cst.Call)
        and not shape.args
        and isinstance(shape.func, cst.Attribute)
        and shape.func.attr.value == "as_list"
    ):
        as_list, shape = True, shape.func.value
    subject = shapes.read_name(shape)
    if subject is None:
        return None
    code = program.module.code_for_node(index.value)
    return Static("", subject.value, cst.SimpleStatementLine([]), wrapped, valued, as_list, code)


def _literal_int(value: cst.BaseExpression) -> bool:
    if isinstance(value, cst.Integer):
        return True
    return (
        isinstance(value, cst.UnaryOperation)
        and isinstance(value.operator, cst.Minus)
        and isinstance(value.expression, cst.Integer)
    )


def check(statics: list[Static], body: list[cst.BaseStatement], compute_reads: set[str], deny) -> None:
    """Raises Blocked (through ``deny``) where the reads are not modelled: scattered, of several locals, or a TF1
    ``Dimension`` (no ``int()``, ``.value`` or ``.as_list()``) read by the computation too, where it is not an int
    (printed, compared). An int read by both is the same int: the variables were built with it, so TF1 knew it, and
    every input fed since had it."""
    if not statics:
        return
    positions = [body.index(s.statement) if s.statement in body else -1 for s in statics]
    if -1 in positions or positions != list(range(positions[0], positions[0] + len(positions))):
        raise deny("static dimensions read other than in consecutive statements of the body", statics[0].statement)
    if len({s.subject for s in statics}) > 1:
        raise deny("static dimensions of several values size the variables", statics[0].statement)
    for static in statics:
        if static.local in compute_reads and not (static.wrapped or static.valued or static.as_list):
            raise deny(
                f"the static dimension `{static.local}` (a TF1 Dimension) sizes the variables and is read by the "
                "computation too",
                static.statement,
            )


def prefix(statics: list[Static], body: Sequence[cst.CSTNode]) -> list[cst.CSTNode]:
    """The statements before the reads, which compute the value whose shape is read."""
    return list(body[: body.index(statics[0].statement)])


def reads(statics: list[Static], body: Sequence[cst.CSTNode]) -> set[str]:
    """The names the measuring function reads: its statements' and the local it returns."""
    names = {statics[0].subject}
    for statement in prefix(statics, body):
        names |= {n.value for n in descendants(statement) if isinstance(n, cst.Name)}
    return names


def computed(statics: list[Static], compute_reads: set[str]) -> dict[cst.CSTNode, cst.BaseStatement]:
    """The reads the computation keeps, each respelled for TF2 (``hidden_size = inputs.shape[2]``)."""
    kept: dict[cst.CSTNode, cst.BaseStatement] = {}
    for static in statics:
        if static.local in compute_reads:
            kept[static.statement] = cst.parse_statement(f"{static.local} = {eager_read(static, static.subject)}\n")
    return kept


def eager_read(static: Static, traced: str) -> str:
    """The read of the traced value's static shape, as TF2 spells it (dimensions are ints: no ``.value``)."""
    code = f"{traced}.shape{'.as_list()' if static.as_list else ''}[{static.index}]"
    return f"int({code})" if static.wrapped else code


def arguments(program: Program, tf: str, statics: list[Static], function: str, node: Node, args: list[str]) -> tuple:
    """Each dimension at the call site making the tensor ``node``: the read of ``function`` (the statements before
    it) traced on the call's arguments ``args``, the tensors in them called on their placeholders' specs."""
    if not statics:
        return ()
    from tfmigrate.transforms.session import rnn

    what = f"`{statics[0].subject}.shape`, a static dimension sizing the variables,"
    cells = frozenset(rnn.cells(program))  # (built in the trace, below)
    specs = shapes.specs(program, node, statics[0].statement, tf, what, cells)
    traced = (
        f"{tf}.function(lambda {', '.join(node.params)}: {function}({', '.join(args)}))"
        f".get_concrete_function({specs}).structured_outputs"
    )
    return tuple(eager_read(s, traced) for s in statics)
