"""TFM201 on a graph calling a name that holds a TensorFlow op (session/op_choices.py): ``act = tf.nn.relu`` then
``act(...)`` reads as the op; a name bound twice, or to something else than a TensorFlow op, keeps the graph tier
with the call named. (The list form, ``activations[i]`` per pass of a reset loop, is in test_graph_loops.py and
checked on TF by the eager_class_per_guarded_reset_loop_activation_list fixture.)"""

from __future__ import annotations

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

PROGRAM = """import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
act = {act}
x = tf.placeholder(tf.float32, [None, 3])
w = tf.Variable(tf.random_normal([3, 2]))
y = act(tf.matmul(x, w))
{after}with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, {{x: np.ones((2, 3))}}))
"""


def _followups(source: str) -> tuple[list[tuple[int, str]], str]:
    result = migrate_source(source, Options(), "program.py")
    return [(f.line, f.message) for f in result.followups if f.code == "TFM201"], result.migrated


@pytest.mark.parametrize("after", ["", "act = tf.nn.tanh\n"])
def test_a_name_holding_an_op_is_that_op(after: str) -> None:
    """Bound again after the graph read it, the later binding takes a name of its own (later_rebinds.py): the graph
    keeps the op it was built with, as in TF1."""
    followups, migrated = _followups(PROGRAM.format(act="tf.nn.relu", after=after))
    assert followups == [], followups
    assert "Session" not in migrated and "return act(tf.matmul(x, w))" in migrated, migrated
    assert "act = tf.nn.relu\n" in migrated


def test_a_lambda_bound_once_is_the_def_it_equals() -> None:
    """``act = lambda t: tf.nn.relu(t)`` builds a new op per call, as a one-expression def would (builder_lambdas.py;
    tests/test_builder_lambdas.py runs such programs against their TF1 baselines): kept as written."""
    followups, migrated = _followups(PROGRAM.format(act="lambda t: tf.nn.relu(t)", after=""))
    assert followups == [], followups
    assert "Session" not in migrated and "act = lambda t: tf.nn.relu(t)\n" in migrated, migrated
    assert "return act(tf.matmul(x, w))" in migrated, migrated


@pytest.mark.parametrize(
    ("act", "line"),
    [
        ("tf.nn.relu\nif np.ones(1)[0] > 0:\n    act = tf.nn.tanh", 10),  # bound twice before the graph reads it
        ("tf.nn.dropout", 8),  # draws
    ],
)
def test_a_name_not_bound_once_to_a_safe_op_keeps_the_graph_tier(act: str, line: int) -> None:
    followups, _ = _followups(PROGRAM.format(act=act, after=""))
    assert [f[0] for f in followups] == [line], followups
    assert "`act`" in followups[0][1], followups
