"""Python lists of graph values walked or fetched where the Session runs (listed_tensors.py, op_lists.py): read as
runs of one element or of the list where the list's length and every use are told by the code; other shapes keep
the graph tier with the reason. The positive shapes run on real TensorFlow in the fixtures
(tests/fixtures/TFM201/eager_tensor_list_loops_and_fetches) and programs (tcksand_linear_regression_tf_gradients)."""

from __future__ import annotations

import pytest
from program_checks import eager, reasons

LOOP = """import tensorflow as tf

ts = {value}
with tf.Session() as sess:
    for t in ts:
        print(sess.run(t))
{after}"""


def test_loop_over_a_list_of_tensors_reads_each_position() -> None:
    migrated = eager(LOOP.format(value="[tf.constant(i) * 2 for i in range(3)]", after=""))
    assert "for t_index in range(3):\n    print(ts[t_index].numpy())" in migrated, migrated


@pytest.mark.parametrize(
    ("value", "after"),
    [
        pytest.param("[tf.constant(i) * 2 for i in range(3)]", "print(t)\n", id="name-read-after-the-loop"),
        pytest.param("[tf.constant(i) * 2 for i in range(n)]", "", id="length-not-told"),
        pytest.param("[tf.constant(i) * 2 for i in range(3) if i]", "", id="filtered"),
    ],
)
def test_loops_whose_list_or_name_the_code_does_not_tell_keep_the_graph_tier(value: str, after: str) -> None:
    source = LOOP.format(value=value, after=after).replace("ts = ", "n = 3\nts = ")
    found = reasons(source)
    assert any("`ts` is used outside Session.run / eval" in r for r in found), found


def test_comprehension_fetch_of_a_tuple_keeps_the_graph_tier() -> None:
    """``sess.run(ts)`` of a tuple returns a tuple, the comprehension a list: not read as ``ts``."""
    source = LOOP.format(value="(tf.constant(1.0), tf.constant(2.0))", after="").replace(
        "    for t in ts:\n        print(sess.run(t))\n", "    print(sess.run([t for t in ts]))\n"
    )
    found = reasons(source)
    assert any("fetches `[t for t in ts]` in a structure" in r for r in found), found


OPS = """import tensorflow as tf

x = tf.placeholder(tf.float32)
W = tf.Variable(1.0)
b = tf.Variable(0.0)
loss = tf.reduce_sum(tf.square(W * x + b - 2.0))
dW, db = tf.gradients(loss, [W, b])
fixW = tf.assign(W, W - 0.1 * dW)
fixb = tf.assign(b, b - 0.1 * db)
train = [fixW, fixb]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(3):
        {run}
        print(sess.run([W, b]))
"""


def test_list_of_assign_ops_run_alone_is_one_step() -> None:
    migrated = eager(OPS.format(run="sess.run(train, feed_dict={x: [1.0, 2.0]})"))
    assert "value, value_1 = fixW_and_fixb(" in migrated and "train" not in migrated, migrated


def test_list_of_assign_ops_read_outside_a_run_keeps_the_graph_tier() -> None:
    found = reasons(OPS.format(run="sess.run(train, feed_dict={x: [1.0, 2.0]}); print(len(train))"))
    assert any("`fixW` (assign) is used as a tensor" in r for r in found), found
