"""TFM201 on a graph class's helper method that takes arguments and reads ``self`` only as ``self.attr`` loads
(``def step(self, inputs, previous): return tf.nn.tanh(tf.matmul(inputs + previous, self.W_h) + self.b_h)``),
called in expressions by a builder (``h1 = self.step(self.x, ...)``; the text-RCNN's ``get_context_left``, the
VAE's ``z_mean, z_stddev = self.recognition(self.images)``): read as a module function of its arguments whose
``self.W_h`` is the one instance's ``model.W_h`` (session/class_helper_methods.py). Proved on real TensorFlow by
the fixture TFM201/eager_class_helper_reads_self (tests/test_eager_rewrite.py); here, that it comes back as a
method and that the helpers it may not read so keep the graph tier with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

HELPER = (Path(__file__).parent / "fixtures" / "TFM201" / "eager_class_helper_reads_self.before.py").read_text()
RETURN = "        return tf.nn.tanh(tf.matmul(inputs + previous, self.W_h) + self.b_h)\n"
CALLS = "calls method `step` while building the graph"


def test_the_helper_comes_back_as_a_method_reading_self() -> None:
    result = migrate_source(HELPER, Options(), "program.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    assert "    def step(self, inputs, previous):\n" + RETURN in result.migrated
    assert "model.W_h" not in result.migrated and "Session" not in result.migrated


@pytest.mark.parametrize(
    "source, reason",
    [
        pytest.param(HELPER.replace(RETURN, "        self.last = inputs\n" + RETURN), CALLS, id="stores an attribute"),
        pytest.param(
            HELPER.replace(RETURN, RETURN.replace("self.W_h", 'getattr(self, "W_h")')), CALLS, id="self read bare"
        ),
        pytest.param(
            HELPER.replace("for i in range(30)", "for step in range(30)").replace("(i % 10", "(step % 10"),
            CALLS,
            id="named outside the class",
        ),
        pytest.param(
            HELPER.replace(RETURN, RETURN.replace("self.b_h)", "self.b_h) + 0 * self.inference()")),
            "calls method `inference`",
            id="calls a builder",
        ),
    ],
)
def test_helpers_read_otherwise_keep_the_graph_tier(source: str, reason: str) -> None:
    result = migrate_source(source, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated
    assert len(ours) == 1 and reason in ours[0].message, ours


VAE = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(4)


def dense(x, n_in, n_out, name):
    with tf.variable_scope(name):
        w = tf.get_variable("w", [n_in, n_out], initializer=tf.random_normal_initializer(stddev=0.3))
        b = tf.get_variable("b", [n_out], initializer=tf.constant_initializer(0.0))
        return tf.matmul(x, w) + b


class LatentAttention():
    def __init__(self):
        self.n_in = 6
        self.n_hidden = 5
        self.n_z = 2
        self.images = tf.placeholder(tf.float32, [None, self.n_in])
        z_mean, z_stddev = self.recognition(self.images)
        guessed_z = z_mean + (z_stddev * 0.5)
        self.generated_images = self.generation(guessed_z)
        self.generation_loss = tf.reduce_mean(tf.square(self.generated_images - self.images))
        self.latent_loss = 0.5 * tf.reduce_mean(tf.square(z_mean) + tf.square(z_stddev) - tf.log(tf.square(z_stddev) + 1e-8) - 1)
        self.cost = self.generation_loss + self.latent_loss
        self.optimizer = tf.train.AdamOptimizer(0.01).minimize(self.cost)

    def recognition(self, input_images):
        h1 = tf.nn.relu(dense(input_images, self.n_in, self.n_hidden, "rec_h1"))
        w_mean = dense(h1, self.n_hidden, self.n_z, "w_mean")
        w_stddev = dense(h1, self.n_hidden, self.n_z, "w_stddev")
        return w_mean, w_stddev

    def generation(self, z):
        h1 = tf.nn.relu(dense(z, self.n_z, self.n_hidden, "gen_h1"))
        return tf.nn.sigmoid(dense(h1, self.n_hidden, self.n_in, "gen_out"))

    def train(self):
        data = np.random.RandomState(3).rand(4, 6).astype(np.float32)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for epoch in range(6):
                gen_loss, lat_loss, _ = sess.run((self.generation_loss, self.latent_loss, self.optimizer), feed_dict={self.images: data})
                print("epoch %d: genloss %f latloss %f" % (epoch, gen_loss, lat_loss))


model = LatentAttention()
model.train()
"""


def test_a_helper_whose_module_function_the_rewrite_inlines_keeps_the_graph_tier() -> None:
    """``recognition`` calls the module's ``dense`` (a variable scope and two get_variable): the rewrite reads it
    at its calls and defines it no more, so the method as written could not come back."""
    result = migrate_source(VAE, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated
    assert len(ours) == 1 and "method `recognition`" in ours[0].message, ours
    assert "reads `dense`, which the rewrite no longer defines" in ours[0].message
