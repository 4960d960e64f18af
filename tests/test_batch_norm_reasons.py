"""tf.layers.batch_normalization in a model helper: read at its one call it is modelled (batch_norms.py: a training
call computes with the batch's statistics and, with no UPDATE_OPS run here, TF1 never updated the moving ones);
in a helper called twice, which is not read at its calls, it keeps the graph tier, and the follow-up says so where it
stands (held-out 17 rank 8 gave "function `net`: tf.layers.dense has no proven eager equivalent in a helper", a layer
the eager rewrite reads at the call)."""

from __future__ import annotations

from program_checks import assert_session_free_with_baseline_numbers, reasons_by_line
from session_harness import Program, evaluate

SOURCE = """\
import numpy as np
import tensorflow as tf


def net(x, is_training=True):
    h = tf.layers.dense(x, 3, use_bias=False, kernel_initializer=tf.constant_initializer(0.5), name="fc")
    h = tf.layers.batch_normalization(h, momentum=0.9, training=is_training, name="bn")
    return tf.reduce_sum(tf.nn.relu(h), axis=1)


x = tf.placeholder(tf.float32, [None, 2])
y = net(x)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, {x: np.array([[1.0, 2.0], [3.0, 1.0], [0.0, 1.0]], np.float32)}))
"""
MOVING = "tf.layers.batch_normalization: its moving mean and variance"


def test_batch_normalization_in_a_helper_called_once_is_read_at_its_call_with_the_baseline_numbers() -> None:
    meta = {"random": "seeded", "legacy_keras": True, "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}
    outcome = evaluate([Program("batch_norm_helper", SOURCE, meta)])["batch_norm_helper"]
    assert_session_free_with_baseline_numbers(outcome)
    text = outcome.migrated_text or ""
    assert "bn_layer = TF1BatchNormalization('bn', momentum=0.9)" in text, text
    assert ".update(" not in text, text  # no train step ran the UPDATE_OPS


def test_batch_normalization_in_a_helper_called_twice_is_the_helper_refusal() -> None:
    source = SOURCE.replace(
        '    h = tf.layers.dense(x, 3, use_bias=False, kernel_initializer=tf.constant_initializer(0.5), name="fc")\n',
        "    h = x * 2.0\n",
    ).replace("y = net(x)\n", "y = net(x)\nz = net(x + 1.0)\n")
    found = reasons_by_line(source)
    assert len(found) == 1, found
    assert found[0][0] == 7
    assert f"function `net`: {MOVING}" in found[0][1], found


def test_without_batch_normalization_the_helper_is_rewritten() -> None:
    source = SOURCE.replace(
        '    h = tf.layers.batch_normalization(h, momentum=0.9, training=is_training, name="bn")\n', ""
    )
    assert reasons_by_line(source) == []
