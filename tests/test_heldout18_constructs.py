"""Constructs of held-out set 18 that were refused for reasons that were not true (FINDINGS.md rank 2): a
placeholder shaped by an RNN cell's ``state_size`` (host ints, the same numbers in TF1 and the emitted cell).
Each program is seeded, runs as the TF1 baseline (tf.compat.v1 + legacy Keras, where TF1's cells live) and migrated
through tests/session_harness.py, and must come out session-free with the baseline's numbers; where the next
construct is not modelled, the report names it."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate

META = {"random": "seeded", "legacy_keras": True}

PROGRAMS = {
    # ks_rnn_tutorial1's shape: the fed initial state's placeholder takes its width from the cell.
    "placeholder_shape_from_state_size": """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
cell = tf.nn.rnn_cell.GRUCell(4)
init_state = tf.placeholder(tf.float32, [None, cell.state_size])
inputs = tf.placeholder(tf.float32, [None, 3, 2])
outputs, state = tf.nn.dynamic_rnn(cell, inputs, initial_state=init_state)
total = tf.reduce_sum(outputs)

xs = np.arange(12, dtype=np.float32).reshape([2, 3, 2]) / 10.0
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(total, {inputs: xs, init_state: np.zeros([2, 4])}))
    print(sess.run(state, {inputs: xs, init_state: np.ones([2, 4])}))
""",
}

LSTM_STATE = """\
import numpy as np
import tensorflow as tf

cell = tf.nn.rnn_cell.BasicLSTMCell(4)
c_ph = tf.placeholder(tf.float32, (None, cell.state_size[0]))
h_ph = tf.placeholder(tf.float32, (None, cell.state_size[1]))
inputs = tf.constant(np.ones([2, 3, 5], dtype=np.float32))
out, state = tf.nn.dynamic_rnn(cell, inputs, initial_state=tf.nn.rnn_cell.LSTMStateTuple(c_ph, h_ph))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    z = np.zeros([2, 4], dtype=np.float32)
    print(sess.run(tf.shape(out), {c_ph: z, h_ph: z}))
"""


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([Program(name, source, META) for name, source in PROGRAMS.items()])


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_comes_out_session_free_with_the_baseline_numbers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)


def test_an_lstm_state_size_is_host_data_and_the_state_tuple_is_what_stops() -> None:
    found = reasons(LSTM_STATE)
    assert len(found) == 1, found
    assert "placeholder's arguments read graph values" not in found[0], found
    assert "LSTMStateTuple" in found[0] and "(line 8)" in found[0], found


def test_a_state_size_read_other_than_as_an_int_stays_a_graph_read() -> None:
    """``cell.state_size.c``: the emitted LSTM cell holds a pair, not TF1's LSTMStateTuple."""
    found = reasons(LSTM_STATE.replace("cell.state_size[0]", "cell.state_size.c"))
    assert "a placeholder's arguments read graph values (line 5)" in found[0], found
