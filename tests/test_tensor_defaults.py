"""Placeholders whose default is a tensor (tensor_defaults.py) and feed dicts bound again with other keys
(rebound_feed_dicts.py): what the proof does not read keeps the graph tier with the line and a true reason. The
converted shapes run on TF 2.21 in tests/fixtures/TFM201/eager_tensor_default_state and the tests/programs program
ecotner_lstm_sine_default_states; these cases only migrate."""

from __future__ import annotations

import pytest
from program_checks import eager, reasons_by_line

PROGRAM = """\
import numpy as np
import tensorflow as tf

width = 3
X = tf.placeholder(tf.float32, [None, 4])
W = tf.Variable(tf.ones([4, width]))
state0 = tf.placeholder_with_default({default}, [None, width])
out = tf.reduce_sum(tf.matmul(X, W) + state0)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, feed_dict={{X: np.ones([2, 4])}}))
"""
REFUSED = "a placeholder_with_default whose default is neither a bool, int or float literal nor a tensor"


@pytest.mark.parametrize(
    "default",
    [
        pytest.param("tf.zeros_like(tf.matmul(X, W))", id="reads a variable"),
        pytest.param("tf.zeros([X.shape[0], width])", id="a static shape, None in TF1's graph"),
        pytest.param("tf.random_normal([2, width])", id="draws"),
        pytest.param("tf.zeros([tf.shape(X)[0], len([width])])", id="calls a Python function"),
    ],
)
def test_a_default_the_proof_does_not_read_keeps_the_graph_tier_at_its_line(default: str) -> None:
    assert reasons_by_line(PROGRAM.format(default=default)) == [(7, _at(7))]


def _at(line: int):
    class Refusal:
        def __eq__(self, message: object) -> bool:
            return isinstance(message, str) and REFUSED in message and f"(line {line})" in message

        def __repr__(self) -> str:
            return f"<the default's refusal at line {line}>"

    return Refusal()


def test_the_default_of_a_run_that_does_not_feed_it_is_computed_from_that_runs_feeds() -> None:
    """The fed call is bound first (fed_values.py); the default reads the name the graph was built with, a later
    binding of it renamed away (later_rebinds.py)."""
    source = PROGRAM.format(default="tf.zeros([tf.shape(X)[0], width])")
    assert "print(out(fed, tf.zeros([tf.shape(fed)[0], width])).numpy())" in eager(source)
    rebound = eager(source.replace("with tf.Session()", "width = 4\nwith tf.Session()"))
    assert "width_1 = 4" in rebound and "tf.zeros([tf.shape(fed)[0], width])" in rebound, rebound


LOOPED = """\
import numpy as np
import tensorflow as tf

X = tf.placeholder(tf.float32, [None, 2])
Y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable(tf.ones([2, 1]))
out = tf.matmul(X, W)
loss = tf.reduce_mean(tf.square(out - Y))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    feed = {X: np.ones([2, 2]), Y: np.ones([2, 1])}
    for i in range(2):
        print(sess.run(loss, feed_dict=feed))
        feed = {X: np.zeros([2, 2])}
        print(sess.run(out, feed_dict=feed))
"""


def test_a_feed_dict_bound_again_where_an_earlier_read_loops_back_to_it_keeps_the_graph_tier() -> None:
    """The loop's second pass reads the second dict at the first run: the walk in written order would not."""
    reasons = reasons_by_line(LOOPED)
    assert [line for line, _ in reasons] == [14], reasons
    assert "feeds other placeholders here than where it was first built" in reasons[0][1]
