"""A scoped layer helper returning from a branch keeps the graph tier, and its follow-up names the ``return`` that
stops its reading at the calls (tfmigrate/transforms/session/early_returns.py)."""

from __future__ import annotations

from program_checks import reasons_by_line

PROGRAM = """
import numpy as np
import tensorflow as tf


def fc_layer(x, n_in, n_out, name, relu=True):
    with tf.variable_scope(name):
        w = tf.get_variable("w", [n_in, n_out], initializer=tf.truncated_normal_initializer(stddev=0.1))
        b = tf.get_variable("b", [n_out], initializer=tf.constant_initializer(0.1))
        y = tf.matmul(x, w) + b
        if relu:
            return tf.nn.relu(y)
        return y


tf.set_random_seed(1)
x = tf.placeholder(tf.float32, [None, 4])
h = fc_layer(x, 4, 3, "fc1")
out = fc_layer(h, 3, 1, "fc2", relu=False)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {x: np.ones([2, 4])}))
"""


def test_the_return_from_a_branch_is_named() -> None:
    found = reasons_by_line(PROGRAM)
    assert len(found) == 1, found
    line, message = found[0]
    assert line == 7 and "returns from a branch first (line 12)" in message, found


def test_a_helper_running_straight_through_is_read_at_its_calls() -> None:
    straight = PROGRAM.replace(
        "        if relu:\n            return tf.nn.relu(y)\n        return y\n", "        return y\n"
    )
    assert reasons_by_line(straight) == []


def test_a_final_if_else_returning_from_both_is_not_named() -> None:
    """release_fallbacks.py reads the final ``if``/``else`` as one conditional return; here the nested ``def`` is
    what keeps the helper from being read at its calls, so the follow-up must not blame the branch's ``return``."""
    source = PROGRAM.replace(
        "        if relu:\n            return tf.nn.relu(y)\n        return y\n",
        "        def act(t):\n            return t\n        if relu:\n            return tf.nn.relu(y)\n        else:\n"
        "            return act(y)\n",
    )
    found = reasons_by_line(source)
    assert len(found) == 1, found
    line, message = found[0]
    assert line == 7 and "`with tf.variable_scope` in a helper" in message, found
    assert "returns from a branch first" not in message, found
