"""A value reading one random tensor along two paths binds it once in its eager function (session/read_once.py);
where binding it first could reorder draws, the refusal stands. The numbers are proved against TF1 by the fixture
tests/fixtures/TFM201/eager_dropout_loss_two_paths (tests/test_eager_rewrite.py)."""

from __future__ import annotations

import pytest
from program_checks import eager, reasons

HEAD = """\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 4])
keep_prob = tf.placeholder(tf.float32)
W = tf.Variable(tf.ones([4, 2]) * 0.1)
p = tf.nn.softmax(tf.matmul(tf.nn.dropout(x, keep_prob), W))
q = tf.nn.dropout(x, keep_prob)
"""
TAIL = """
step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for i in range(3):
    print(sess.run([step, loss], feed_dict={x: np.ones((2, 4), np.float32), keep_prob: 0.5})[1])
"""


def test_the_loss_binds_the_softmax_once_and_the_step_calls_the_loss_once() -> None:
    migrated = eager(HEAD + "loss = -tf.reduce_sum(tf.log(p) + tf.log(1 - p))\n" + TAIL)
    assert (
        "    p_drawn = p(x, keep_prob)\n    return -tf.reduce_sum(tf.math.log(p_drawn) + tf.math.log(1 - p_drawn))"
        in (migrated)
    ), migrated


@pytest.mark.parametrize(
    "loss",
    [
        "loss = -tf.reduce_sum(tf.log(p) + tf.log(1 - p) + tf.random_uniform([]))",  # an own draw after the shared one
        "loss = -tf.reduce_sum(tf.log(p) + tf.log(1 - p) + tf.reduce_sum(q))",  # another random tensor read
        "r = p * 2\nloss = -tf.reduce_sum(tf.log(r) + tf.log(1 - p))",  # the paths part before the loss
    ],
)
def test_where_the_draw_order_could_change_the_refusal_stands(loss: str) -> None:
    found = reasons(HEAD + loss + "\n" + TAIL)
    assert any("random tensor" in reason and "paths" in reason or "times" in reason for reason in found), found
