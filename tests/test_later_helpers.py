"""A graph helper calling helpers defined below it reads as the same program with the helpers above (held-out set
21, r4/r4b: a highway network's ``dense_layer`` calling ``init_weight``, defined next). Python resolves the global
when the call runs, so definition order changes nothing the program does; the proof's reading no longer depends on
it (later_helpers.py)."""

from __future__ import annotations

import pytest
from program_checks import eager

CALLER = """
def dense_layer(x, in_shape, out_shape):
    weights = init_weight([in_shape, out_shape])
    bias = init_bias([out_shape])
    return tf.add(tf.matmul(x, weights), bias)
"""
CALLEES = """
def init_weight(shape, stddev=0.05):
    return tf.Variable(tf.truncated_normal(shape, stddev=stddev, seed=1))


def init_bias(shape, bias=0.05):
    return tf.Variable(tf.constant(bias, shape=shape))
"""
RUN = """
x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.float32, [None, 1])
{layers}
loss = tf.reduce_mean(tf.square(out - y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
X = np.random.RandomState(0).rand(8, 3).astype(np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(20):
        l, _ = sess.run([loss, train], {{x: X, y: X.sum(axis=1, keepdims=True)}})
        print(i, l)
"""
HEAD = "import numpy as np\nimport tensorflow as tf\n"
ONE = "out = dense_layer(x, 3, 1)"
STACKED = "prev = x\nfor i in range(2):\n    prev = dense_layer(prev, 3, 3)\nout = dense_layer(prev, 3, 1)"


def _program(layers: str, below: bool, between: str = "") -> str:
    defs = [CALLER, between, CALLEES] if below else [CALLEES, between, CALLER]
    return HEAD + "\n".join(defs) + RUN.format(layers=layers)


def test_a_helper_stacked_in_a_loop_migrates_in_both_orders() -> None:
    """The loop unrolled (its body calls a function that builds variables: variable_builders.py), each pass read at
    its call: one set of variables per pass (tests/fixtures/TFM201/eager_highway_factories_stacked_by_loop runs the
    shape on real TF)."""
    for below in (True, False):
        migrated = eager(_program(STACKED, below))
        assert "Session" not in migrated and "placeholder" not in migrated and "for i in range(2)" not in migrated
        assert migrated.count("init_bias([3])") == 2 and migrated.count("init_bias([1])") == 1


def test_a_helper_called_once_migrates_in_both_orders() -> None:
    below = eager(_program(ONE, True))
    assert "Session" not in below and "placeholder" not in below and "tf.Variable(" in below


@pytest.mark.parametrize("between", ["scale = tf.constant(2.0)\n"])
def test_a_graph_value_bound_between_the_definitions_keeps_them_read_in_order(between: str) -> None:
    """Python resolves ``init_weight`` when the unrolled passes call it, after every ``def`` ran."""
    migrated = eager(_program(STACKED, True, between))
    assert migrated.index("scale = tf.constant(2.0)") < migrated.index("init_bias([3])")
