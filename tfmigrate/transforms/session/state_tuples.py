"""An LSTM state the program builds from fed placeholders: the char-RNN's ``initial_state =
tf.nn.rnn_cell.LSTMStateTuple(c_in, h_in)`` given to ``tf.nn.dynamic_rnn``, each run feeding back the final state
the previous run fetched.

TF1's ``LSTMStateTuple`` is a namedtuple holding the two tensors; the eager program's LSTM state is the namedtuple
rnn.py emits (``LSTMStateTuple``, fields ``c`` and ``h``), which its cells read as TF1's read theirs. So the call,
given the two placeholders themselves (in the tensor's function, the values each run feeds), becomes that
namedtuple of them. Only with two placeholder names as its arguments and a BasicLSTMCell/LSTMCell in the program
(whose namedtuple is emitted); anything else keeps the graph tier with analysis.py's reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session.rnn_templates import STATE

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program

PATH = "nn.rnn_cell.LSTMStateTuple"


def built(program: Program, call: cst.Call, path: str) -> bool:
    """``LSTMStateTuple(c_in, h_in)`` of two placeholders, recorded for ``replacements``."""
    if path != PATH or len(call.args) != 2 or any(a.keyword is not None or a.star for a in call.args):
        return False
    for arg in call.args:
        node = program.nodes.get(arg.value.value) if isinstance(arg.value, cst.Name) else None
        if node is None or node.kind != "placeholder":
            return False
    program.state_tuples.add(call)
    return True


def check(program: Program) -> None:
    """Each recorded call has the emitted namedtuple to become (an LSTM cell rnn.py models); raises Blocked."""
    for call in program.state_tuples:
        if STATE not in (program.rnn_names or {}):
            raise program.deny(f"tf.{PATH} in a program without an LSTM cell tfmigrate models", call)


def respelled(program: Program, original: cst.Call, updated: cst.Call) -> cst.BaseExpression | None:
    """The recorded call as the emitted namedtuple of what it is given (rewrite.py's ``calls`` hook)."""
    if original not in program.state_tuples:
        return None
    return updated.with_changes(func=cst.Name(program.rnn_names[STATE]))
