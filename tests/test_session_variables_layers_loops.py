"""TFM201's eager rewrite of tf.get_variable initializer objects, tf.layers and graph-building loops: what it
writes, and the shapes it cannot show equal, which keep the graph tier with one follow-up at the blocking line
(the numbers are checked on TensorFlow by tests/test_eager_rewrite.py and tests/test_session_programs.py)."""

from __future__ import annotations

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

HEAD = (
    "import numpy as np\nimport tensorflow as tf\n\nx = tf.placeholder(tf.float32, [None, 3])\ndata = np.ones((2, 3))\n"
)
RUN = """y = tf.reduce_sum({last})
train = tf.train.GradientDescentOptimizer(0.1).minimize(y)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run([train, y], feed_dict={{x: data}})[1])
"""


def _migrate(body: str, last: str = "h") -> tuple[str, list]:
    source = HEAD + body + RUN.format(last=last)
    result = migrate_source(source, Options(), "program.py")
    return result.migrated, [f for f in result.followups if f.code == "TFM201"]


def test_functional_layers_are_built_once_under_their_tf1_names() -> None:
    migrated, followups = _migrate(
        "h = tf.layers.dense(x, 4, activation=tf.nn.relu)\n"
        "h = tf.layers.dropout(h, 0.5, x)\n"
        "h = tf.layers.dense(h, 2, name='out')\n"
        "h = tf.layers.dense(h, 1)\n"
    )
    assert not followups, followups
    assert "dense_layer = tf.keras.layers.Dense(units=4, activation=tf.nn.relu, name='dense')" in migrated
    assert "out_layer = tf.keras.layers.Dense(units=2, name='out')" in migrated
    assert "dense_1_layer = tf.keras.layers.Dense(units=1, name='dense_1')" in migrated
    assert "tf.identity(" in migrated and "tf.layers" not in migrated and "Session" not in migrated


def test_seeded_layers_draw_their_kernel_with_tf1s_op_seed() -> None:
    migrated, followups = _migrate(
        "tf.set_random_seed(1)\nw = tf.Variable(tf.random_normal([3]))\nh = tf.layers.dense(x * w, 2)\n"
    )
    assert not followups, followups
    assert "tf.random.normal([3], seed=0)" in migrated
    assert "kernel_initializer=tf.compat.v1.glorot_uniform_initializer(seed=1), name='dense'" in migrated


def test_a_layer_under_a_device_block_is_named_as_at_module_level() -> None:
    """A device pin opens no scope: TF1 named the layer ``dense`` (run baseline-vs-migrated with its checkpoint in
    test_stateless_model_classes)."""
    migrated, followups = _migrate("with tf.device('/cpu:0'):\n    h = tf.layers.dense(x, 3)\n")
    assert not followups, followups
    assert "name='dense'" in migrated and "device('/cpu:0')" in migrated, migrated


def test_a_loop_that_builds_the_graph_is_unrolled_with_fresh_names() -> None:
    migrated, followups = _migrate(
        "h = x\nfor i in range(2):\n    W = tf.Variable(tf.ones([3, 3]) * i)\n    h = tf.matmul(h, W)\n"
    )
    assert not followups, followups
    assert "W_1 = tf.Variable(tf.ones([3, 3]) * 0)" in migrated and "W = tf.Variable(tf.ones([3, 3]) * 1)" in migrated
    assert "def h_1(x):" in migrated and "return tf.matmul(h_1(x), W)" in migrated
    assert "for i in" not in migrated.split("with tf.GradientTape")[0]


def test_initializer_objects_stay_objects_passed_to_get_variable() -> None:
    migrated, followups = _migrate(
        "tf.set_random_seed(2)\ninit = tf.truncated_normal_initializer(stddev=0.1)\n"
        "W = tf.get_variable('W', [3, 3], initializer=init)\nh = tf.matmul(x, W)\n"
    )
    assert not followups, followups
    assert "init = tf.compat.v1.truncated_normal_initializer(stddev=0.1, seed=0)" in migrated


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        pytest.param(
            "tf.set_random_seed(2)\ninit = tf.random_normal_initializer()\n"
            "W = tf.get_variable('W', [3, 3], initializer=init)\nV = tf.get_variable('V', [3, 3], initializer=init)\n"
            "h = tf.matmul(tf.matmul(x, W), V)\n",
            8,
            "shared by several variables",
            id="seeded initializer object shared by two variables",
        ),
        pytest.param(
            "init = tf.constant_initializer(1.0)\nh = x * init\n",
            7,
            "is used as a tensor",
            id="initializer object used as a tensor",
        ),
        pytest.param(
            "tf.set_random_seed(2)\nh = tf.layers.dropout(tf.layers.dense(x, 3), 0.5, training=True)\n",
            7,
            "seeded tf.layers.dropout",
            id="seeded dropout that trains",
        ),
        pytest.param(
            "is_training = tf.placeholder(tf.bool)\nh = tf.layers.dropout(x, 0.5, training=is_training)\n",
            7,
            "computed while the graph runs",
            id="dropout training flag fed at run time",
        ),
        pytest.param(
            "with tf.device('/cpu:0'):\n    with tf.name_scope('net'):\n        h = tf.layers.dense(x, 3)\n",
            8,
            "inside a `with` block",
            id="layer under a name scope in a device block",
        ),
        pytest.param(
            "with tf.name_scope('net'):\n    with tf.name_scope('inner'):\n        h = tf.layers.dense(x, 3)\n",
            8,
            "inside a `with` block",
            id="layer under nested name scopes",
        ),
        pytest.param(
            "h = tf.layers.dense(x, 3, kernel_regularizer=tf.nn.l2_loss)\n",
            6,
            "graph collection",
            id="regularizer collected by the graph",
        ),
        pytest.param(
            "n = int(np.sqrt(4))\nh = x\nfor i in range(n):\n    h = tf.nn.relu(h)\n",
            9,
            "rebound by a statement in a `for` loop, and line 9 reads it before the binding",
            id="loop over a value computed at run time",
        ),
    ],
)
def test_shapes_not_shown_equal_keep_the_graph_tier(body: str, line: int, reason: str) -> None:
    migrated, followups = _migrate(body)
    assert "disable_v2_behavior" in migrated
    assert len(followups) == 1 and followups[0].line == line and reason in followups[0].message, followups
