"""A module function handed to tf.scan by name (traced_functions.py) and Python's ``sum`` over graph values
(graph_sums.py): what runs eagerly, and the line and cause of what keeps the graph tier. The numbers of the eager
programs are compared with TF1's by tests/test_eager_rewrite.py (eager_scan_named_*, eager_python_sum_*)."""

from __future__ import annotations

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

SCAN = """\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, None, 2])
W = tf.Variable(tf.ones([2, 3]) * 0.1)
U = tf.Variable(tf.ones([3, 3]) * 0.2)
x_time = tf.transpose(x, [1, 0, 2])
h0 = tf.zeros([tf.shape(x)[0], 3])


def step(h_prev, x_t):
{body}


states = tf.scan(step, x_time, initializer=h0)
with tf.Session() as sess:
    print(sess.run(states[-1], feed_dict={{x: np.ones([2, 4, 2], np.float32)}}))
"""


def _tfm201(source: str) -> tuple[str, list[tuple[int, str]]]:
    result = migrate_source(source, Options(), "program.py")
    return result.migrated, [(f.line, f.message) for f in result.followups if f.code == "TFM201"]


def test_a_pure_step_function_runs_eagerly() -> None:
    migrated, followups = _tfm201(SCAN.format(body="    return tf.tanh(tf.matmul(x_t, W) + tf.matmul(h_prev, U))"))
    assert followups == []
    assert "Session" not in migrated and "tf.scan(step, x_time(x), initializer=h0(x))" in migrated


@pytest.mark.parametrize(
    ("body", "cause"),
    [
        pytest.param("    return tf.tanh(tf.matmul(x_t, W) + h0)", "reads the graph value `h0` (tensor)", id="tensor"),
        pytest.param(
            "    return tf.tanh(tf.matmul(x_t, W) + tf.random_normal([3]))", "draws random numbers", id="random"
        ),
        pytest.param(
            "    V = tf.Variable(tf.ones([3, 3]))\n    return tf.matmul(h_prev, V)", "builds variables", id="variable"
        ),
    ],
)
def test_a_step_function_that_is_not_pure_keeps_the_graph_tier_at_the_scan(body: str, cause: str) -> None:
    migrated, followups = _tfm201(SCAN.format(body=body))
    assert "disable_v2_behavior()" in migrated
    assert len(followups) == 1 and cause in followups[0][1], followups


SUM = """\
import tensorflow as tf
{binding}
weights = [tf.Variable([1.0, 2.0]), tf.Variable([3.0])]
reg = 0.5 * sum({items})
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(reg))
"""


@pytest.mark.parametrize(
    "items",
    [
        "[tf.nn.l2_loss(w) for w in weights]",
        "tf.nn.l2_loss(w) for w in weights",
        "[tf.reduce_sum(w) for w in weights], 1.0",
    ],
)
def test_builtin_sum_over_graph_values_runs_eagerly(items: str) -> None:
    migrated, followups = _tfm201(SUM.format(binding="", items=items))
    assert followups == [] and "Session" not in migrated


@pytest.mark.parametrize(
    ("binding", "items"),
    [
        pytest.param("from numpy import sum", "[tf.nn.l2_loss(w) for w in weights]", id="imported"),
        pytest.param("", "[tf.nn.l2_loss(w) for w in weights], weights[0]", id="tensor start"),
    ],
)
def test_a_sum_that_is_not_the_builtin_over_numbers_keeps_the_graph_tier(binding: str, items: str) -> None:
    migrated, followups = _tfm201(SUM.format(binding=binding, items=items))
    assert "disable_v2_behavior()" in migrated and len(followups) == 1, followups
