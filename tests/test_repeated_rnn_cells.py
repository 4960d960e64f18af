"""MultiRNNCell layers whose number is not written in the call: ``[lstm_cell] * NUM_LAYERS`` (one cell object listed
n times: TF1 computes every layer with the first layer's variables, drawn once) and ``[make_cell() for _ in
range(num_layers)]`` with the count read from a config object (the cells draw consecutive op seeds however many
there are). Run on TF 2.21 against the TF1 baseline (Keras 2), seeded: the same numbers."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate

# The shape of a learner's sine-regression LSTM (an input projection to NUM_UNITS, so one cell fits every layer).
SHARED = """\
import numpy as np
import tensorflow as tf

NUM_UNITS = 8
NUM_LAYERS = 2
TIME_STEPS = 6
INPUT_SIZE = 1
BATCH_SIZE = 5

tf.set_random_seed(3)
seq = np.sin(np.linspace(0, 4, 40, dtype=np.float32))
X_data = np.stack([seq[i:i + TIME_STEPS] for i in range(BATCH_SIZE)])[:, :, None]
Y_data = np.array([[seq[i + TIME_STEPS]] for i in range(BATCH_SIZE)], np.float32)

x = tf.placeholder(tf.float32, [None, TIME_STEPS, INPUT_SIZE])
y = tf.placeholder(tf.float32, [None, 1])
w_in = tf.get_variable('weight_input', shape=[INPUT_SIZE, NUM_UNITS], initializer=tf.truncated_normal_initializer())
b_in = tf.get_variable('bias_input', shape=[NUM_UNITS], initializer=tf.zeros_initializer())
input_rnn = tf.reshape(tf.matmul(tf.reshape(x, [-1, INPUT_SIZE]), w_in) + b_in, [-1, TIME_STEPS, NUM_UNITS])

lstm_cell = tf.nn.rnn_cell.BasicLSTMCell(NUM_UNITS, state_is_tuple=True)
cell = tf.nn.rnn_cell.MultiRNNCell([lstm_cell] * NUM_LAYERS)
init_state = cell.zero_state(BATCH_SIZE, dtype=tf.float32)
output_rnn, final_states = tf.nn.dynamic_rnn(cell, input_rnn, initial_state=init_state, dtype=tf.float32)
predictions = tf.layers.dense(output_rnn[:, -1, :], 1, None)
loss = tf.reduce_mean(tf.square(predictions - y))
train_op = tf.train.AdamOptimizer(0.05).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(1, 7):
        value = sess.run([train_op, loss], feed_dict={x: X_data, y: Y_data})[1]
        print('step', step, 'loss', value)
    print(sess.run(predictions, {x: X_data}).ravel())
"""
# ``num_layers`` read from a config object: a count only the running program knows.
CONFIGURED = """\
import numpy as np
import tensorflow as tf


class Config(object):
    hidden_size = 6
    num_layers = 3


config = Config()
tf.set_random_seed(5)
data = np.random.RandomState(0).rand(4, 5, 3).astype(np.float32)
W = tf.Variable(tf.random_normal([config.hidden_size, 1]))


def make_cell():
    return tf.nn.rnn_cell.GRUCell(config.hidden_size)


x = tf.placeholder(tf.float32, [None, 5, 3])
cell = tf.nn.rnn_cell.MultiRNNCell([make_cell() for _ in range(config.num_layers)])
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
loss = tf.reduce_mean(tf.square(tf.matmul(outputs[:, -1], W) - 1.0))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        print(step, sess.run([loss, train], {x: data})[0])
    print(sess.run(state[-1], {x: data})[0])
"""
META = {"random": "seeded", "legacy_keras": True, "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}


PROGRAMS = {"shared_cell_layers": SHARED, "configured_layers": CONFIGURED}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([Program(name, source, META) for name, source in PROGRAMS.items()])


@pytest.mark.parametrize("name", PROGRAMS)
def test_multi_rnn_cells_come_out_session_free_with_the_baseline_numbers(outcomes, name: str) -> None:
    assert_session_free_with_baseline_numbers(outcomes[name])


def test_one_cell_listed_n_times_is_one_keras_cell_drawn_once(outcomes) -> None:
    text = outcomes["shared_cell_layers"].migrated_text or ""
    assert "MultiRNNCell([lstm_cell] * NUM_LAYERS, seed=" in text
    assert "distinct = list({id(cell): cell for cell in self.cells}.values())" in text


def test_a_random_op_after_an_uncounted_multi_rnn_cell_keeps_the_graph_tier() -> None:
    late = CONFIGURED.replace("W = tf.Variable(tf.random_normal([config.hidden_size, 1]))\n", "").replace(
        "loss = tf.reduce_mean(", "W = tf.Variable(tf.random_normal([config.hidden_size, 1]))\nloss = tf.reduce_mean("
    )
    said = reasons(late)
    assert len(said) == 1 and "after a seeded MultiRNNCell whose number of cells is not a literal" in said[0], said


def test_one_cell_listed_n_times_with_a_saver_keeps_the_graph_tier() -> None:
    saving = SHARED.replace(
        "    print(sess.run(predictions", "    tf.train.Saver().save(sess, './model')\n    print(sess.run(predictions"
    )
    said = reasons(saving)
    assert len(said) == 1 and "listed n times" in said[0], said
