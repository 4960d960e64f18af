"""tf.layers in a helper that opens ``tf.variable_scope(name, reuse=...)``, built once per call (layer_scopes.py):
the aymericdamien convolutional network's ``conv_net(x, ..., reuse, is_training)`` called for training and again with
``reuse=True`` for testing, and an encoder under ``reuse=tf.AUTO_REUSE`` applied to two inputs. Each TF1 layer is one
Keras object named as TF1 named it within its scope, the second build calls the first's objects. Run on TF 2.21
against the TF1 baseline (Keras 2), seeded: the same numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate, load_programs

from tfmigrate.api import migrate_source
from tfmigrate.config import Options
from tfmigrate.transforms.session import loss_order

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
GAN = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(3)
rng = np.random.RandomState(3)
real_batch = rng.rand(8, 6).astype(np.float32)
noise = rng.uniform(-1.0, 1.0, [8, 4]).astype(np.float32)

x = tf.placeholder(tf.float32, shape=(None, 6))
z = tf.placeholder(tf.float32, shape=(None, 4))


def generator(z, reuse=False):
    with tf.variable_scope('generator', reuse=reuse):
        h = tf.layers.dense(z, 8, activation=tf.nn.relu)
        return tf.layers.dense(h, 6, activation=tf.nn.tanh)


def discriminator(x, reuse=False):
    with tf.variable_scope('discriminator', reuse=reuse):
        h = tf.layers.dense(x, 8, activation=tf.nn.leaky_relu)
        return tf.layers.dense(h, 1)


G_z = generator(z)
D_real_logits = discriminator(x)
D_fake_logits = discriminator(G_z, reuse=True)
D_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_real_logits, labels=tf.ones([8, 1]))) + \\
    tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_fake_logits, labels=tf.zeros([8, 1])))
G_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_fake_logits, labels=tf.ones([8, 1])))
T_vars = tf.trainable_variables()
D_vars = [var for var in T_vars if var.name.startswith('discriminator')]
G_vars = [var for var in T_vars if 'generator' in var.name]
with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
    D_optim = tf.train.AdamOptimizer(0.01, beta1=0.5).minimize(D_loss, var_list=D_vars)
    G_optim = tf.train.AdamOptimizer(0.01, beta1=0.5).minimize(G_loss, var_list=G_vars)

sess = tf.InteractiveSession()
tf.global_variables_initializer().run()
for epoch in range(6):
    loss_d_, _ = sess.run([D_loss, D_optim], {x: real_batch, z: noise})
    loss_g_, _ = sess.run([G_loss, G_optim], {z: noise, x: real_batch})
    print(epoch, loss_d_, loss_g_)
print(sess.run(D_fake_logits, {z: noise[:3]}))
"""
CONDITIONAL_GAN = """\
import numpy as np
import tensorflow as tf


def lrelu(x, th=0.2):
    return tf.maximum(th * x, x)


def generator(x, y, isTrain=True, reuse=False):
    with tf.variable_scope('generator', reuse=reuse):
        w_init = tf.glorot_uniform_initializer(seed=1)
        cat1 = tf.concat([x, y], 1)
        dense1 = tf.layers.dense(cat1, 16, kernel_initializer=w_init)
        relu1 = tf.nn.relu(dense1)
        dense2 = tf.layers.dense(relu1, 6, kernel_initializer=w_init)
        o = tf.nn.tanh(dense2)
        return o


def discriminator(x, y, isTrain=True, reuse=False):
    with tf.variable_scope('discriminator', reuse=reuse):
        w_init = tf.glorot_uniform_initializer(seed=2)
        cat1 = tf.concat([x, y], 1)
        dense1 = tf.layers.dense(cat1, 16, kernel_initializer=w_init)
        lrelu1 = lrelu(dense1, 0.2)
        dense2 = tf.layers.dense(lrelu1, 1, kernel_initializer=w_init)
        o = tf.nn.sigmoid(dense2)
        return o, dense2


x = tf.placeholder(tf.float32, shape=(None, 6))
y = tf.placeholder(tf.float32, shape=(None, 3))
z = tf.placeholder(tf.float32, shape=(None, 4))
isTrain = tf.placeholder(dtype=tf.bool)
lr = 0.01
G_z = generator(z, y, isTrain)
D_real, D_real_logits = discriminator(x, y, isTrain)
D_fake, D_fake_logits = discriminator(G_z, y, isTrain, reuse=True)
D_loss_real = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_real_logits, labels=tf.ones([4, 1])))
D_loss_fake = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_fake_logits, labels=tf.zeros([4, 1])))
D_loss = D_loss_real + D_loss_fake
G_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_fake_logits, labels=tf.ones([4, 1])))
T_vars = tf.trainable_variables()
D_vars = [var for var in T_vars if var.name.startswith('discriminator')]
G_vars = [var for var in T_vars if var.name.startswith('generator')]
with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
    D_optim = tf.train.AdamOptimizer(lr, beta1=0.5).minimize(D_loss, var_list=D_vars)
    G_optim = tf.train.AdamOptimizer(lr, beta1=0.5).minimize(G_loss, var_list=G_vars)
sess = tf.InteractiveSession()
tf.global_variables_initializer().run()
rs = np.random.RandomState(0)
for i in range(4):
    x_ = rs.rand(4, 6).astype(np.float32)
    y_ = np.eye(3)[rs.randint(0, 3, 4)].astype(np.float32)
    z_ = rs.normal(0, 1, (4, 4)).astype(np.float32)
    loss_d_, _ = sess.run([D_loss, D_optim], {x: x_, y: y_, z: z_, isTrain: True})
    loss_g_, _ = sess.run([G_loss, G_optim], {z: z_, x: x_, y: y_, isTrain: True})
    print(i, loss_d_, loss_g_)
print(sess.run(G_z, {z: np.ones((2, 4), np.float32), y: np.eye(3)[:2].astype(np.float32), isTrain: False}))
sess.close()
"""
PROGRAMS = Path(__file__).parent / "programs"
META = {"random": "seeded", "legacy_keras": True, "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}
GAN_PROGRAM = "hcmute_gan_quadratic_layers_reuse"  # tests/programs: list defaults, get_collection(scope=...) lists


@pytest.fixture(scope="module")
def outcomes():
    programs = [Program("scoped_conv_net", CONV_NET, META), Program("auto_reuse_encoder", ENCODER, META)]
    programs += [Program("filtered_gan", GAN, META), Program("conditional_gan", CONDITIONAL_GAN, META)]
    programs += load_programs([GAN_PROGRAM])
    return evaluate(programs)


@pytest.mark.parametrize(
    "name", ["scoped_conv_net", "auto_reuse_encoder", "filtered_gan", "conditional_gan", GAN_PROGRAM]
)
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


def test_a_gans_discriminator_built_twice_under_its_reused_scope_is_one_set_of_layers(outcomes) -> None:
    """zx's MNIST GANs' shape: ``discriminator(x, reuse=False)`` and ``discriminator(G_z, reuse=True)`` of tf.layers
    under ``tf.variable_scope('discriminator', reuse=reuse)``, the lists filtered on TF1's names
    (``discriminator/dense/kernel:0``), the steps under the DCGAN idiom's ``tf.control_dependencies`` of an
    UPDATE_OPS collection nothing fills. Each layer is made once, named as TF1 named it in its scope."""
    text = outcomes["filtered_gan"].migrated_text or ""
    assert text.count("tf.keras.layers.Dense(") == 4 and text.count("name='dense')") == 2, text
    assert "return discriminator_dense_1_layer(D_fake_logits_h(z))" in text, text
    listed = "[discriminator_dense_layer.kernel, discriminator_dense_layer.bias, discriminator_dense_1_layer.kernel, "
    assert listed + "discriminator_dense_1_layer.bias]" in text, text  # the 'discriminator' prefix: its four
    assert "control_dependencies" not in loss_order.unwrapped(text) and "UPDATE_OPS" not in text, text
    program = (outcomes[GAN_PROGRAM].migrated_text or "").split("import numpy", 1)[1]  # below the header
    assert "units=16," in program and "hsize" not in program, program  # ``hsize[0]`` read as the default's 16
    assert program.count("tf.keras.layers.Dense(") == 7, program


def test_a_reusing_build_ignores_the_initializer_its_call_names(outcomes) -> None:
    """zx's conditional GAN: ``w_init = tf.glorot_uniform_initializer()`` in the helper's scope, given to each layer;
    read at each call it is ``D_real_w_init``, then ``D_fake_w_init``. TF1's reusing build reads no initializer (it
    builds no variable), so the second build still calls the first's Keras objects."""
    text = outcomes["conditional_gan"].migrated_text or ""
    assert text.count("tf.keras.layers.Dense(") == 4, text
    assert "kernel_initializer=D_real_w_init, name='dense')" in text, text
    assert "return discriminator_dense_layer(D_fake_cat1(y, z))" in text, text
    assert "kernel_initializer=D_fake_w_init" not in text, text


def test_an_update_ops_collection_of_a_reused_batch_norm_is_run_by_each_step() -> None:
    """A batch norm in the discriminator puts its moving-average updates in UPDATE_OPS, two per step (the real and
    the fake batch), which TF1 ran in no fixed order: no run reads those statistics (training=True), so each step
    runs both updates first (batch_norms.py) and prints TF1's numbers."""
    source = GAN.replace(
        "        h = tf.layers.dense(x, 8, activation=tf.nn.leaky_relu)\n",
        "        h = tf.layers.dense(x, 8, activation=tf.nn.leaky_relu)\n"
        "        h = tf.layers.batch_normalization(h, training=True)\n",
    )
    assert source != GAN
    outcome = evaluate([Program("reused_batch_norm_gan", source, META)])["reused_batch_norm_gan"]
    assert_session_free_with_baseline_numbers(outcome)
    text = outcome.migrated_text or ""
    assert text.count("discriminator_batch_normalization_layer.update(") == 4, text


def test_a_list_default_read_other_than_by_index_is_not_read_at_the_call() -> None:
    """``hsize=[16, 16]`` is one list the ``def`` made: a body that reads it whole (here ``len(hsize)``) could tell
    it from a list written at each call, so the helper is not inlined."""
    source = (PROGRAMS / f"{GAN_PROGRAM}.py").read_text()
    changed = source.replace(
        '    with tf.variable_scope("GAN/Generator", reuse=reuse):\n',
        '    with tf.variable_scope("GAN/Generator", reuse=reuse):\n        print(len(hsize))\n',
    )
    assert changed != source
    said = reasons(changed)
    assert said and "function `generator`" in said[0], said


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
    """aymericdamien's program saves the trained network at the end (``saver.save(sess, 'my_tf_model')``): the layers
    TF1 saved under the scope (``ConvNet/conv2d/kernel``) are built under that name scope (layer_checkpoints.py), but
    the Saver of all variables also saves Adam's slots, under TF1 names the Keras optimizer does not save."""
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
    assert "it saves the optimizer's slots" in said[0], said


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
