"""The RNN shapes held-out set 6 found keeping real programs in the graph tier (rnn.py, rnn_gather.py), on real
TensorFlow: a cell given ``activation=``, cells built by a comprehension, a loop of appends or a cell maker function
into ``MultiRNNCell``, ``final_state[-1]``, an LSTM state read as ``.c`` / ``.h`` and fetched whole (TF1's
``LSTMStateTuple`` of arrays), and a cell's variable list read after its run. Each seeded program runs as the TF1
baseline (``tf.compat.v1``, Keras 2) and migrated (Keras 3 alone); both print the same numbers. What is not shown
equal keeps the graph tier with its line."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers
from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

# wanglei18's time series shape: two ReLU cells appended to a list, the top state into a dense layer, trained.
APPENDED = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(5)
X = tf.placeholder(tf.float32, [None, 6, 1])
y = tf.placeholder(tf.float32, [None, 1])
layers = []
layer_1 = tf.nn.rnn_cell.BasicRNNCell(num_units=8, activation=tf.nn.relu)
layer_2 = tf.nn.rnn_cell.GRUCell(num_units=4, activation=tf.nn.relu)
layers.append(layer_1)
layers.append(layer_2)
multi_layer_cell = tf.nn.rnn_cell.MultiRNNCell(layers)
states, final_state = tf.nn.dynamic_rnn(multi_layer_cell, X, dtype=tf.float32)
preds = tf.layers.dense(final_state[-1], 1)
loss = tf.reduce_mean(tf.square(preds - y))
training_op = tf.train.AdamOptimizer(learning_rate=0.01).minimize(loss)

r = np.linspace(0, 3, 28).reshape(4, 7)
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for iteration in range(6):
        sess.run(training_op, feed_dict={X: r[:, :6, None], y: r[:, 6:]})
        print(iteration, "MSE:", loss.eval(feed_dict={X: r[:, :6, None], y: r[:, 6:]}))
"""

# A loop of appends, then the cells' variable list and the whole stacked state fetched.
LOOPED = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(2)
hidden_units = 5
rnnLayerNum = 2
rnnCells = []
for i in range(rnnLayerNum):
    rnnCells.append(tf.nn.rnn_cell.BasicRNNCell(num_units=hidden_units, activation=tf.nn.elu))
multiRnnCell = tf.nn.rnn_cell.MultiRNNCell(rnnCells)
inputs = tf.placeholder(tf.float32, [None, 4, 1])
outputs, final_state = tf.nn.dynamic_rnn(multiRnnCell, inputs, dtype=tf.float32)
weights = multiRnnCell.trainable_weights

batch = np.linspace(-1, 1, 8).reshape(2, 4, 1)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    state, values = sess.run([final_state, weights], feed_dict={inputs: batch})
    print(state)
    print([v.shape for v in values])
    print(values)
"""

# hunkim's lab 12-4 shape: a cell maker called in a comprehension; the top LSTM state read as .h and fetched whole.
MADE = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(777)
hidden_size = 4
X = tf.placeholder(tf.float32, [None, 5, 3])


def lstm_cell():
    cell = tf.nn.rnn_cell.BasicLSTMCell(hidden_size, state_is_tuple=True, activation=tf.nn.softsign)
    return cell


multi_cells = tf.nn.rnn_cell.MultiRNNCell([lstm_cell() for _ in range(2)], state_is_tuple=True)
outputs, _states = tf.nn.dynamic_rnn(multi_cells, X, dtype=tf.float32)
top = _states[-1].h
memory = _states[0].c
loss = tf.reduce_mean(tf.square(top - 0.5)) + tf.reduce_mean(memory)
train = tf.train.AdamOptimizer(0.1).minimize(loss)

batch = np.random.RandomState(0).rand(3, 5, 3)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(4):
        l, _ = sess.run([loss, train], feed_dict={X: batch})
        print(i, l)
    print(sess.run(_states[-1], feed_dict={X: batch}))
"""
# golbin's autocomplete shape: a cell rebound to its DropoutWrapper (dropout at every run: unseeded, compared by the
# shape of the output and a falling cost).
WRAPPED = """\
import numpy as np
import tensorflow as tf

n_hidden = 8
X = tf.placeholder(tf.float32, [None, 5, 3])
Y = tf.placeholder(tf.float32, [None, 3])
cell1 = tf.nn.rnn_cell.BasicLSTMCell(n_hidden)
cell1 = tf.nn.rnn_cell.DropoutWrapper(cell1, output_keep_prob=0.5)
cell2 = tf.nn.rnn_cell.BasicLSTMCell(n_hidden)
multi_cell = tf.nn.rnn_cell.MultiRNNCell([cell1, cell2])
outputs, states = tf.nn.dynamic_rnn(multi_cell, X, dtype=tf.float32)
outputs = tf.transpose(outputs, [1, 0, 2])
outputs = outputs[-1]
W = tf.Variable(tf.random_normal([n_hidden, 3]))
b = tf.Variable(tf.random_normal([3]))
model = tf.matmul(outputs, W) + b
cost = tf.reduce_mean(tf.square(model - Y))
optimizer = tf.train.AdamOptimizer(0.01).minimize(cost)
data = np.random.RandomState(0).rand(4, 5, 3)
target = np.random.RandomState(1).rand(4, 3)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(40):
        _, loss = sess.run([optimizer, cost], feed_dict={X: data, Y: target})
        if epoch % 10 == 0:
            print("Epoch:", "%04d" % (epoch + 1), "cost =", "{:.6f}".format(loss))
"""
PROGRAMS = {"appended": APPENDED, "looped": LOOPED, "made": MADE, "wrapped": WRAPPED}
META = {"random": "seeded", "legacy_keras": True, "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}
UNSEEDED = {**META, "random": "unseeded", "loss": r"cost = (\S+)"}


@pytest.fixture(scope="module")
def outcomes():
    programs = [Program(name, source, UNSEEDED if name == "wrapped" else META) for name, source in PROGRAMS.items()]
    return evaluate(programs)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_rnn_shape_comes_out_session_free_with_the_baseline_numbers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)


def test_the_fetched_lstm_state_prints_as_tf1s_state_tuple(outcomes) -> None:
    outcome = outcomes["made"]
    assert "LSTMStateTuple(c=array(" in outcome.baseline.stdout
    assert "LSTMStateTuple(c=array(" in outcome.migrated.stdout


def test_the_lists_and_the_maker_become_the_cells_they_hold() -> None:
    appended = migrate_source(APPENDED, Options(), "appended.py").migrated
    assert "multi_layer_cell = MultiRNNCell([layer_1, layer_2]" in appended and "layers.append(" not in appended
    assert "BasicRNNCell(num_units=8, activation=tf.nn.relu)" in appended
    looped = migrate_source(LOOPED, Options(), "looped.py").migrated
    assert "MultiRNNCell([BasicRNNCell(num_units=hidden_units, activation=tf.nn.elu) for i in range(rnnLayerNum)]" in (
        looped
    )
    wrapped = migrate_source(WRAPPED, Options(), "wrapped.py").migrated
    assert "cell1 = DropoutWrapper(BasicLSTMCell(n_hidden), output_keep_prob=0.5)" in wrapped
    made = migrate_source(MADE, Options(), "made.py").migrated
    assert "def lstm_cell" not in made
    assert "MultiRNNCell([BasicLSTMCell(hidden_size, activation=tf.nn.softsign) for _ in range(2)]" in made


PROGRAM = """\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 4, 3])
{body}
y = tf.reduce_mean(outputs)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={{x: np.ones((2, 4, 3), np.float32)}}))
"""


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        pytest.param(
            "cells = []\nfor i in range(2):\n    cells.append(tf.nn.rnn_cell.GRUCell(3))\nprint(i)\n"
            "stack = tf.nn.rnn_cell.MultiRNNCell(cells)\noutputs, _ = tf.nn.dynamic_rnn(stack, x, dtype=tf.float32)",
            7,
            "tf.nn.rnn_cell.GRUCell is called outside a `name = ...` graph definition",
            id="the loop variable read after the loop (a comprehension's is its own)",
        ),
        pytest.param(
            "cells = []\ncells.append(tf.nn.rnn_cell.GRUCell(3))\nn = len(cells)\n"
            "stack = tf.nn.rnn_cell.MultiRNNCell(cells)\noutputs, _ = tf.nn.dynamic_rnn(stack, x, dtype=tf.float32)",
            6,
            "tf.nn.rnn_cell.GRUCell",
            id="a list of cells read beyond its MultiRNNCell",
        ),
        pytest.param(
            "def make(n):\n    return tf.nn.rnn_cell.GRUCell(n)\n\n\ndef build():\n"
            "    return tf.nn.rnn_cell.MultiRNNCell([make(3), make(4)])\n\n\nstack = build()\n"
            "outputs, _ = tf.nn.dynamic_rnn(stack, x, dtype=tf.float32)",
            6,
            "function `make`: tf.nn.rnn_cell.GRUCell makes a new RNN cell (variables of its own at its first run) on every call",
            id="a cell maker called inside another function",
        ),
        pytest.param(
            "cell = tf.nn.rnn_cell.GRUCell(3)\noutputs, _ = tf.nn.dynamic_rnn(cell, tf.cast(x, tf.float64), "
            "dtype=tf.float64)",
            6,
            "tf.nn.dynamic_rnn(dtype=...) other than tf.float32",
            id="float64 cells",
        ),
        pytest.param(
            "tf.set_random_seed(1)\n"
            "cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(3), input_keep_prob=0.9)\n"
            "outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)",
            7,
            "a DropoutWrapper's dropout in a seeded program",
            id="dropout in a seeded program (TF1's masks come from op seeds)",
        ),
    ],
)
def test_rnn_shapes_not_shown_equal_keep_the_graph_tier(body: str, line: int, reason: str) -> None:
    result = migrate_source(PROGRAM.format(body=body), Options(), "program.py")
    [ours] = [f for f in result.followups if f.code == "TFM201"]
    assert ours.line == line, ours.message
    assert reason in ours.message
    assert "tf.compat.v1.Session()" in (result.migrated or "")
