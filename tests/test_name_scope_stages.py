"""A module program whose every stage sits in ``with tf.name_scope('...'):``, the model object constructed in one
(name_scope_blocks.py), and a class whose method the module calls builds get_variable weights, called twice with
``tf.get_variable_scope().reuse_variables()`` between the calls (a train and an eval tower sharing the weights;
method_variables.py): held-out set 25's cv_house_price_train.

The name-scope block around ``model = Model()`` is read as its body where nothing under it builds an op, so the
proof reaches the blocker behind it; a method making variables where the module calls it keeps the graph tier with
the variable and the reuse named (read as one expression of its arguments, the migrated program stopped on a name
the method bound). Each program runs as TF1 and migrated on real TensorFlow and prints the baseline's numbers; the
towers program resumes from the TF1 program's checkpoint."""

from __future__ import annotations

import pytest
from program_checks import assert_baseline_numbers, evaluate_sources, migrated_with_reasons

META = {"random": "seeded"}

TOWERS = """\
import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(5)


class Net:
    def __init__(self):
        self.weights = {}

    def forward(self, x, train=True):
        with tf.variable_scope('layer1') as scope:
            x = self.dense(x, 6, scope.name, True)
        with tf.variable_scope('layer2') as scope:
            x = self.dense(x, 1, scope.name, False)
        return x

    def dense(self, x, units, name, relu):
        kernel = self.make_kernel(name + '_w', [x.get_shape().as_list()[1], units])
        bias = tf.get_variable(name + '_b', [units], initializer=tf.constant_initializer(0.0))
        self.weights[name + '_w'] = kernel
        x = tf.nn.bias_add(tf.matmul(x, kernel), bias)
        return tf.nn.relu(x) if relu else x

    def make_kernel(self, name, shape):
        return tf.get_variable(name, shape, initializer=tf.random_normal_initializer(stddev=0.3))


with tf.name_scope('session'):
    sess = tf.Session()
with tf.name_scope('inputs'):
    features = tf.placeholder(tf.float32, [None, 4])
    target = tf.placeholder(tf.float32, [None, 1])
with tf.name_scope('network'):
    net = Net()
with tf.name_scope('training'):
    train_out = net.forward(features)
    train_cost = tf.reduce_mean(tf.square(train_out - target))
    train_op = tf.train.GradientDescentOptimizer(0.05).minimize(train_cost)
with tf.name_scope('evaluation'):
    tf.get_variable_scope().reuse_variables()
    eval_out = net.forward(features, False)
    eval_cost = tf.reduce_mean(tf.abs(eval_out - target))
with tf.name_scope('init'):
    sess.run(tf.global_variables_initializer())
with tf.name_scope('checkpoint'):
    saver = tf.train.Saver()
    if os.path.exists('towers.ckpt.index'):
        saver.restore(sess, './towers.ckpt')
rng = np.random.RandomState(1)
x = rng.normal(size=(12, 4)).astype(np.float32)
y = x[:, :1] - 0.5 * x[:, 1:2]
for step in range(6):
    cost, _ = sess.run([train_cost, train_op], {features: x, target: y})
    print(step, cost, sess.run(eval_cost, {features: x, target: y}))
saver.save(sess, './towers.ckpt')
"""

# One tower, its weights made in the method the module calls once: read as ``cost = <the method's expression>``
# (before this check) the migrated program read a name the method had bound (the checkpoint's ``w__loss_local``)
# and stopped.
RETURNED = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(2)


class Regressor:
    def __init__(self, units):
        self.units = units

    def loss(self, x, y):
        w = tf.get_variable('w', [2, self.units], initializer=tf.random_normal_initializer(stddev=0.5))
        pred = tf.matmul(x, w)
        return tf.reduce_mean(tf.square(pred - y))


with tf.name_scope('session'):
    sess = tf.Session()
x = tf.placeholder(tf.float32, [None, 2])
y = tf.placeholder(tf.float32, [None, 1])
model = Regressor(1)
cost = model.loss(x, y)
opt = tf.train.GradientDescentOptimizer(0.1).minimize(cost)
sess.run(tf.global_variables_initializer())
saver = tf.train.Saver()
for step in range(5):
    c, _ = sess.run([cost, opt], {x: np.eye(2), y: np.ones((2, 1))})
    print(step, c)
saver.save(sess, './regressor.ckpt')
"""

# The eval tower shared by a reusing scope entered around the call instead.
REUSE_FLAG = TOWERS.replace(
    "    tf.get_variable_scope().reuse_variables()\n    eval_out = net.forward(features, False)\n",
    "    with tf.variable_scope(tf.get_variable_scope(), reuse=True):\n        eval_out = net.forward(features, False)\n",
)
PROGRAMS = {"towers": TOWERS, "returned": RETURNED, "reuse_flag": REUSE_FLAG}


@pytest.fixture(scope="module")
def outcomes():
    """Each program run as TF1 and migrated; the towers a second time, on the TF1 program's checkpoint."""
    return evaluate_sources(PROGRAMS, META, frozenset({"towers"}))


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_the_graph_tier_prints_the_baseline_numbers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_baseline_numbers(outcome)
    assert not outcome.session_free
    same, why = outcome.resume_match()  # towers: the migrated program restored the TF1 checkpoint and trained on
    assert same, why


def test_the_name_scope_block_is_read_and_the_shared_tower_named() -> None:
    """The reason is the method's, not the block's: the weights it makes and the reuse_variables() line."""
    _, reasons = migrated_with_reasons(TOWERS)
    assert len(reasons) == 1, reasons
    _, message = reasons[0]
    assert message.endswith(f"(line {TOWERS.splitlines().index('    def forward(self, x, train=True):') + 1})")
    assert "inside a `with`" not in message
    assert "method `forward` of class `Net`" in message
    kernel = TOWERS.splitlines().index(
        "        return tf.get_variable(name, shape, initializer=tf.random_normal_initializer(stddev=0.3))"
    )
    assert f"it makes variables (`tf.get_variable`, line {kernel + 1})" in message
    reuse = TOWERS.splitlines().index("    tf.get_variable_scope().reuse_variables()") + 1
    assert f"shared between calls by `tf.get_variable_scope().reuse_variables()` (line {reuse})" in message


def test_a_reusing_scope_around_the_second_call_is_named() -> None:
    assert REUSE_FLAG != TOWERS
    _, reasons = migrated_with_reasons(REUSE_FLAG)
    line = REUSE_FLAG.splitlines().index("    with tf.variable_scope(tf.get_variable_scope(), reuse=True):") + 1
    wanted = f"shared between calls by `tf.variable_scope(tf.get_variable_scope(), reuse=True)` (line {line})"
    assert [m for _, m in reasons if wanted in m], reasons


def test_a_method_called_once_making_variables_is_named() -> None:
    _, reasons = migrated_with_reasons(RETURNED)
    made = [i + 1 for i, text in enumerate(RETURNED.splitlines()) if "get_variable('w'" in text]
    assert [
        m
        for _, m in reasons
        if "method `loss` of class `Regressor` is called by the module; it makes variables" in m
        and f"(`tf.get_variable`, line {made[0]})" in m
    ], reasons


BUILDING = TOWERS.replace(
    "    def __init__(self):\n        self.weights = {}\n",
    "    def __init__(self):\n        self.weights = {}\n        self.scale = tf.constant(2.0)\n",
)
REFUSED = {
    # The constructor builds an op, named network/Const by TF1: read as its body the block would rename it.
    "the constructor builds an op": (
        BUILDING,
        "`with tf.name_scope('network'):` block, read as its body only when nothing under it builds an op",
        "        self.scale = tf.constant(2.0)",
    ),
    # The constructor is passed a placeholder: an operator on it would build an op under the scope.
    "a graph value passed to the constructor": (
        TOWERS.replace("    net = Net()\n", "    net = Net(features)\n").replace(
            "    def __init__(self):\n", "    def __init__(self, inputs):\n        self.inputs = inputs\n"
        ),
        "read as its body only when nothing under it builds an op or reads a graph value",
        "    net = Net(features)",
    ),
    # A later scope of the same name was numbered network_1 against this one.
    "the scope's name spelled again": (
        TOWERS.replace("with tf.name_scope('init'):", 'with tf.name_scope("network"):'),
        "when no other string names that scope",
        'with tf.name_scope("network"):',
    ),
    # An op's default name: later ops of that type were numbered against the scope.
    "an op's default name": (
        TOWERS.replace("with tf.name_scope('network'):", "with tf.name_scope('add'):"),
        "when the scope's name is no op's default name",
        "with tf.name_scope('add'):",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_name_scope_block_that_names_something_keeps_its_reason(case: str) -> None:
    source, reason, line = REFUSED[case]
    assert source != TOWERS
    _, reasons = migrated_with_reasons(source)
    lines = source.splitlines()
    wanted = [i + 1 for i, text in enumerate(lines) if text == line]
    assert len(wanted) == 1
    assert [m for _, m in reasons if reason in m and m.endswith(f"(line {wanted[0]})")], reasons
