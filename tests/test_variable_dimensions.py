"""A helper's ``tf.get_variable`` sized by a static dimension of a computed tensor (variable_dimensions.py, the read
replaced by shapes.py's eager code, which ends in ``.shape``): each spelling runs eagerly on TF 2.21 with the TF1
program's numbers (the ``.shape`` one once ran ``.shape.shape[1]``); ``.value`` of the dimension too, read as
``int(...)`` (dimension_values.py: in a variable's shape TF1 raises on an unknown dimension, as ``int(None)`` does)."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers
from session_harness import Program, evaluate

SOURCE = """\
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
X = rng.rand(16, 4).astype(np.float32)
Y = rng.rand(16, 1).astype(np.float32)


def layer(inp, n, name):
    with tf.variable_scope(name):
        w = tf.get_variable("w", [READ, n], initializer=tf.random_normal_initializer(seed=n))
        b = tf.get_variable("b", [n], initializer=tf.zeros_initializer())
        return tf.nn.relu(tf.matmul(inp, w) + b)


x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 1])
h = layer(x, 12, "enc")
out = tf.reduce_sum(layer(h, 3, "dec"), 1, keepdims=True)
loss = tf.reduce_mean(tf.square(out - y))
opt = tf.train.AdamOptimizer(0.01).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        _, l = sess.run([opt, loss], feed_dict={x: X, y: Y})
        print("loss %.6f" % l)
"""
READS = {
    "int_shape": "int(inp.shape[1])",
    "shape": "inp.shape[1]",
    "shape_last": "inp.shape[-1]",
    "shape_as_list": "inp.shape.as_list()[1]",
    "get_shape": "inp.get_shape()[1]",
    "get_shape_as_list": "inp.get_shape().as_list()[1]",
    "shape_value": "inp.shape[1].value",
    "get_shape_value": "inp.get_shape()[1].value",
}
META = {"random": "seeded", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([Program(f"variable_dimension_{k}", SOURCE.replace("READ", v), META) for k, v in READS.items()])


@pytest.mark.parametrize("name", sorted(READS))
def test_a_computed_tensors_dimension_sizing_a_helper_variable_runs_eagerly_with_tf1s_numbers(outcomes, name) -> None:
    outcome = outcomes[f"variable_dimension_{name}"]
    assert_session_free_with_baseline_numbers(outcome)
    assert "structured_outputs.shape" in outcome.migrated_text and ".shape.shape" not in outcome.migrated_text
