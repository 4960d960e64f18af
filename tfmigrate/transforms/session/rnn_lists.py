"""Python structures of graph tensors in RNN programs: ``x_seq = tf.unstack(x, num=n_steps, axis=1)``, the list of
outputs ``tf.nn.static_rnn`` returns, an RNN's final state (a tuple for LSTM and stacked cells).

TF1 returns a Python ``list`` of tensors from ``tf.unstack`` / ``tf.split`` in graph and eager mode alike, so
``type(x_seq)`` and ``len(x_seq)`` print the same there (szlevinli's RNN lessons print ``type(x_seq)`` beside the
graph): ``type(...)`` becomes ``list`` and ``len(...)`` the count the call was given (the eager name is a function of
the fed values, whose own type is not the list's). ``sess.run(outputs)`` of such a structure returned the same
structure of numpy arrays, which the eager fetch rebuilds with ``tf.nest.map_structure`` (a lone tensor passes
through it unchanged, so every value read out of an RNN run is fetched that way).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.cstfields import signed_integer
from tfmigrate.transforms.session.analysis import loaded_names

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Node, Program
    from tfmigrate.transforms.session.proof import Proof

LISTS = frozenset({"unstack", "unpack", "split"})
LIST = "list"  # Node.nested: a Python list whatever the mode
STRUCTURE = "structure"  # Node.nested: a tensor or a (nested) tuple of tensors read out of an RNN run
FIELDS = frozenset({"c", "h"})  # an LSTMStateTuple's


def mark(program: Program, node: Node, value: cst.BaseExpression, run: cst.Call | None, tuple_state) -> None:
    """Sets ``node.nested`` for a list-returning op, an RNN run (``run``: the call) and what is read out of them;
    ``tuple_state(run)`` says whether the run's cell has a tuple state (LSTM, MultiRNNCell)."""
    if isinstance(value, cst.Call) and program.tf1_path(value.func) in LISTS or isinstance(value, cst.ListComp):
        node.nested = LIST  # (a list comprehension: the tutorials' per-step ``losses = [... for ...]``)
    elif run is not None or _tuple_display(value):
        node.nested = STRUCTURE
    elif isinstance(value, cst.Subscript) and isinstance(value.value, cst.Name) and len(value.slice) == 1:
        owner = program.nodes.get(value.value.value)
        index = value.slice[0].slice
        number = signed_integer(index.value) if isinstance(index, cst.Index) else None
        if owner is None or not owner.nested:
            return
        if owner.nested == STRUCTURE and isinstance(owner.value, cst.Call) and number in (0, 1, 2):
            path = program.tf1_path(owner.value.func)
            static = path.endswith(("static_rnn", "static_bidirectional_rnn"))
            if number == 0:  # (bidirectional_dynamic_rnn: the tuple (outputs_fw, outputs_bw))
                node.nested = LIST if static else STRUCTURE if path.endswith("bidirectional_dynamic_rnn") else ""
            else:  # (static_bidirectional_rnn: [1] and [2] the forward and the backward state)
                node.nested = STRUCTURE if tuple_state(owner.value) else ""
        elif owner.nested == LIST:
            node.nested = "" if number is not None else LIST
        else:
            node.nested = STRUCTURE
    elif isinstance(value, cst.Attribute) and value.attr.value in FIELDS and structure(program, value.value):
        node.nested = STRUCTURE  # an LSTM state's half (a tensor; read through map_structure all the same)


def _tuple_display(value: cst.BaseExpression) -> bool:
    """``(c, h)``, ``(tf.zeros([2, n]),) * 2``: a tuple the program builds (an initial LSTM state), which TF1's
    Session returned as a tuple of arrays; eager ``.numpy()`` of it would fail."""
    if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Multiply):
        value = value.left
    return isinstance(value, cst.Tuple) and bool(value.elements)


def structure(program: Program, value: cst.BaseExpression) -> bool:
    """``state`` or ``state[-1]``, where ``state`` is a structure read out of an RNN run: TF1's and the eager
    structures have the same types (an LSTMStateTuple for an LSTM, a tuple for a MultiRNNCell, else a tensor), so
    ``.c`` / ``.h`` read the same half there, or fail in both."""
    if isinstance(value, cst.Subscript) and len(value.slice) == 1 and isinstance(value.slice[0].slice, cst.Index):
        if signed_integer(value.slice[0].slice.value) is None:
            return False
        value = value.value
    owner = program.nodes.get(value.value) if isinstance(value, cst.Name) else None
    return owner is not None and owner.nested == STRUCTURE


def builtin(proof: Proof, call: cst.Call) -> bool:
    """``type(x_seq)`` / ``len(x_seq)`` of a graph list: planned as ``list`` / its count; False for anything else."""
    program = proof.program
    if not (
        isinstance(call.func, cst.Name)
        and call.func.value in ("type", "len")
        and call.func.value not in program.binds
        and len(call.args) == 1
        and call.args[0].keyword is None
        and not call.args[0].star
        and isinstance(call.args[0].value, cst.Name)
    ):
        return False
    node = program.nodes.get(call.args[0].value.value)
    if node is None or node.nested != LIST:
        return False
    if call.func.value == "type":
        proof.plan.replace[call] = "list"
        return True
    count = _count(program, node)
    if count is None:
        return False
    code = program.module.code_for_node(count)
    proof.plan.replace[call] = f"len({code})" if isinstance(count, cst.List) else code
    return True


def _count(program: Program, node: Node) -> cst.BaseExpression | None:
    """How many tensors ``tf.unstack(x, num=n)`` / ``tf.split(x, n, axis)`` returns, given as a literal or a Python
    name (not a graph value)."""
    value = node.value
    if not isinstance(value, cst.Call):
        return None
    keyword = "num" if program.tf1_path(value.func) in ("unstack", "unpack") else "num_or_size_splits"
    given = None
    for index, arg in enumerate(value.args):
        if (arg.keyword is not None and arg.keyword.value == keyword) or (arg.keyword is None and index == 1):
            given = arg.value
    if given is None or any(n.value in program.nodes or program.binds.get(n.value, 0) > 1 for n in loaded_names(given)):
        return None  # a graph value, or a name that may hold another count where len() is read
    if isinstance(given, (cst.Integer, cst.Name, cst.List)):
        return given
    return None
