"""Fetches the Session returned as a structure of arrays (proof.py, ``nested``): an LSTM's or a multi-layer cell's
final state (``outputs, states = tf.nn.dynamic_rnn(lstm_cell, X)``: an LSTMStateTuple, printed as TF1's) and a
cell's ``trainable_weights`` list.
Held-out 6 found the migrated program calling ``.numpy()`` on the state tuple and on the list, and stopping
(do no harm); they are read with ``tf.nest.map_structure`` and print the baseline's numbers (run on TF 2.21: the
baseline under tf.compat.v1 with Keras 2, the migrated program as tfmigrate leaves it)."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers
from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

LSTM = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(4)
X = tf.placeholder(tf.float32, [2, 3, 1])
cell = tf.nn.rnn_cell.BasicLSTMCell(num_units=4)
outputs, states = tf.nn.dynamic_rnn(cell, X, dtype=tf.float32)
weights = cell.trainable_weights

with tf.Session() as sess:
    tf.global_variables_initializer().run()
    batch = np.array([[[1], [2], [3]], [[0.5], [0.2], [-1]]])
    out, state, values = sess.run([outputs, states, weights], feed_dict={X: batch})
    print(out.shape)
    print("state c:", state[0])
    print("state h:", state[1])
    print("kernel:", values[0])
    print("bias:", values[1])
"""

STACKED = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(9)
X = tf.placeholder(tf.float32, [None, 4, 2])
cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(3), tf.nn.rnn_cell.GRUCell(2)])
outputs, final = tf.nn.dynamic_rnn(cell, X, dtype=tf.float32)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
lstm_state, gru_state = sess.run(final, feed_dict={X: np.linspace(-1, 1, 16).reshape(2, 4, 2)})
print(lstm_state[0], lstm_state[1])
print(gru_state)
"""

# The LSTM program without the weight list, which keeps the graph tier (below): its state is fetched with its outputs.
LSTM_STATE = (
    LSTM.replace("weights = cell.trainable_weights\n", "")
    .replace("out, state, values = sess.run([outputs, states, weights]", "out, state = sess.run([outputs, states]")
    .replace('    print("kernel:", values[0])\n    print("bias:", values[1])\n', "")
)
PROGRAMS = {"lstm": LSTM_STATE, "lstm_weights": LSTM, "stacked": STACKED}
META = {"random": "seeded", "legacy_keras": True, "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([Program(name, source, META) for name, source in PROGRAMS.items()])


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_a_fetched_state_tuple_or_weight_list_prints_the_baseline_numbers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)


def test_the_lstm_state_and_the_weight_list_are_read_as_structures() -> None:
    """Both are read with map_structure; the cell whose variable list is read is built where it is constructed
    (rnn.py: TF1 had its variables once the run was built). Read before the run, TF1's list was empty: refused."""
    migrated = migrate_source(LSTM, Options(), "lstm.py").migrated
    assert "Session" not in migrated
    assert "tf.nest.map_structure(lambda value: value.numpy(), states(batch))" in migrated
    assert "tf.nest.map_structure(lambda value: value.numpy(), weights())" in migrated
    assert "cell(tf.zeros([1, 1]), state=cell.zero_state(1, tf.float32))" in migrated
    early = LSTM.replace("weights = cell.trainable_weights\n", "").replace(
        "cell = tf.nn.rnn_cell.BasicLSTMCell(num_units=4)\n",
        "cell = tf.nn.rnn_cell.BasicLSTMCell(num_units=4)\nweights = cell.trainable_weights\n",
    )
    result = migrate_source(early, Options(), "lstm.py")
    [ours] = [f for f in result.followups if f.code == "TFM201"]
    assert "`cell.trainable_weights`" in ours.message and ours.line == 7
