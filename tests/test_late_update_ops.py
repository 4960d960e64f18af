"""``with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):`` around the optimizer, in a program
that opened its Session before building the graph (held-out set 27's stacked autoencoder: ``sess = tf.Session()``
in ``main()``, then the model's constructor). With nothing that can fill the collection, TF1 built the block's
ops with no control input: the block is its body, whenever it is built (control_dependencies.py). A list that names
an op still keeps the graph tier once the Session is open. Run as the TF1 baseline and migrated on TF 2.21."""

from __future__ import annotations

from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate

LATE = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(3)
sess = tf.Session()
x = tf.placeholder(tf.float32, [None, 3])
w = tf.get_variable("w", [3, 1])
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0))
with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
    train = tf.train.AdamOptimizer(0.1).minimize(loss)
sess.run(tf.global_variables_initializer())
data = np.random.RandomState(0).rand(4, 3)
for step in range(3):
    print(sess.run([loss, train], {x: data})[0])
"""


def test_an_empty_update_ops_block_built_after_the_session_opened_runs_eagerly() -> None:
    outcome = evaluate([Program("late_update_ops", LATE, {"random": "seeded"})])["late_update_ops"]
    assert_session_free_with_baseline_numbers(outcome)
    assert "UPDATE_OPS" not in outcome.migrated_text and "get_collection" not in outcome.migrated_text


def test_a_dependency_on_an_op_after_the_session_opened_keeps_the_graph_tier() -> None:
    source = LATE.replace(
        "with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):",
        "steps = tf.get_variable('steps', [], initializer=tf.zeros_initializer())\n"
        "step = tf.assign_add(steps, 1.0)\n"
        "with tf.control_dependencies([step]):",
    )
    found = reasons(source)
    assert len(found) == 1 and "tf.control_dependencies while the graph runs (it would build graph ops)" in found[0]
