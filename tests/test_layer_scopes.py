"""tf.layers in a helper that opens ``tf.variable_scope(name, reuse=...)``, built once per call (layer_scopes.py):
the aymericdamien convolutional network's ``conv_net(x, ..., reuse, is_training)`` called for training and again with
``reuse=True`` for testing, and an encoder under ``reuse=tf.AUTO_REUSE`` applied to two inputs. Each TF1 layer is one
Keras object named as TF1 named it within its scope, the second build calls the first's objects. Run on TF 2.21
against the TF1 baseline (Keras 2), seeded: the same numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

CONV_NET = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)
rng = np.random.RandomState(0)
images = rng.rand(48, 256).astype(np.float32)
labels = np.eye(4)[rng.randint(0, 4, 48)].astype(np.float32)
num_classes = 4

X = tf.placeholder(tf.float32, [None, 256])
Y = tf.placeholder(tf.float32, [None, num_classes])


def conv_net(x, n_classes, dropout, reuse, is_training):
    with tf.variable_scope('ConvNet', reuse=reuse):
        x = tf.reshape(x, shape=[-1, 16, 16, 1])
        conv1 = tf.layers.conv2d(x, 4, 5, activation=tf.nn.relu)
        conv1 = tf.layers.max_pooling2d(conv1, 2, 2)
        hidden = tf.layers.dense(tf.layers.flatten(conv1), 16)
        hidden = tf.layers.dropout(hidden, rate=dropout, training=is_training)
        out = tf.layers.dense(hidden, n_classes)
        return tf.nn.softmax(out) if not is_training else out


logits_train = conv_net(X, num_classes, 0.25, reuse=False, is_training=False)
logits_test = conv_net(X, num_classes, 0.25, reuse=True, is_training=False)
loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits_train, labels=Y))
train_op = tf.train.AdamOptimizer(learning_rate=0.01).minimize(loss_op)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits_test, 1), tf.argmax(Y, 1)), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(1, 7):
        start = (step * 16) % 48
        feed = {X: images[start:start + 16], Y: labels[start:start + 16]}
        sess.run(train_op, feed_dict=feed)
        print(step, sess.run([loss_op, accuracy], feed_dict=feed))
    print(sess.run(logits_test, feed_dict={X: images[:2]}))
"""
ENCODER = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(2)
rng = np.random.RandomState(1)
left = rng.rand(32, 6).astype(np.float32)
right = rng.rand(32, 6).astype(np.float32)
same = (np.abs(left - right).sum(axis=1) < 2.0).astype(np.float32)

x1 = tf.placeholder(tf.float32, [None, 6])
x2 = tf.placeholder(tf.float32, [None, 6])
y = tf.placeholder(tf.float32, [None])


def encoder(x):
    with tf.variable_scope('encoder', reuse=tf.AUTO_REUSE):
        h = tf.layers.dense(x, 8, activation=tf.nn.relu)
        h = tf.layers.dense(h, 8, activation=tf.nn.relu, name='hidden')
        return tf.layers.dense(h, 3)


out1 = encoder(x1)
out2 = encoder(x2)
distance = tf.sqrt(tf.reduce_sum(tf.square(out1 - out2), 1) + 1e-6)
loss = tf.reduce_mean(y * tf.square(distance) + (1 - y) * tf.square(tf.maximum(1.0 - distance, 0)))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(8):
        _, value = sess.run([train, loss], {x1: left, x2: right, y: same})
        print(step, value)
    print(sess.run(distance, {x1: left[:4], x2: right[:4]}))
"""
PROGRAMS = Path(__file__).parent / "programs"
META = {"random": "seeded", "legacy_keras": True, "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([Program("scoped_conv_net", CONV_NET, META), Program("auto_reuse_encoder", ENCODER, META)])


@pytest.mark.parametrize("name", ["scoped_conv_net", "auto_reuse_encoder"])
def test_layers_built_once_per_call_come_out_session_free_with_the_baseline_numbers(outcomes, name: str) -> None:
    assert_session_free_with_baseline_numbers(outcomes[name])


def test_the_second_build_calls_the_first_builds_layers_named_as_tf1_named_them(outcomes) -> None:
    text = outcomes["scoped_conv_net"].migrated_text or ""
    assert text.count("tf.keras.layers.Conv2D(") == 1 and text.count("tf.keras.layers.Dense(") == 2
    assert "name='conv2d')" in text and "name='dense')" in text and "name='dense_1')" in text  # per scope entry
    assert "return ConvNet_conv2d_layer(logits_test_x(X))" in text
    assert "if not False" not in text  # the branch Python takes, alone
    encoder = outcomes["auto_reuse_encoder"].migrated_text or ""
    assert encoder.count("tf.keras.layers.Dense(") == 3
    assert "name='hidden')" in encoder and "name='dense_1')" in encoder


REFUSED = {  # what TF1 refused, or what is not shown equal: the change, and the reason the report gives
    "second build without reuse": ("reuse=True, is_training", "reuse=False, is_training", "without reuse"),
    "reuse before any build": ("reuse=False, is_training", "reuse=True, is_training", "built nowhere before"),
    "other arguments": ("num_classes, 0.25, reuse=True", "3, 0.25, reuse=True", "reused with other arguments"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_sharing_tfmigrate_cannot_show_equal_keeps_the_graph_tier(case: str) -> None:
    old, new, reason = REFUSED[case]
    said = reasons(CONV_NET.replace(old, new))
    assert "tf.variable_scope('ConvNet')" in said[0]  # what stopped the helper, read at its calls
    assert len(said) == 1 and reason in said[0], said


def test_a_scope_that_also_makes_variables_by_get_variable_keeps_the_graph_tier() -> None:
    source = CONV_NET.replace(
        "        out = tf.layers.dense(hidden, n_classes)\n",
        "        w = tf.get_variable('w', [16, n_classes])\n        out = tf.matmul(hidden, w)\n",
    )
    result = migrate_source(source, Options(), "conv_net.py")
    assert "tf.compat.v1.Session" in (result.migrated or "")
    assert reasons(source)


def test_a_saver_of_the_conv_net_keeps_the_graph_tier_with_its_true_reason() -> None:
    """aymericdamien's program saves the trained network at the end (``saver.save(sess, 'my_tf_model')``): TF1 saved
    its layers under the scope (``ConvNet/conv2d/kernel``), the Keras layers save ``conv2d/kernel``
    (layer_checkpoints.py)."""
    source = (PROGRAMS / "aymeric_image_dataset_conv_net_reuse.py").read_text()
    source = source.replace(
        "init = tf.global_variables_initializer()\n",
        "init = tf.global_variables_initializer()\nsaver = tf.train.Saver()\n",
    )
    source = source.replace(
        '    print("Optimization Finished!")\n',
        '    print("Optimization Finished!")\n    saver.save(sess, "my_tf_model")\n',
    )
    said = reasons(source)
    assert len(said) == 1 and "tf.train.Saver in a program with tf.layers" in said[0], said
    assert "'ConvNet/conv2d' under its variable scope" in said[0], said


def test_scope_reuse_variables_first_in_a_helpers_scope_reads_as_entering_it_reusing() -> None:
    """golbin's ``with tf.variable_scope('discriminator') as scope: if reuse: scope.reuse_variables()``."""
    flagged = (
        "    with tf.variable_scope('ConvNet') as scope:\n        if reuse:\n            scope.reuse_variables()\n"
    )
    source = CONV_NET.replace("    with tf.variable_scope('ConvNet', reuse=reuse):\n", flagged)
    result = migrate_source(source, Options(), "conv_net.py")
    assert reasons(source) == [] and "reuse_variables" not in result.migrated
    assert result.migrated.count("ConvNet_conv2d_layer = tf.keras.layers.Conv2D(") == 1
    assert "return ConvNet_conv2d_layer(logits_test_x(X))" in result.migrated
    kept = source.replace("        out = tf.layers.dense(", "        print(scope.name)\n        out = tf.layers.dense(")
    assert kept != source
    assert reasons(kept)  # ``scope`` read again: not this shape
