"""tf.cond's branches inside a graph helper handed to tf.map_fn (held-out 22, sr_custom; session/cond_branches.py,
session/local_functions.py): lambdas and local functions over the helper's values run eagerly, proved on TF 2.21 by
the fixtures TFM201/eager_map_fn_cond_lambda_branches and eager_map_fn_cond_named_branches. What the helper's
checks cannot promise keeps the graph tier, each with its reason."""

from __future__ import annotations

import pytest
from program_checks import reasons

PROGRAM = """\
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(1)
data = rng.randn(64, 4).astype(np.float32)
target = np.eye(3, dtype=np.float32)[rng.randint(0, 3, 64)]

x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 3])
W = tf.Variable(rng.randn(4, 3).astype(np.float32))
b = tf.Variable(np.zeros(3, dtype=np.float32))
logits = tf.matmul(x, W) + b


def correcting_function(row):
    def shifted():
        return row - tf.reduce_max(row)

    return tf.cond(tf.reduce_max(row) > 1.0, shifted, lambda: row)


corrected = tf.map_fn(correcting_function, logits)
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=corrected))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(30):
        _, l = sess.run([train, loss], feed_dict={x: data, y: target})
    print(sess.run(corrected, feed_dict={x: data[:3]}))
"""


def test_the_program_runs_eagerly() -> None:
    assert reasons(PROGRAM) == []


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(
            ("lambda: row)", "lambda: row + tf.random_normal([3]))"),
            "a tf.cond branch draws random numbers",
            id="a branch draws",
        ),
        pytest.param(
            ("lambda: row)", "lambda: [row])"),
            "one-element list or tuple",
            id="a branch returns a one-element list",
        ),
        pytest.param(
            (
                "        return row - tf.reduce_max(row)\n",
                "        total = row\n        for _ in range(2):\n            total = total - 1\n        return total\n",
            ),
            "local function `shifted` is not assignments and one `return`",
            id="a local function with a loop",
        ),
        pytest.param(
            ("        return row - tf.reduce_max(row)\n", "        v = tf.Variable(1.0)\n        return row * v\n"),
            "tf.Variable builds a variable on every call",
            id="a local function builds a variable",
        ),
        pytest.param(
            ("    def shifted():\n", "    def shifted(scale=len(data)):\n"),
            "has a default that is not a literal",
            id="a computed default",
        ),
    ],
)
def test_what_the_helper_checks_cannot_promise_keeps_the_graph_tier(change, reason) -> None:
    found = reasons(PROGRAM.replace(*change))
    assert len(found) == 1 and reason in found[0], found
