"""RNN programs the eager rewrite used to leave in graph tier (held-out 5): ``type()`` / ``len()`` of the list
``tf.unstack`` returns, ``sequence_length``, a fed or helper-built initial state, lists and state tuples fetched,
a Saver whose TF1 checkpoint the migrated program restores.
Each program is seeded, runs as the TF1 baseline (tf.compat.v1 + legacy Keras, where TF1's cells live) and migrated
(Keras 3 alone) through tests/session_harness.py, and must come out session-free with the baseline's numbers."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers
from session_harness import Program, evaluate

META = {"random": "seeded", "legacy_keras": True}

PROGRAMS = {
    # The szlevinli lessons' shape: the type and length of the step list printed beside the graph, the list of
    # static_rnn outputs fetched (a list of arrays in TF1).
    "unstack_list_type": """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(7)
n_steps = 3
x = tf.placeholder(tf.float32, [None, n_steps, 2])
x_seq = tf.unstack(x, num=n_steps, axis=1)
print("the type of x_seq is", type(x_seq), len(x_seq))
halves = tf.split(x, 3, 1)
print(type(halves), len(halves))
cell = tf.nn.rnn_cell.BasicLSTMCell(4)
outputs, states = tf.nn.static_rnn(cell, x_seq, dtype=tf.float32)
data = np.random.RandomState(0).rand(2, n_steps, 2)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    outputs_val, states_val = sess.run([outputs, states], feed_dict={x: data})
print(type(outputs_val), len(outputs_val))
print(outputs_val)
print(states_val[0], states_val[1])
""",
    # sequence_length given as a constant list to an LSTM (a tuple state copied through past each length) and fed to
    # a GRU through a placeholder, both trained: the gradients stop past each length too.
    "sequence_length_lstm_gru": """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(3)
x = tf.placeholder(tf.float32, [None, 4, 3])
lengths = tf.placeholder(tf.int32, [None])
lstm = tf.nn.rnn_cell.BasicLSTMCell(5)
out_lstm, state_lstm = tf.nn.dynamic_rnn(lstm, x, sequence_length=[4, 2, 0], dtype=tf.float32)
gru = tf.nn.rnn_cell.GRUCell(5)
with tf.variable_scope("second"):
    out_gru, state_gru = tf.nn.dynamic_rnn(gru, x, sequence_length=lengths, dtype=tf.float32)
loss = tf.reduce_mean(tf.square(out_lstm)) + tf.reduce_mean(state_lstm[1]) + tf.reduce_mean(state_gru)
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
data = np.random.RandomState(0).rand(3, 4, 3)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(out_lstm, feed_dict={x: data}))
    print(sess.run(state_lstm, feed_dict={x: data}))
    print(sess.run([out_gru, state_gru], feed_dict={x: data, lengths: [1, 3, 4]}))
    for step in range(3):
        l, _ = sess.run([loss, train], feed_dict={x: data, lengths: [1, 3, 4]})
        print(step, l)
""",
    # An initial state fed through placeholders (a BasicRNNCell's and a GRU's), and a zero state
    # built in the graph helper that builds the cell (szlevinli's RNN classification), there with sequence lengths.
    "initial_state_fed_and_helper": """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(5)
n_hidden = 4
x = tf.placeholder(tf.float32, [None, 3, 2])
h0 = tf.placeholder(tf.float32, [None, n_hidden])
cell = tf.nn.rnn_cell.BasicRNNCell(n_hidden)
outputs, state = tf.nn.dynamic_rnn(cell, x, initial_state=h0)
gru = tf.nn.rnn_cell.GRUCell(3)
h1 = tf.placeholder(tf.float32, [None, 3])
with tf.variable_scope("gru"):
    gru_outputs, gru_state = tf.nn.static_rnn(gru, tf.unstack(x, 3, 1), initial_state=h1)
W = tf.Variable(tf.random_normal([n_hidden, 2]))


def RNN(inputs, weight):
    rnn_cell = tf.nn.rnn_cell.BasicRNNCell(n_hidden)
    initial_state = rnn_cell.zero_state(2, dtype=tf.float32)
    output, last = tf.nn.dynamic_rnn(rnn_cell, inputs, initial_state=initial_state, sequence_length=[3, 1])
    return tf.matmul(last, weight)


with tf.variable_scope("helper"):
    prediction = RNN(x, W)
data = np.random.RandomState(1).rand(2, 3, 2)
start = np.random.RandomState(2).rand(2, n_hidden)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(outputs, feed_dict={x: data, h0: start}))
    print(sess.run(state, feed_dict={x: data, h0: np.zeros((2, n_hidden))}))
    print(sess.run([gru_outputs, gru_state], feed_dict={x: data, h1: start[:, 1:]}))
    print(sess.run(prediction, feed_dict={x: data}))
""",
    # A Saver in an RNN program (a MultiRNNCell of LSTMs and a GRU): the second run restores the checkpoint the TF1
    # program wrote, so the eager cells' variables must carry TF1's names (rnn/multi_rnn_cell/cell_0/...).
    "saver_resumes_tf1_checkpoint": """\
import os
import numpy as np
import tensorflow as tf

tf.set_random_seed(2)
x = tf.placeholder(tf.float32, [None, 3, 2])
y = tf.placeholder(tf.float32, [None, 1])
cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(4) for _ in range(2)])
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
gru = tf.nn.rnn_cell.GRUCell(3)
gru_outputs, gru_state = tf.nn.dynamic_rnn(gru, x, dtype=tf.float32)
W = tf.Variable(tf.random_normal([7, 1]), name="W")
pred = tf.matmul(tf.concat([outputs[:, -1], gru_state], 1), W)
loss = tf.reduce_mean(tf.square(pred - y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
saver = tf.train.Saver()
data = np.random.RandomState(0).rand(4, 3, 2)
target = np.random.RandomState(1).rand(4, 1)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    if os.path.exists("model.ckpt.index"):
        saver.restore(sess, "./model.ckpt")
    for step in range(3):
        l, _ = sess.run([loss, train], feed_dict={x: data, y: target})
        print(step, l)
    saver.save(sess, "./model.ckpt")
""",
    # The char-RNN's state fed back through placeholders: LSTMStateTuple(c_in, h_in) as dynamic_rnn's initial
    # state, each run fetching the final state (unpacked as ``(c, h)``) that the next run feeds (state_tuples.py).
    "lstm_state_tuple_fed_back": """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)
np.random.seed(0)
batch_size, num_steps, vocab, hidden = 2, 3, 5, 4
x = tf.placeholder(tf.int32, [batch_size, num_steps])
y = tf.placeholder(tf.int32, [batch_size, num_steps])
c_in = tf.placeholder(tf.float32, [batch_size, hidden])
h_in = tf.placeholder(tf.float32, [batch_size, hidden])
initial_state = tf.nn.rnn_cell.LSTMStateTuple(c_in, h_in)
cell = tf.nn.rnn_cell.BasicLSTMCell(hidden)
inputs = tf.one_hot(x, vocab)
outputs, final_state = tf.nn.dynamic_rnn(cell, inputs, initial_state=initial_state)
logits = tf.layers.dense(tf.reshape(outputs, [-1, hidden]), vocab)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.reshape(y, [-1]), logits=logits))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    c = np.zeros([batch_size, hidden])
    h = np.zeros([batch_size, hidden])
    for step in range(4):
        xs = np.random.randint(0, vocab, [batch_size, num_steps])
        ys = np.roll(xs, -1, 1)
        l, (c, h), _ = sess.run([loss, final_state, train], {x: xs, y: ys, c_in: c, h_in: h})
        print(step, l, h[0, 0])
""",
}
RESUMING = {"saver_resumes_tf1_checkpoint"}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate(
        [
            Program(name, source, {**META, "checkpoint": "resume"} if name in RESUMING else META)
            for name, source in PROGRAMS.items()
        ]
    )


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_rnn_program_comes_out_session_free_with_the_baseline_numbers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    assert "TF_USE_LEGACY_KERAS" not in outcome.migrated_text and "nn.rnn_cell." not in outcome.migrated_text
    if name in RESUMING:  # the migrated program restored the baseline's checkpoint and trained on from it
        assert outcome.program.checkpoint == "resume" and outcome.migrated_resume is not None
        assert outcome.resume_match()[0], outcome.resume_match()[1]


def test_the_step_list_prints_as_a_list_in_both(outcomes) -> None:
    """``type(x_seq)`` printed ``<class 'list'>`` in TF1; the eager program prints the same line."""
    outcome = outcomes["unstack_list_type"]
    assert "the type of x_seq is <class 'list'> 3" in outcome.baseline.stdout
    assert "the type of x_seq is <class 'list'> 3" in outcome.migrated.stdout
    assert "<class 'list'> 3\n" in outcome.migrated.stdout


def test_a_state_tuple_of_computed_tensors_keeps_the_graph_tier() -> None:
    """Only the placeholders themselves are read as the eager state: ``LSTMStateTuple(c_in * 2, h_in)`` keeps its
    reason (state_tuples.py)."""
    from tfmigrate.api import migrate_source
    from tfmigrate.config import Options

    source = PROGRAMS["lstm_state_tuple_fed_back"].replace(
        "LSTMStateTuple(c_in, h_in)", "LSTMStateTuple(c_in * 2, h_in)"
    )
    result = migrate_source(source, Options(), "state.py")
    reasons = [f.message for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated
    assert len(reasons) == 1 and "LSTMStateTuple (an RNN state the program builds) is not modelled" in reasons[0]
