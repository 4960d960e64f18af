"""Functions that run the graph in the Session they are passed (``def run_epochs(sess, epochs)``): proved at each
call, or the program keeps the graph tier with the line and reason. The eager output of the accepted shape runs on
real TensorFlow in tests/test_eager_rewrite.py (fixtures/TFM201/eager_session_passed_to_a_function)."""

from __future__ import annotations

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

PROGRAM = """import tensorflow as tf
x = tf.placeholder(tf.float32)
w = tf.Variable(1.0)
loss = tf.reduce_sum(w * x)
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)


def train(sess, steps):
    for _ in range(steps):
        {body}


with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    {calls}
"""
RUN = "sess.run(train_op, feed_dict={x: 1.0})"


def _migrate(body: str = RUN, calls: str = "train(sess, 3)") -> tuple[str, list[str]]:
    result = migrate_source(PROGRAM.format(body=body, calls=calls), Options(), "program.py")
    return result.migrated, [f.message for f in result.followups if f.code == "TFM201"]


def test_the_function_runs_eagerly_without_its_session_parameter() -> None:
    migrated, ours = _migrate(calls="train(sess, 3)\n    train(steps=2, sess=sess)")
    assert not ours and "Session" not in migrated, migrated
    assert "def train(steps):" in migrated and "train(3)\ntrain(steps=2)" in migrated, migrated
    assert "        train_op(1.0)" in migrated, migrated


@pytest.mark.parametrize(
    ("body", "calls", "line", "reason"),
    [
        pytest.param(
            RUN, "train(sess, 3)\n    print(train)", 16, "used here other than called with a Session", id="as value"
        ),
        pytest.param(RUN, "train(None, 3)", 15, "without a Session of this module", id="no session"),
        pytest.param(RUN, "print(1)", 8, "is never called", id="never called"),
        pytest.param(
            RUN + "\n        print(sess)", "train(sess, 3)", 11, "`sess` is used outside Session.run", id="session used"
        ),
        pytest.param(RUN + "\n        train(sess, 1)", "train(sess, 3)", 11, "calls itself", id="recursion"),
    ],
)
def test_functions_the_proof_cannot_follow_keep_the_graph_tier(body, calls, line, reason) -> None:
    migrated, ours = _migrate(body, calls)
    assert "disable_v2_behavior()" in migrated
    assert len(ours) == 1 and reason in ours[0] and f"(line {line})" in ours[0], ours


def test_a_function_called_once_with_a_graph_argument_is_read_where_it_is_called() -> None:
    """``train(sess, sess.run(w))``: TF1 ran ``w`` once, before the call; the call runs once, so its body is read in
    place (inlined_helpers.py) with the argument bound first, as TF1 evaluated it."""
    migrated, ours = _migrate(RUN, "train(sess, sess.run(w))")
    assert not ours and "Session" not in migrated, migrated
    assert "steps = w.numpy()\nfor _ in range(steps):\n    train_op(1.0)" in migrated, migrated
