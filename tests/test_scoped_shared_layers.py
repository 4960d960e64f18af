"""tf.layers under module-level ``tf.variable_scope`` blocks, shared with ``reuse=True`` and trained on the variables
``tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope=...)`` selects (MorvanZhou's ``406_GAN.py`` shape, its two
train ops run apart): each TF1 layer one Keras object, the reused one called again, each variable list the layers'
kernels and biases whose TF1 names the scope matches. Run on TF 2.21 against the TF1 baseline (Keras 2)."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers
from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

GAN = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
np.random.seed(1)

BATCH = 16
POINTS = np.vstack([np.linspace(-1, 1, 15) for _ in range(BATCH)])

with tf.variable_scope('Generator'):
    G_in = tf.placeholder(tf.float32, [None, 5])
    G_l1 = tf.layers.dense(G_in, 32, tf.nn.relu)
    G_out = tf.layers.dense(G_l1, 15)

with tf.variable_scope('Discriminator'):
    real_art = tf.placeholder(tf.float32, [None, 15], name='real_in')
    D_l0 = tf.layers.dense(real_art, 32, tf.nn.relu, name='l')
    prob_artist0 = tf.layers.dense(D_l0, 1, tf.nn.sigmoid, name='out')
    D_l1 = tf.layers.dense(G_out, 32, tf.nn.relu, name='l', reuse=True)
    prob_artist1 = tf.layers.dense(D_l1, 1, tf.nn.sigmoid, name='out', reuse=True)

D_loss = -tf.reduce_mean(tf.log(prob_artist0) + tf.log(1 - prob_artist1))
G_loss = tf.reduce_mean(tf.log(1 - prob_artist1))

D_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='Discriminator')
train_D = tf.train.AdamOptimizer(0.01).minimize(D_loss, var_list=D_vars)
train_G = tf.train.AdamOptimizer(0.01).minimize(
    G_loss, var_list=tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='Generator'))

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(12):
    a = np.random.uniform(1, 2, size=BATCH)[:, np.newaxis]
    paintings = a * np.power(POINTS, 2) + (a - 1)
    ideas = np.random.randn(BATCH, 5)
    pa0, Dl, _ = sess.run([prob_artist0, D_loss, train_D], {G_in: ideas, real_art: paintings})
    Gl, _ = sess.run([G_loss, train_G], {G_in: ideas})
    if step % 3 == 0:
        print(step, pa0.mean(), Dl, Gl)
print(sess.run(G_out, {G_in: ideas})[0][:3])
"""
META = {"random": "seeded", "legacy_keras": True, "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}


@pytest.fixture(scope="module")
def outcome():
    return evaluate([Program("scoped_gan", GAN, META)])["scoped_gan"]


def test_shared_scoped_layers_come_out_session_free_with_the_baseline_numbers(outcome) -> None:
    assert_session_free_with_baseline_numbers(outcome)


def test_a_reused_layer_is_the_same_keras_object_and_the_lists_hold_the_scopes_layers(outcome) -> None:
    text = outcome.migrated_text or ""  # the migration the run above ran (one migration of GAN costs ~9 CPU-s)
    assert text.count("Discriminator_l_layer = tf.keras.layers.Dense(") == 1
    assert "return Discriminator_l_layer(G_out(G_in))" in text  # reuse=True: the first layer called again
    assert text.count("kernel_initializer=") == 4  # the reused calls draw nothing (TF1 built no variable there)
    discriminator = "[Discriminator_l_layer.kernel, Discriminator_l_layer.bias, Discriminator_out_layer.kernel, "
    assert f"variables = {discriminator}Discriminator_out_layer.bias]" in text
    generator = "[Generator_dense_layer.kernel, Generator_dense_layer.bias, Generator_dense_1_layer.kernel, "
    assert f"variables = {generator}Generator_dense_1_layer.bias]" in text
    assert "get_collection" not in text and "D_vars" not in text


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(
            ("name='l', reuse=True)", "name='l', activation=tf.nn.tanh, reuse=True)"),
            "reused with other arguments",
            id="reuse with other arguments",
        ),
        pytest.param(("name='out', reuse=True)", "name='other', reuse=True)"), "built nowhere before", id="unknown"),
        pytest.param(("name='l', reuse=True)", "reuse=True)"), "literal name", id="reuse without a name"),
        pytest.param(("Gl, _ =", "print(len(D_vars))\n    Gl, _ ="), "used other than as a var_list", id="list read"),
        pytest.param(
            ("BATCH = 16", "BATCH = 16\nextra = tf.Variable(tf.zeros([1]))"),
            "over tf.layers layers and other variables",
            id="a list over layers and other variables",
        ),
    ],
)
def test_sharing_tfmigrate_cannot_show_equal_keeps_the_graph_tier(change: tuple[str, str], reason: str) -> None:
    result = migrate_source(GAN.replace(*change), Options(), "gan.py")
    reasons = [f.message for f in result.followups if f.code == "TFM201"]
    assert len(reasons) == 1 and reason in reasons[0], reasons
