"""Module-level variable scopes entered through a scope object or beside other context managers
(tfmigrate/transforms/session/scope_objects.py): read as literal scopes only where the name scope the object
re-enters cannot show. The fixture eager_gan_scope_object_entered_again runs the converted case on real TF."""

from __future__ import annotations

import libcst as cst
import pytest
from program_checks import reasons

from tfmigrate.transforms.session import scope_objects

PROGRAM = """
import numpy as np
import tensorflow as tf


def net(x):
    w = tf.get_variable("w", [2, 1], initializer=tf.random_normal_initializer(seed=1))
    return tf.matmul(x, w)


x = tf.placeholder(tf.float32, [None, 2])
with tf.variable_scope("mnist") as scope:
    train_out = net(x)
with tf.variable_scope(scope, reuse=True):
    eval_out = net(x * 2.0)
EXTRA
loss = tf.reduce_mean(tf.square(train_out))
step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        print(sess.run([loss, step], {x: np.ones([2, 2])})[0], sess.run(eval_out, {x: np.ones([1, 2])}))
"""


def test_a_scope_object_entered_again_for_reuse_is_its_name() -> None:
    assert reasons(PROGRAM.replace("EXTRA\n", "")) == []


@pytest.mark.parametrize(
    ("change", "extra"),
    [
        pytest.param(
            ("    eval_out = net(x * 2.0)", "    eval_out = net(x * 2.0) + tf.Variable(1.0)"), "", id="tf.Variable"
        ),
        pytest.param(("", ""), "print(eval_out.name)", id="a tensor's name read"),
        pytest.param(("", ""), "print(scope.name)", id="the scope object read"),
    ],
)
def test_where_the_reentered_name_scope_could_show_the_object_stays(change: tuple[str, str], extra: str) -> None:
    """TF1 re-entered ``mnist/`` for ops and tf.Variables; the name would open ``mnist_1/``."""
    source = PROGRAM.replace(*change).replace("EXTRA", extra)
    assert reasons(source)  # the graph tier, whichever line stops the proof first


def test_a_with_of_a_name_scope_and_a_variable_scope_is_nested() -> None:
    source = PROGRAM.replace(
        'with tf.variable_scope("mnist") as scope:', 'with tf.name_scope("m"), tf.variable_scope("mnist") as scope:'
    )
    assert reasons(source.replace("EXTRA\n", "")) == []


def _tf_path(node: cst.CSTNode) -> str | None:
    code = cst.Module([]).code_for_node(node)
    return code.removeprefix("tf.") if code.startswith("tf.") else None


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(
            'with tf.variable_scope("mnist") as scope:\n    train_out = net(x)\n',
            'with tf.variable_scope("outer"):\n    with tf.variable_scope("mnist") as scope:\n        train_out = net(x)\n',
            id="bound inside another variable scope (outer/mnist)",
        ),
        pytest.param(
            "with tf.variable_scope(scope, reuse=True):\n    eval_out = net(x * 2.0)\n",
            'with tf.variable_scope("other"):\n    with tf.variable_scope(scope, reuse=True):\n'
            "        eval_out = net(x * 2.0)\n",
            id="entered again inside another variable scope (the literal would be other/mnist)",
        ),
    ],
)
def test_a_scope_object_inside_another_variable_scope_is_not_its_literal(old: str, new: str) -> None:
    source = PROGRAM.replace("EXTRA\n", "")
    assert scope_objects.desugar(cst.parse_module(source), _tf_path, lambda node: 0) is not None
    changed = source.replace(old, new)
    assert changed != source
    assert scope_objects.desugar(cst.parse_module(changed), _tf_path, lambda node: 0) is None
    assert reasons(changed)
