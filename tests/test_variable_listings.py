"""A module-level loop over tf.trainable_variables() printing names and shapes (variable_listings.py): run over the
literal list of the variables where their eager names are TF1's, else the graph tier with the cause. The printed
names, shapes and counts are compared with TF1's by tests/test_eager_rewrite.py (eager_trainable_variables_printed,
eager_show_all_variables_helper, eager_show_all_variables_enumerate)."""

from __future__ import annotations

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

PROGRAM = """\
import numpy as np
import tensorflow as tf

W = tf.Variable(tf.zeros([3, 2]), name="weights")
{second}
x = tf.placeholder(tf.float32, [None, 3])
out = tf.matmul(x, W) + b
for {loop}:
{body}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, feed_dict={{x: np.ones([2, 3])}}))
"""
NAMED = 'b = tf.Variable(tf.zeros([2]), name="bias")'
PRINTS = "    print(v.name, v.get_shape(), np.prod(v.shape.as_list()))"


LOOP = "v in tf.trainable_variables()"
NUMBERED = "idx, v in enumerate(tf.trainable_variables())"


def _tfm201(second: str, body: str, loop: str = LOOP, before: str = "") -> tuple[str, list[str]]:
    source = before + PROGRAM.format(second=second, body=body, loop=loop)
    result = migrate_source(source, Options(), "program.py")
    return result.migrated, [f.message for f in result.followups if f.code == "TFM201"]


def test_the_loop_runs_over_the_named_variables_in_building_order() -> None:
    migrated, followups = _tfm201(NAMED, PRINTS)
    assert followups == []
    assert "for v in [W, b]:" in migrated and "Session" not in migrated


def test_enumerate_numbers_the_same_list() -> None:
    migrated, followups = _tfm201(NAMED, "    print(idx, v.name, v.get_shape())", NUMBERED)
    assert followups == []
    assert "for idx, v in enumerate([W, b]):" in migrated and "Session" not in migrated


@pytest.mark.parametrize(
    ("loop", "before", "cause"),
    [
        pytest.param(NUMBERED, "enumerate = zip\n", "`enumerate` bound by the module", id="enumerate-rebound"),
        pytest.param("v, v in enumerate(tf.trainable_variables())", "", "other than `for v in", id="one-name-twice"),
        pytest.param("(v, w) in zip(tf.trainable_variables(), [1])", "", None, id="zip"),
    ],
)
def test_other_loops_keep_the_graph_tier(loop: str, before: str, cause: str | None) -> None:
    migrated, followups = _tfm201(NAMED, "    print(v.name, v.get_shape())", loop, before)
    assert "disable_v2_behavior()" in migrated
    assert len(followups) == 1, followups
    assert cause is None or cause in followups[0], followups


HELPER_LOOPS = {
    "enumerate": "    for idx, op in enumerate(tf.trainable_variables()):\n",
    "a local list": "    model_vars = tf.trainable_variables()\n    for op in model_vars:\n",
}


@pytest.mark.parametrize("loop", list(HELPER_LOOPS.values()), ids=list(HELPER_LOOPS))
def test_a_listing_helper_called_in_the_session_block_names_the_collection(loop: str) -> None:
    """Not read at a module-level call, the helper's loop is refused for what it is: a walk of TF1's collection."""
    source = PROGRAM.format(second=NAMED, body="    pass", loop="_ in range(1)").replace(
        "with tf.Session() as sess:\n",
        f"def show_all_variables():\n{loop}        print(op.name, op.get_shape())\n\n\n"
        "with tf.Session() as sess:\n    show_all_variables()\n",
    )
    followups = [f.message for f in migrate_source(source, Options(), "program.py").followups if f.code == "TFM201"]
    assert len(followups) == 1 and "a `for` loop over tf.trainable_variables() (eager TF 2" in followups[0], followups


@pytest.mark.parametrize(
    ("second", "body", "cause"),
    [
        pytest.param("b = tf.Variable(tf.zeros([2]))", PRINTS, "the variable `b` is not", id="unnamed"),
        pytest.param('b = tf.Variable(tf.zeros([2]), name="weights")', PRINTS, "the variable `b`", id="same name"),
        pytest.param('b = tf.Variable(tf.zeros([2]), name="bias_1")', PRINTS, "the variable `b`", id="numbered"),
        pytest.param(NAMED, "    v.assign(tf.ones(v.shape))", "uses `v` other than", id="assign"),
        pytest.param(NAMED, "    print(v)", "uses `v` other than", id="repr"),
    ],
)
def test_names_that_are_not_tf1s_keep_the_graph_tier_at_the_loop(second: str, body: str, cause: str) -> None:
    migrated, followups = _tfm201(second, body, NUMBERED if "assign" in body else LOOP)
    assert "disable_v2_behavior()" in migrated
    assert len(followups) == 1 and cause in followups[0], followups
