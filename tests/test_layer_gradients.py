"""``opt.compute_gradients(loss)`` without a var_list in a program whose variables are all tf.layers' (issue 16): TF1
paired every trainable variable with its gradient, in creation order; the eager train step takes the layers' kernels
and biases in that order (layers.gradient_variables). Run on TF 2.21 against the TF1 baseline (Keras 2), seeded:
the same losses and the same per-variable gradient norms, in TF1's order. What TF1 would list otherwise (a layer
the loss does not read) keeps the graph tier with its line; a layer built with ``trainable=False`` too, on TF1's
layers, which alone leave it untrained."""

from __future__ import annotations

import pytest
from program_checks import assert_baseline_numbers, assert_session_free_with_baseline_numbers, reasons_by_line
from session_harness import Program, evaluate

CLIPPED = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
images = tf.placeholder(tf.float32, [None, 6, 6, 1])
labels = tf.placeholder(tf.int64, [None])
conv = tf.layers.conv2d(images, 4, 3, padding="same", activation=tf.nn.relu)
pool = tf.layers.max_pooling2d(conv, 2, 2)
flat = tf.layers.flatten(pool)
logits = tf.layers.dense(flat, 3)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
optimizer = tf.train.AdamOptimizer(0.01)
grads_and_vars = optimizer.compute_gradients(loss)
capped = [(tf.clip_by_value(grad, -0.5, 0.5), var) for grad, var in grads_and_vars]
train_op = optimizer.apply_gradients(capped)
norms = [tf.norm(grad) for grad, var in grads_and_vars]
rng = np.random.RandomState(0)
xs = rng.rand(16, 6, 6, 1).astype(np.float32)
ys = (xs.mean(axis=(1, 2, 3)) * 3).astype(np.int64) % 3
feed = {images: xs, labels: ys}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(20):
        _, l = sess.run([train_op, loss], feed)
        if step % 5 == 0:
            print(step, l, sess.run(norms, feed))
"""
LISTED = CLIPPED.replace("compute_gradients(loss)", "compute_gradients(loss, var_list=tf.trainable_variables())")
# A layer TF1 did not train: Keras 3's Dense(trainable=False) would be (its tf.Variables are trainable), so the layer
# stays on tf.compat.v1.layers (TFM103) and the program on the graph tier.
FROZEN = (
    CLIPPED.replace("dense(flat, 3)", "dense(flat, 3, trainable=False)")
    .replace("grads_and_vars = optimizer.compute_gradients(loss)\n", "train_op = optimizer.minimize(loss)\n")
    .replace("capped = [(tf.clip_by_value(grad, -0.5, 0.5), var) for grad, var in grads_and_vars]\n", "")
    .replace("train_op = optimizer.apply_gradients(capped)\n", "")
    .replace("norms = [tf.norm(grad) for grad, var in grads_and_vars]\n", "")
    .replace(", sess.run(norms, feed))", ")")
)
SOURCES = {"layer_gradients": CLIPPED, "layer_gradients_listed": LISTED, "frozen_layer": FROZEN}


@pytest.fixture(scope="module")
def outcomes():
    meta = dict(random="seeded", legacy_keras=True, source="tfmigrate", licence="Apache-2.0", adapted="-")
    return evaluate([Program(name, text, meta) for name, text in SOURCES.items()])


@pytest.mark.parametrize("name", ["layer_gradients", "layer_gradients_listed"])
def test_gradients_over_layers_come_out_session_free_with_the_baseline_numbers(outcomes, name: str) -> None:
    text = outcomes[name].migrated_text or ""
    assert_session_free_with_baseline_numbers(outcomes[name])
    order = "[conv2d_layer.kernel, conv2d_layer.bias, dense_layer.kernel, dense_layer.bias]"
    assert f"tape.gradient(loss_value, {order})" in text, text


def test_a_layer_tf1_did_not_train_stays_untrained(outcomes) -> None:
    outcome = outcomes["frozen_layer"]
    assert_baseline_numbers(outcome)
    assert "tf.compat.v1.layers.dense(flat, 3, trainable=False)" in (outcome.migrated_text or "")
    assert "tf.layers.dense(trainable=...): TF1 left its variables out" in " ".join(
        f.message for f in outcome.migration.followups
    )


REFUSED = {  # the change to CLIPPED, the line the report names, what it says
    "a layer the loss does not read": (
        ("logits = tf.layers.dense(flat, 3)\n", "logits = tf.layers.dense(flat, 3)\nside = tf.layers.dense(flat, 2)\n"),
        14,
        "no gradient for `dense_1_layer.kernel`",
    ),
    "trainable=False": (
        ("dense(flat, 3)", "dense(flat, 3, trainable=False)"),
        10,
        "tf.layers.dense(trainable=...): TF1 left its variables out",
    ),
    "trainable=False, listed": (
        ("compute_gradients(loss)", "compute_gradients(loss, var_list=tf.trainable_variables())"),
        10,
        "tf.layers.dense(trainable=...): TF1 left its variables out",
    ),
}


@pytest.mark.parametrize("case", REFUSED)
def test_what_tf1_would_list_otherwise_keeps_the_graph_tier_with_its_line(case: str) -> None:
    (old, new), line, reason = REFUSED[case]
    source = CLIPPED.replace(old, new)
    if case == "trainable=False, listed":
        source = source.replace("dense(flat, 3)", "dense(flat, 3, trainable=False)")
    found = [(at, message) for at, message in reasons_by_line(source) if reason in message]
    assert [at for at, _ in found] == [line], reasons_by_line(source)
