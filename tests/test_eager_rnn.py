"""TF1 RNN cells in the eager rewrite (session/rnn.py), on real TensorFlow: a seeded TF1 program with every cell
kind the rewrite models runs as the baseline under ``tf.compat.v1`` with legacy Keras (TF1's cells live there on
TF 2.16+), its migration runs on Keras 3 alone (each in the harness's shared child of its flavour), and both print
the same numbers (the same kernel draws, the same outputs and states, the same training). Shapes not shown equal
keep the graph tier with their line and reason."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from program_checks import run_in_a_shared_child

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

NUMBER = re.compile(r"-?\d+\.?\d*(?:[eE][-+]?\d+)?")
# Every modelled cell kind, seeded: the kernels take TF1's op seeds between other draws (W before, V after); one
# cell in a named variable scope.
CELLS = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(3)
x = tf.placeholder(tf.float32, [None, 4, 3])
W = tf.Variable(tf.random_normal([5, 2]))
with tf.variable_scope("recurrent"):
    lstm = tf.nn.rnn_cell.LSTMCell(5)
    out_lstm, state_lstm = tf.nn.dynamic_rnn(lstm, x, dtype=tf.float32)
gru = tf.nn.rnn_cell.GRUCell(5)
out_gru, _ = tf.nn.dynamic_rnn(gru, x, dtype=tf.float32)
first = tf.nn.rnn_cell.BasicLSTMCell(5, forget_bias=0.5)
second = tf.nn.rnn_cell.BasicRNNCell(5)
stacked = tf.nn.rnn_cell.MultiRNNCell([first, second])
out_stacked, state_stacked = tf.nn.dynamic_rnn(stacked, x, dtype=tf.float32)
deep = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(4) for _ in range(2)], state_is_tuple=True)
out_deep, _ = tf.nn.static_rnn(deep, tf.unstack(x, 4, 1), dtype=tf.float32)
V = tf.Variable(tf.random_normal([4, 2]))
logits = tf.matmul(out_lstm[:, -1] + out_gru[:, -1] + out_stacked[:, -1], W) + tf.matmul(out_deep[-1], V)
loss = tf.reduce_mean(tf.square(logits - 1.0)) + tf.reduce_mean(state_lstm[0]) + tf.reduce_mean(state_stacked[1])
train = tf.train.AdamOptimizer(0.05).minimize(loss)

data = np.random.RandomState(0).rand(2, 4, 3).astype(np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(out_lstm, feed_dict={x: data}))
    print(sess.run(out_gru, feed_dict={x: data}))
    print(sess.run(out_stacked, feed_dict={x: data}))
    for step in range(4):
        l, _ = sess.run([loss, train], feed_dict={x: data})
        print(step, l)
"""


def test_every_cell_kind_draws_and_computes_tf1_numbers_on_keras3(tmp_path: Path) -> None:
    baseline_source = CELLS.replace("import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\n")
    baseline_source += "\n"
    baseline_source = baseline_source.replace(
        "tf.set_random_seed(3)", "tf.disable_v2_behavior()\ntf.set_random_seed(3)"
    )
    result = migrate_source(CELLS, Options(), "cells.py")
    migrated = result.migrated or ""
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    for graph in ("Session", "placeholder", "rnn_cell.", "dynamic_rnn(x", "TF_USE_LEGACY_KERAS"):
        assert graph not in migrated, graph
    assert "class GRUCell(tf.keras.layers.Layer):" in migrated and "class MultiRNNCell(" in migrated
    baseline = run_in_a_shared_child(baseline_source, tmp_path / "tf1", graph=True, legacy_keras=True)
    expected = [float(n) for n in NUMBER.findall(baseline)]
    got = [float(n) for n in NUMBER.findall(run_in_a_shared_child(migrated, tmp_path / "tf2", graph=False))]
    assert len(expected) > 40 and len(got) == len(expected)
    for want, have in zip(expected, got):
        assert math.isclose(want, have, rel_tol=1e-4, abs_tol=1e-5), (want, have)


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
            "x_seq = tf.unstack(x, axis=1)\nprint(len(x_seq))\ncell = tf.nn.rnn_cell.GRUCell(5)\n"
            "outputs, _ = tf.nn.static_rnn(cell, x_seq, dtype=tf.float32)",
            6,
            "`x_seq` is used outside Session.run / eval",
            id="len() of a step list whose count is not given",
        ),
        pytest.param(
            "cell = tf.nn.rnn_cell.GRUCell(5)\n"
            "outputs, _ = tf.nn.dynamic_rnn(cell, x, initial_state=cell.zero_state(tf.shape(x)[0], tf.float32))",
            6,
            "an RNN cell's zero_state sized by a graph value",
            id="a zero state sized by a computed tensor",
        ),
        pytest.param(
            "cell = tf.nn.rnn_cell.BasicLSTMCell(5)\n"
            "c = tf.placeholder(tf.float32, [None, 5])\nh = tf.placeholder(tf.float32, [None, 5])\n"
            "outputs, _ = tf.nn.dynamic_rnn(cell, x, initial_state=tf.nn.rnn_cell.LSTMStateTuple(c * 2.0, h))",
            8,
            "tf.nn.rnn_cell.LSTMStateTuple (an RNN state the program builds) is not modelled",
            id="an LSTM state of computed tensors (state_tuples.py reads one of placeholders)",
        ),
        pytest.param(
            "cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicLSTMCell(5), output_keep_prob=0.5, seed=3)\n"
            "outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)",
            5,
            "tf.nn.rnn_cell.DropoutWrapper(seed=...) has no proven eager equivalent",
            id="a seeded dropout wrapper",
        ),
        pytest.param(
            "cell = tf.nn.rnn_cell.LSTMCell(5, use_peepholes=True)\n"
            "outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)",
            5,
            "tf.nn.rnn_cell.LSTMCell(use_peepholes=...) has no proven eager equivalent",
            id="peepholes",
        ),
        pytest.param(
            "cell = tf.nn.rnn_cell.BasicRNNCell(5)\n"
            "outputs, state = tf.nn.dynamic_rnn(cell, tf.transpose(x, [1, 0, 2]), time_major=True, dtype=tf.float32)",
            6,
            "tf.nn.dynamic_rnn(time_major=...) has no proven eager equivalent",
            id="time major",
        ),
        pytest.param(
            "cell = tf.nn.rnn_cell.GRUCell(5)\n"
            "outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)\n"
            "last = state.h",
            7,
            "`.h` of a value that is not an RNN run's state",
            id="a state field of a GRU's state (a tensor: TF1 failed there)",
        ),
        pytest.param(
            "cell = tf.nn.rnn_cell.BasicRNNCell(5, activation=lambda v: tf.maximum(v, 0.1 * v))\n"
            "outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)",
            5,
            "tf.nn.rnn_cell.BasicRNNCell(activation=...) is not a TensorFlow activation",
            id="an activation of the program's own",
        ),
        pytest.param(
            "cells = [tf.nn.rnn_cell.GRUCell(n) for n in [3, 4]]\nfirst = cells[0]\n"
            "stack = tf.nn.rnn_cell.MultiRNNCell(cells)\n"
            "outputs, state = tf.nn.dynamic_rnn(stack, x, dtype=tf.float32)",
            7,
            "the list of RNN cells `cells` is used beyond one MultiRNNCell",
            id="a list of cells read beyond its MultiRNNCell",
        ),
        pytest.param(
            "cell = tf.nn.rnn_cell.BasicLSTMCell(5)\n"
            "outputs, state = tf.nn.dynamic_rnn(cell, tf.nn.relu(x), dtype=tf.float32)\nsaver = tf.train.Saver()",
            7,
            "its inputs not placeholders of a literal depth (the cell is built before the restore) (line 6)",
            id="a Saver, the cell's input depth unknown before the restore",
        ),
        pytest.param(
            "cell = tf.nn.rnn_cell.BasicLSTMCell(5)\n"
            "outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)\nnames = tf.global_variables()",
            5,
            "tf.nn.rnn_cell.BasicLSTMCell builds variables the variable list would hold",
            id="a variable list outside a Saver",
        ),
        pytest.param(
            "with tf.variable_scope('rnn', initializer=tf.random_uniform_initializer(-0.1, 0.1)):\n"
            "    cell = tf.nn.rnn_cell.BasicLSTMCell(5)\n"
            "    outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)",
            5,
            "tf.variable_scope with arguments other than one literal name",
            id="a scope whose initializer the kernel would draw from",
        ),
        pytest.param(
            "cell = tf.nn.rnn_cell.BasicLSTMCell(5)\n"
            "outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)\n"
            "more, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)",
            7,
            "the RNN cell `cell` is used twice",
            id="a cell run twice",
        ),
        pytest.param(
            "cell = tf.nn.rnn_cell.BasicLSTMCell(5)\nvariables = cell.trainable_weights\n"
            "outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)",
            6,
            "`cell.trainable_weights`: TF1's cell had its variables once the graph was built",
            id="a cell's variable list read before its run (TF1's was empty there)",
        ),
        pytest.param(
            "cell = tf.nn.rnn_cell.BasicLSTMCell(5)\n"
            "outputs, state = tf.nn.dynamic_rnn(cell, tf.nn.relu(x), dtype=tf.float32)\nvariables = cell.weights",
            7,
            "`cell.weights`: TF1's cell had its variables once the graph was built",
            id="a cell's variable list, its input depth unknown where the cell is built",
        ),
        pytest.param(
            "layer = tf.layers.Dense(3)\ny = layer(tf.reshape(x, [-1, 3]))\nw = layer.weights",
            7,
            "`layer.weights`: TF1's layer had its variables once the graph was built",
            id="a layer's variable list (eagerly empty until the layer's first call: it printed [])",
        ),
    ],
)
def test_rnn_shapes_not_shown_equal_keep_the_graph_tier(body: str, line: int, reason: str) -> None:
    result = migrate_source(PROGRAM.format(body=body), Options(), "program.py")
    [ours] = [f for f in result.followups if f.code == "TFM201"]
    assert ours.line == line, ours.message
    assert reason in ours.message
    assert "tf.compat.v1.Session()" in (result.migrated or "")
