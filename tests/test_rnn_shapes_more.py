"""RNN shapes held-out set 7 and real tutorials still kept in the graph tier (rnn.py, rnn_gather.py, tuples.py), on
real TensorFlow: a cell maker defined in a ``with tf.variable_scope`` block and called per layer in a comprehension
into ``MultiRNNCell``, a ``DropoutWrapper`` whose keep probability is a fed placeholder, and the bidirectional runs
(``tf.nn.bidirectional_dynamic_rnn``, with and without ``sequence_length``; ``tf.nn.static_bidirectional_rnn`` in a
helper called once; a Saver whose checkpoint the migrated program restores by TF1's ``bidirectional_rnn/fw/...``
names). Each program runs as the TF1 baseline (``tf.compat.v1``, Keras 2) and migrated (Keras 3 alone): the seeded
ones print the same numbers, the unseeded one (dropout) the same shape of output and a falling loss. What is not
shown equal keeps the graph tier with its line."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers
from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

# Learning TensorFlow's stacked LSTM shape: the maker defined in the scope block, `cells=` a comprehension of it.
MAKER_IN_SCOPE = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(7)
hidden_layer_size = 6
num_LSTM_layers = 2
_inputs = tf.placeholder(tf.float32, [None, 5, 3])
_labels = tf.placeholder(tf.float32, [None, 2])
with tf.variable_scope("lstm"):

    def lstm_cell():
        return tf.nn.rnn_cell.BasicLSTMCell(hidden_layer_size, forget_bias=1.0)

    cell = tf.nn.rnn_cell.MultiRNNCell(cells=[lstm_cell() for _ in range(num_LSTM_layers)], state_is_tuple=True)
    outputs, states = tf.nn.dynamic_rnn(cell, _inputs, dtype=tf.float32)
weights = tf.Variable(tf.truncated_normal([hidden_layer_size, 2], mean=0, stddev=0.01))
final_output = tf.matmul(states[num_LSTM_layers - 1][1], weights)
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=final_output, labels=_labels))
train_step = tf.train.RMSPropOptimizer(0.01, 0.9).minimize(cross_entropy)
batch = np.random.RandomState(0).rand(4, 5, 3)
labels = np.eye(2)[[0, 1, 1, 0]]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(4):
        sess.run(train_step, feed_dict={_inputs: batch, _labels: labels})
        print(step, sess.run(cross_entropy, feed_dict={_inputs: batch, _labels: labels}))
"""

# The fed keep probability (0.5 in training, 1.0 in evaluation) on stacked cells from a maker: unseeded.
FED_KEEP = """\
import numpy as np
import tensorflow as tf

n_hidden = 16
X = tf.placeholder(tf.float32, [None, 5, 3])
Y = tf.placeholder(tf.float32, [None, 1])
keep_prob = tf.placeholder(tf.float32)


def lstm_cell():
    cell = tf.nn.rnn_cell.BasicLSTMCell(n_hidden)
    cell = tf.nn.rnn_cell.DropoutWrapper(cell, output_keep_prob=keep_prob)
    return cell


multi_cell = tf.nn.rnn_cell.MultiRNNCell([lstm_cell() for _ in range(2)])
outputs, states = tf.nn.dynamic_rnn(multi_cell, X, dtype=tf.float32)
W = tf.Variable(tf.random_normal([n_hidden, 1]))
b = tf.Variable(tf.zeros([1]))
model = tf.matmul(outputs[:, -1], W) + b
cost = tf.reduce_mean(tf.square(model - Y))
optimizer = tf.train.AdamOptimizer(0.1).minimize(cost)
data = np.random.RandomState(0).rand(8, 5, 3)
target = 3.0 + data.sum(axis=(1, 2))[:, None] / 15.0
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(61):
        if epoch % 20 == 0:  # before the step: the first report is the untrained loss, so the fall is not luck
            loss = sess.run(cost, feed_dict={X: data, Y: target, keep_prob: 1.0})
            print("Epoch:", "%04d" % (epoch + 1), "cost =", "{:.6f}".format(loss))
        sess.run(optimizer, feed_dict={X: data, Y: target, keep_prob: 0.5})
    first = sess.run(model, feed_dict={X: data, keep_prob: 1.0})
    again = sess.run(model, feed_dict={X: data, keep_prob: 1.0})
    print("evaluation repeats:", np.array_equal(first, again))
"""

# bidirectional_dynamic_rnn of an LSTM and a GRU: outputs concatenated on the depth axis, both states fetched,
# trained.
BIDIRECTIONAL = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(3)
x = tf.placeholder(tf.float32, [None, 4, 3])
y = tf.placeholder(tf.float32, [None, 1])
lstm_fw_cell = tf.nn.rnn_cell.BasicLSTMCell(5, forget_bias=1.0)
gru_bw_cell = tf.nn.rnn_cell.GRUCell(4)
outputs, states = tf.nn.bidirectional_dynamic_rnn(lstm_fw_cell, gru_bw_cell, x, dtype=tf.float32)
merged = tf.concat(outputs, 2)
W = tf.Variable(tf.random_normal([9, 1]))
pred = tf.matmul(merged[:, -1], W)
loss = tf.reduce_mean(tf.square(pred - y))
train = tf.train.AdamOptimizer(0.05).minimize(loss)
batch = np.random.RandomState(0).rand(3, 4, 3)
target = np.random.RandomState(1).rand(3, 1)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(merged, feed_dict={x: batch}))
    print(sess.run(states, feed_dict={x: batch}))
    for step in range(3):
        l, _ = sess.run([loss, train], feed_dict={x: batch, y: target})
        print(step, l)
"""

# With a fed sequence_length: TF1 reversed each sequence's valid prefix only (tf.reverse_sequence).
LENGTHS = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(4)
x = tf.placeholder(tf.float32, [None, 5, 2])
seq_len = tf.placeholder(tf.int32, [None])
fw = tf.nn.rnn_cell.BasicRNNCell(3)
bw = tf.nn.rnn_cell.BasicLSTMCell(3)
(output_fw, output_bw), (state_fw, state_bw) = tf.nn.bidirectional_dynamic_rnn(
    fw, bw, x, sequence_length=seq_len, dtype=tf.float32
)
batch = np.random.RandomState(0).rand(2, 5, 2)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(output_fw, feed_dict={x: batch, seq_len: [5, 3]}))
    print(sess.run(output_bw, feed_dict={x: batch, seq_len: [5, 3]}))
    print(sess.run(state_bw, feed_dict={x: batch, seq_len: [5, 3]}))
"""

# aymericdamien's bidirectional_rnn.py shape: static_bidirectional_rnn inside BiRNN(x, weights, biases), called once.
STATIC = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(5)
n_input, n_steps, n_hidden, n_classes = 4, 3, 5, 2
x = tf.placeholder("float", [None, n_steps, n_input])
y = tf.placeholder("float", [None, n_classes])
weights = {"out": tf.Variable(tf.random_normal([2 * n_hidden, n_classes]))}
biases = {"out": tf.Variable(tf.random_normal([n_classes]))}


def BiRNN(x, weights, biases):
    x = tf.unstack(x, n_steps, 1)
    lstm_fw_cell = tf.nn.rnn_cell.BasicLSTMCell(n_hidden, forget_bias=1.0)
    lstm_bw_cell = tf.nn.rnn_cell.BasicLSTMCell(n_hidden, forget_bias=1.0)
    outputs, _, _ = tf.nn.static_bidirectional_rnn(lstm_fw_cell, lstm_bw_cell, x, dtype=tf.float32)
    return tf.matmul(outputs[-1], weights["out"]) + biases["out"]


logits = BiRNN(x, weights, biases)
loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=y))
train_op = tf.train.GradientDescentOptimizer(learning_rate=0.5).minimize(loss_op)
batch = np.random.RandomState(0).rand(4, n_steps, n_input)
labels = np.eye(2)[[0, 1, 0, 1]]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(3):
        sess.run(train_op, feed_dict={x: batch, y: labels})
        print(step, sess.run(loss_op, feed_dict={x: batch, y: labels}))
"""

# A Saver: the second run restores the TF1 checkpoint, read by bidirectional_rnn/fw/... and .../bw/... names.
SAVED = """\
import os
import numpy as np
import tensorflow as tf

tf.set_random_seed(6)
x = tf.placeholder(tf.float32, [None, 3, 2])
y = tf.placeholder(tf.float32, [None, 1])
fw = tf.nn.rnn_cell.BasicLSTMCell(4)
bw = tf.nn.rnn_cell.BasicLSTMCell(4)
outputs, states = tf.nn.bidirectional_dynamic_rnn(fw, bw, x, dtype=tf.float32)
W = tf.Variable(tf.random_normal([8, 1]), name="W")
pred = tf.matmul(tf.concat([states[0].h, states[1].h], 1), W)
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
"""
# A cell rebound to its DropoutWrapper (a literal keep probability) inside a graph helper called once: both move
# before the helper, which runs the cell.
HELPER_DROPOUT = """\
import numpy as np
import tensorflow as tf

n_hidden = 8
x = tf.placeholder(tf.float32, [None, 4, 3])
W = tf.Variable(tf.random_normal([n_hidden, 1]))


def RNN(x, W):
    cell = tf.nn.rnn_cell.BasicLSTMCell(n_hidden)
    cell = tf.nn.rnn_cell.DropoutWrapper(cell, output_keep_prob=0.8)
    outputs, states = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    return tf.matmul(outputs[:, -1], W)


pred = RNN(x, W)
loss = tf.reduce_mean(tf.square(pred - 10.0))
train = tf.train.AdamOptimizer(0.1).minimize(loss)
data = np.random.RandomState(0).rand(3, 4, 3)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(40):
        sess.run(train, feed_dict={x: data})
        if step % 13 == 0:
            print("loss", sess.run(loss, feed_dict={x: data}))
"""
HELPER_FED_KEEP = (
    HELPER_DROPOUT.replace("W = tf.Variable", "keep_prob = tf.placeholder(tf.float32)\nW = tf.Variable")
    .replace("output_keep_prob=0.8", "output_keep_prob=keep_prob")
    .replace("feed_dict={x: data}", "feed_dict={x: data, keep_prob: 1.0}")
)
PROGRAMS = {
    "maker_in_scope": MAKER_IN_SCOPE,
    "fed_keep": FED_KEEP,
    "bidirectional": BIDIRECTIONAL,
    "lengths": LENGTHS,
    "static": STATIC,
    "saved": SAVED,
    "helper_dropout": HELPER_DROPOUT,
    "helper_fed_keep": HELPER_FED_KEEP,
}
META = {"random": "seeded", "legacy_keras": True, "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}
SPECIAL = {
    "fed_keep": {**META, "random": "unseeded", "loss": r"cost = (\S+)"},
    "saved": {**META, "checkpoint": "resume"},
    "helper_dropout": {**META, "random": "unseeded", "loss": r"loss (\S+)"},
    "helper_fed_keep": {**META, "random": "unseeded", "loss": r"loss (\S+)"},
}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([Program(name, source, SPECIAL.get(name, META)) for name, source in PROGRAMS.items()])


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_rnn_shape_comes_out_session_free_with_the_baseline_numbers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    assert "TF_USE_LEGACY_KERAS" not in outcome.migrated_text and "nn.rnn_cell." not in outcome.migrated_text


def test_the_saved_bidirectional_cells_restore_the_tf1_checkpoint(outcomes) -> None:
    outcome = outcomes["saved"]
    assert outcome.migrated_resume is not None
    same, why = outcome.resume_match()
    assert same, why
    assert '"bidirectional_rnn/fw/basic_lstm_cell"' in outcome.migrated_text
    assert '"bidirectional_rnn/bw/basic_lstm_cell"' in outcome.migrated_text


def test_an_evaluation_fed_keep_1_drops_nothing(outcomes) -> None:
    """TF1 ran tf.nn.dropout(rate=0) at keep 1.0: the identity, so two evaluations agree exactly in both."""
    outcome = outcomes["fed_keep"]
    assert "evaluation repeats: True" in outcome.baseline.stdout
    assert "evaluation repeats: True" in outcome.migrated.stdout


def test_the_maker_and_the_fed_keep_become_the_cells_they_make() -> None:
    made = migrate_source(MAKER_IN_SCOPE, Options(), "made.py").migrated
    assert "def lstm_cell" not in made
    assert "MultiRNNCell([BasicLSTMCell(hidden_layer_size, forget_bias=1.0) for _ in range(num_LSTM_layers)]" in made
    fed = migrate_source(FED_KEEP, Options(), "fed.py").migrated
    assert 'DropoutWrapper(BasicLSTMCell(n_hidden), output_keep_prob="keep_prob") for _ in range(2)' in fed
    assert 'multi_cell.feed({"keep_prob": keep_prob})' in fed


def test_the_generated_import_stands_with_the_module_imports() -> None:
    made = migrate_source(MAKER_IN_SCOPE, Options(), "made.py").migrated
    assert made.startswith("import numpy as np\nimport tensorflow as tf\nimport collections\n")
    assert made.count("import collections") == 1


def test_a_fed_keep_probability_in_a_graph_helper_called_once_is_read_in_place() -> None:
    """The helper runs once, so its body is read where it is called (inlined_helpers.py); the wrapper's fed keep
    probability then reaches the run as at module level (its numbers: ``helper_fed_keep`` above)."""
    result = migrate_source(HELPER_FED_KEEP, Options(), "program.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    assert 'output_keep_prob="keep_prob"' in result.migrated and "def RNN(" not in result.migrated


PROGRAM = """\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 4, 3])
{body}
y = tf.reduce_mean(outputs)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={{x: np.ones((2, 4, 3), np.float32){feeds}}}))
"""


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        pytest.param(
            "tf.set_random_seed(1)\nkeep = tf.placeholder(tf.float32)\n"
            "cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(3), output_keep_prob=keep)\n"
            "outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)",
            8,
            "a DropoutWrapper's dropout in a seeded program",
            id="a fed keep probability in a seeded program (TF1's masks come from op seeds)",
        ),
        pytest.param(
            "keep = tf.placeholder(tf.float32)\nhalf = keep * 0.5\n"
            "cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(3), output_keep_prob=half)\n"
            "outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)",
            7,
            "tf.nn.rnn_cell.DropoutWrapper(output_keep_prob=...) has no proven eager equivalent",
            id="a keep probability computed in the graph",
        ),
        pytest.param(
            "cell = tf.nn.rnn_cell.GRUCell(3)\n"
            "outputs, _ = tf.nn.bidirectional_dynamic_rnn(cell, cell, x, dtype=tf.float32)",
            6,
            "the RNN cell `cell` is used twice",
            id="one cell both ways",
        ),
        pytest.param(
            "fw = tf.nn.rnn_cell.GRUCell(3)\nbw = tf.nn.rnn_cell.GRUCell(3)\n"
            "outputs, _ = tf.nn.bidirectional_dynamic_rnn(fw, bw, x, dtype=tf.float32, time_major=True)",
            7,
            "tf.nn.bidirectional_dynamic_rnn(time_major=...) has no proven eager equivalent",
            id="time major",
        ),
        pytest.param(
            "def make(units=3):\n    return tf.nn.rnn_cell.GRUCell(units)\n\n\n"
            "stack = tf.nn.rnn_cell.MultiRNNCell([make() for _ in range(2)])\n"
            "outputs, _ = tf.nn.dynamic_rnn(stack, x, dtype=tf.float32)",
            6,
            "function `make`: tf.nn.rnn_cell.GRUCell makes a new RNN cell (variables of its own at its first run) on "
            "every call",
            id="a maker with a default (not inlined)",
        ),
    ],
)
def test_rnn_shapes_not_shown_equal_keep_the_graph_tier(body: str, line: int, reason: str) -> None:
    feeds = ", keep: 1.0" if "keep = " in body else ""
    result = migrate_source(PROGRAM.format(body=body, feeds=feeds), Options(), "program.py")
    [ours] = [f for f in result.followups if f.code == "TFM201"]
    assert ours.line == line, ours.message
    assert reason in ours.message
    assert "tf.compat.v1.Session()" in (result.migrated or "")
