"""A discriminator helper that shares its variables through ``if reuse: tf.get_variable_scope().reuse_variables()``,
called twice inside one ``with tf.variable_scope(...)`` (held-out set 29's GAN, issue 16): read at its calls, the
rest of the block after the reuse call is entered with ``reuse=True`` (reuse_splits.py) and the program runs
session-free with the baseline's numbers on TF 2.21. A block whose rest makes a ``tf.Variable`` (TF1 named it
``d/v_1``; re-entered, it would be ``d_1/v``) keeps the graph tier."""

from __future__ import annotations

from program_checks import assert_session_free_with_baseline_numbers, evaluate_sources, migrated_with_reasons

META = {"random": "seeded", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-", "legacy_keras": True}

SHARED = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(3)


def get_discriminator(input, reuse=False):
    if reuse:
        tf.get_variable_scope().reuse_variables()
    net = tf.layers.dense(input, 4, activation=tf.nn.relu, name='d_dense_1')
    net = tf.layers.dense(net, 1, name='d_dense_2')
    return net, tf.nn.sigmoid(net)


def main():
    real = tf.placeholder(tf.float32, [None, 3])
    fake = tf.placeholder(tf.float32, [None, 3])
    with tf.variable_scope('discriminator'):
        real_logits, real_cls = get_discriminator(real)
        fake_logits, fake_cls = get_discriminator(fake, True)
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=real_logits, labels=tf.ones_like(real_logits))
                          + tf.nn.sigmoid_cross_entropy_with_logits(logits=fake_logits, labels=tf.zeros_like(fake_logits)))
    step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    rng = np.random.RandomState(0)
    r, f = rng.rand(8, 3).astype(np.float32), -rng.rand(8, 3).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(5):
            _, l = sess.run([step, loss], {real: r, fake: f})
            print(i, l)


main()
"""


def test_a_helper_flipping_the_enclosing_scopes_reuse_comes_out_session_free_with_the_baseline_numbers() -> None:
    outcome = evaluate_sources({"scope_reuse_split": SHARED}, META)["scope_reuse_split"]
    assert_session_free_with_baseline_numbers(outcome)
    migrated = outcome.migrated_text or ""
    assert "reuse_variables" not in migrated, migrated


def test_a_rest_making_a_tf_variable_keeps_the_graph_tier() -> None:
    variable = SHARED.replace(
        "    return net, tf.nn.sigmoid(net)", "    net = net * tf.Variable(1.0)\n    return net, tf.nn.sigmoid(net)"
    )
    assert variable != SHARED
    migrated, reasons = migrated_with_reasons(variable)
    assert migrated is not None and "disable_v2_behavior" in migrated
    said = " ".join(message for _, message in reasons)
    assert "reuse_variables()` runs for its side effect" in said, said
