"""The GAN collections' builders read at their calls: ``linear`` (get_variable under ``tf.variable_scope(scope)``) and
``bn`` (tf.layers.batch_normalization) inside ``tf.variable_scope(name, reuse=reuse)`` (scoped_variables.py), the
shape of a batch norm's output read by the next ``linear`` (batch_norm_shapes.py), ``d_vars`` filtered from
get_variable and batch-norm variables together (scoped_weights.py). The program
``idanazuri_gan_collection_bn_builders`` runs on TF 2.21 against TF1 (tests/test_session_programs.py); here, what
each piece refuses, with the cause."""

from __future__ import annotations

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

PROGRAM = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(7)


def bn(x, is_training, scope):
    return tf.layers.batch_normalization(x, momentum=0.9, epsilon=1e-5, training=is_training, name=scope)


def linear(input_, output_size, scope=None):
    shape = input_.get_shape().as_list()
    with tf.variable_scope(scope or "Linear"):
        matrix = tf.get_variable("Matrix", [shape[1], output_size], tf.float32, tf.random_normal_initializer(stddev=0.02))
        bias = tf.get_variable("bias", [output_size], initializer=tf.constant_initializer(0.0))
        return tf.matmul(input_, matrix) + bias


def generator(z, is_training=True, reuse=False):
    with tf.variable_scope("generator", reuse=reuse):
        net = tf.nn.relu({first})
        return tf.nn.sigmoid(linear(net, 6, scope="g_fc2"))


z = tf.placeholder(tf.float32, [16, 4], name="z")
x = tf.placeholder(tf.float32, [16, 6], name="x")
G = generator(z, is_training=True, reuse=False)
loss = tf.reduce_mean(tf.square(G - x))
g_vars = [var for var in tf.trainable_variables() if "g_" in var.name]
with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
    optim = tf.train.AdamOptimizer(0.01, beta1=0.5).minimize(loss, var_list=g_vars)
sample = generator(z, is_training=False, reuse=True)
with tf.Session() as sess:
    tf.global_variables_initializer().run()
{saver}    for step in range(4):
        batch_z = np.random.uniform(-1, 1, [16, 4]).astype(np.float32)
        _, l = sess.run([optim, loss], feed_dict={{z: batch_z, x: np.full([16, 6], 0.3, np.float32)}})
        print(step, l)
    print(sess.run(sample, feed_dict={{z: batch_z}})[0])
{saved}"""
BN = 'bn(linear(z, 8, scope="g_fc1"), is_training=is_training, scope="g_bn1")'
SAVER = "    saver = tf.train.Saver()\n"
SAVED = '    saver.save(sess, "ckpt/model")\n'


def _run(first: str = BN, saver: str = "", saved: str = "") -> tuple[str, list[str]]:
    source = PROGRAM.format(first=first, saver=saver, saved=saved)
    result = migrate_source(source, Options(), "program.py")
    return result.migrated, [f.message for f in result.followups if f.code == "TFM201"]


def test_the_builders_run_eagerly() -> None:
    migrated, followups = _run()
    assert followups == []
    assert "Session" not in migrated and "generator_g_bn1_layer.update(" in migrated
    assert "g_vars = " not in migrated or "generator_g_bn1_layer.gamma" in migrated


DENSE_FIRST = 'tf.layers.dense(bn(linear(z, 8, scope="g_fc1"), is_training=is_training, scope="g_bn1"), 8)'
TWICE = 'bn(linear(linear(z, 8, scope="g_fc1"), 8, scope="g_fc1"), is_training=is_training, scope="g_bn1")'
REFUSED = {
    "a dense layer before the shape read": (DENSE_FIRST, "computed through layers"),
    "a scope twice": (TWICE, ""),
}


@pytest.mark.parametrize(("first", "cause"), list(REFUSED.values()), ids=list(REFUSED))
def test_shapes_tfmigrate_does_not_model_keep_the_graph_tier(first: str, cause: str) -> None:
    migrated, followups = _run(first)
    assert "disable_v2_behavior()" in migrated
    assert len(followups) == 1 and cause in followups[0], followups


def test_a_saver_of_the_builders_names_the_optimizer_slots_it_saves() -> None:
    """The scoped batch norm is saved under TF1's names (``generator/g_bn1/gamma``, scoped_norms.py); what keeps the
    graph tier is the Saver of all variables saving Adam's slots (``generator/g_fc1/Matrix/Adam``)."""
    migrated, followups = _run(saver=SAVER, saved=SAVED)
    assert "disable_v2_behavior()" in migrated
    assert len(followups) == 1, followups
    assert "it saves the optimizer's slots" in followups[0] and "under its variable scope" not in followups[0]


def test_a_saver_of_a_batch_norm_updated_twice_per_step_names_tf1s_race() -> None:
    """The discriminator on the real and the fake batch: TF1 runs the two updates of one moving mean in no fixed
    order (3 distinct checkpoints in 4 TF1 runs of idanazuri_gan_collection_bn_builders with a Saver)."""
    source = PROGRAM.format(first=BN, saver=SAVER, saved=SAVED).replace(
        "loss = tf.reduce_mean(tf.square(G - x))",
        "G2 = generator(z * 2.0, is_training=True, reuse=True)\nloss = tf.reduce_mean(tf.square(G - x) + G2)",
    )
    followups = [f.message for f in migrate_source(source, Options(), "program.py").followups if f.code == "TFM201"]
    assert len(followups) == 1, followups
    assert "saves the moving statistics of the batch norm 'generator/g_bn1', which each train step" in followups[0]
