"""An RNN cell constructed inline as the run's cell argument (session/rnn_inline.py), on real TensorFlow:
``tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(4), inputs=..., sequence_length=...)`` at module level and in a graph
helper called once, and a bidirectional run's two inline cells, come out session-free; the seeded TF1 baseline (``tf.compat.v1`` with legacy Keras, where TF1's
cells live) and the migration (Keras 3) print the same numbers. A cell built from a call's result keeps the graph
tier, named."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from program_checks import run_in_a_shared_child

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

NUMBER = re.compile(r"-?\d+\.?\d*(?:[eE][-+]?\d+)?")

MODULE_LEVEL = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)
inputs = tf.placeholder(tf.float32, [None, 5, 3])
lengths = tf.placeholder(tf.int32, [None])
target = tf.placeholder(tf.float32, [None])
outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(4), inputs=inputs, sequence_length=lengths, dtype=tf.float32)
pred = tf.reduce_sum(state, 1)
loss = tf.reduce_mean(tf.square(pred - target))
opt = tf.train.AdamOptimizer(0.01).minimize(loss)
xs = np.arange(30, dtype=np.float32).reshape(2, 5, 3) / 30
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(5):
        l, _ = sess.run([loss, opt], {inputs: xs, lengths: [5, 3], target: [1.0, -1.0]})
        print(i, l)
    print(sess.run(outputs, {inputs: xs, lengths: [5, 3]}))
"""

BIDIRECTIONAL = MODULE_LEVEL.replace(
    "outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(4), inputs=inputs,",
    "(fw, bw), state = tf.nn.bidirectional_dynamic_rnn(\n"
    "    tf.nn.rnn_cell.GRUCell(4), tf.nn.rnn_cell.GRUCell(3), inputs=inputs,",
).replace("pred = tf.reduce_sum(state, 1)", "outputs = tf.concat((fw, bw), 2)\npred = tf.reduce_sum(outputs[:, -1], 1)")

IN_HELPER = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
x = tf.placeholder(tf.float32, [None, 4, 3])
y = tf.placeholder(tf.float32, [None])


def encoder(inputs, hidden):
    outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(hidden), inputs, dtype=tf.float32)
    return tf.reduce_sum(state.h, 1)


pred = encoder(x, 5)
loss = tf.reduce_mean(tf.square(pred - y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
data = np.random.RandomState(0).rand(2, 4, 3).astype(np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(4):
        l, _ = sess.run([loss, train], {x: data, y: [0.5, -0.5]})
        print(step, l)
    print(sess.run(pred, {x: data}))
"""


@pytest.mark.parametrize(
    ("source", "bound"),
    [
        pytest.param(MODULE_LEVEL, "cell = GRUCell(4, seed=0)\n", id="module level"),
        pytest.param(IN_HELPER, "cell = BasicLSTMCell(5", id="in a helper called once"),
        pytest.param(BIDIRECTIONAL, "cell_1 = GRUCell(3, seed=2)\n", id="a bidirectional run's two cells"),
    ],
)
def test_an_inline_cell_runs_as_tf1_ran_it(tmp_path: Path, source: str, bound: str) -> None:
    result = migrate_source(source, Options(), "program.py")
    migrated = result.migrated or ""
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    assert "Session" not in migrated and "placeholder" not in migrated and bound in migrated, migrated
    baseline_source = source.replace(
        "import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n"
    )
    baseline = run_in_a_shared_child(baseline_source, tmp_path / "tf1", graph=True, legacy_keras=True)
    expected = [float(n) for n in NUMBER.findall(baseline)]
    got = [float(n) for n in NUMBER.findall(run_in_a_shared_child(migrated, tmp_path / "tf2", graph=False))]
    assert len(expected) > 6 and len(got) == len(expected), (baseline, got)
    for want, have in zip(expected, got):
        assert math.isclose(want, have, rel_tol=1e-4, abs_tol=1e-5), (want, have)


def test_a_cell_built_from_a_call_result_keeps_the_graph_tier() -> None:
    """``GRUCell(size())``: the call's moment could matter, so the cell is not bound before the run."""
    source = MODULE_LEVEL.replace("tf.nn.rnn_cell.GRUCell(4)", "tf.nn.rnn_cell.GRUCell(size())").replace(
        "tf.set_random_seed(0)\n", "tf.set_random_seed(0)\n\n\ndef size():\n    return 4\n\n\n"
    )
    result = migrate_source(source, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in (result.migrated or "")
    assert len(ours) == 1 and "of a cell that is not an RNN cell built at module level" in ours[0].message, ours
