"""A tf.layers regularizer that is a function of its weight alone, in a program that never reads
REGULARIZATION_LOSSES: TF1 built it and no run ran it, so the Keras layer leaves it out and the numbers stay
TF1's (session/unread_regularizers.py). Every other regularizer keeps the graph tier with a true reason."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate

HEAD = """\
import numpy as np
import tensorflow as tf

reg_coef = 0.01
X = tf.placeholder(tf.float32, [None, 4])
Y = tf.placeholder(tf.float32, [None, 1])
"""
TAIL = """\
out = tf.layers.dense(hidden, 1, kernel_initializer=tf.constant_initializer(0.05))
loss = tf.reduce_mean(tf.square(out - Y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
data = np.random.RandomState(0).rand(32, 4).astype(np.float32)
target = data.sum(axis=1, keepdims=True)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(4):
        _, value = sess.run([train, loss], {X: data, Y: target})
        print(step, value)
    print(sess.run(out, {X: data[:2]}))
"""
HIDDEN = "hidden = tf.layers.dense(X, 8, activation=tf.nn.relu, kernel_initializer=tf.constant_initializer(0.1), {})\n"
META = {"random": "none", "legacy_keras": True, "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}

ACCEPTED = {
    "lambda": HEAD + HIDDEN.format("kernel_regularizer=lambda w: reg_coef * tf.nn.l2_loss(w)") + TAIL,
    "two": HEAD
    + HIDDEN.format(
        "kernel_regularizer=lambda w: 0.5 * tf.reduce_sum(tf.abs(w)), "
        "bias_regularizer=lambda b: -reg_coef * tf.reduce_sum(tf.square(b))"
    )
    + TAIL,
    "table ops": HEAD
    + HIDDEN.format("kernel_regularizer=lambda w: tf.reduce_max(tf.abs(w)) + reg_coef * tf.norm(tf.tanh(w))")
    + TAIL,
}


def test_a_regularizer_no_run_reads_is_left_out_with_the_baseline_numbers() -> None:
    outcomes = evaluate([Program(f"unread_{name}", source, META) for name, source in ACCEPTED.items()])
    for outcome in outcomes.values():
        assert_session_free_with_baseline_numbers(outcome)


SUMMED = HEAD + HIDDEN.format("kernel_regularizer=lambda w: reg_coef * tf.nn.l2_loss(w)") + TAIL
REFUSED = {
    "collection summed into the loss": (
        SUMMED.replace(
            "loss = tf.reduce_mean(tf.square(out - Y))",
            "loss = tf.add_n([tf.reduce_mean(tf.square(out - Y))] + tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))",
        ),
        "TF1 collected it in REGULARIZATION_LOSSES, which the program reads (`get_collection`; not modelled)",
    ),
    "get_regularization_loss": (
        SUMMED.replace(
            "loss = tf.reduce_mean(tf.square(out - Y))",
            "loss = tf.reduce_mean(tf.square(out - Y)) + tf.losses.get_regularization_loss()",
        ),
        "TF1 collected it in REGULARIZATION_LOSSES, which the program reads (`get_regularization_loss`; not modelled)",
    ),
    "a draw in the body": (
        HEAD + HIDDEN.format("kernel_regularizer=lambda w: tf.nn.l2_loss(w * tf.random_normal([4, 8]))") + TAIL,
        "its body is not proven a function of the weight alone",
    ),
    "a function-taking op in the body": (
        HEAD + HIDDEN.format("kernel_regularizer=lambda w: tf.reduce_sum(tf.map_fn(tf.abs, w))") + TAIL,
        "its body is not proven a function of the weight alone",
    ),
    "a graph value in the body": (
        HEAD + HIDDEN.format("kernel_regularizer=lambda w: tf.nn.l2_loss(w) * tf.reduce_mean(X)") + TAIL,
        "its body is not proven a function of the weight alone",
    ),
    "a regularizer object": (
        HEAD + HIDDEN.format("kernel_regularizer=tf.keras.regularizers.l2(0.01)") + TAIL,
        "a regularizer other than a lambda of one weight",
    ),
    "seeded": (
        SUMMED.replace("reg_coef = 0.01\n", "reg_coef = 0.01\ntf.set_random_seed(1)\n"),
        "its ops moved the op seeds of TF1's later draws in this seeded program (not counted)",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_other_regularizers_keep_the_graph_tier_with_their_reason(name: str) -> None:
    source, reason = REFUSED[name]
    found = reasons(source)
    assert any("kernel_regularizer=...)" in r and reason in r for r in found), found
