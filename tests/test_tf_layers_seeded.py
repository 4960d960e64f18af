"""TFM103 in a program seeded with ``tf.set_random_seed``: the Keras layers it writes must draw TF1's initial
weights and dropout masks, so the migrated program prints the TF1 baseline's numbers (run on TF 2.21: the baseline
under tf.compat.v1 + Keras 2, the migrated program as tfmigrate leaves it)."""

from __future__ import annotations

import pytest
from program_checks import assert_baseline_numbers
from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

DENSE = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
np.random.seed(1)

x = np.linspace(-1, 1, 100)[:, np.newaxis]
y = np.power(x, 2) + np.random.normal(0, 0.1, size=x.shape)

tf_x = tf.placeholder(tf.float32, x.shape)
tf_y = tf.placeholder(tf.float32, y.shape)
l1 = tf.layers.dense(tf_x, 10, tf.nn.relu)
output = tf.layers.dense(l1, 1)
loss = tf.losses.mean_squared_error(tf_y, output)
train_op = tf.train.GradientDescentOptimizer(learning_rate=0.5).minimize(loss)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(30):
    _, l, pred = sess.run([train_op, loss, output], {tf_x: x, tf_y: y})
    if step % 5 == 0:
        print("Loss=%.6f" % l, pred[0, 0])
"""

CONV = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(777)
rng = np.random.RandomState(0)
images = rng.rand(32, 8, 8, 1).astype(np.float32)
labels = np.eye(3)[rng.randint(0, 3, 32)].astype(np.float32)

X = tf.placeholder(tf.float32, [None, 8, 8, 1])
Y = tf.placeholder(tf.float32, [None, 3])
conv = tf.layers.conv2d(X, 4, [3, 3], padding="same", activation=tf.nn.relu)
pool = tf.layers.max_pooling2d(conv, [2, 2], [2, 2])
flat = tf.layers.flatten(pool)
hidden = tf.layers.dense(flat, 16, activation=tf.nn.relu)
dropped = tf.layers.dropout(hidden, 0.3, training=True)
logits = tf.layers.dense(dropped, 3)
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=Y))
train = tf.train.AdamOptimizer(0.01).minimize(cost)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(20):
        c, _ = sess.run([cost, train], feed_dict={X: images, Y: labels})
        if step % 4 == 0:
            print(step, c)
"""

PROGRAMS = {"dense": DENSE, "conv": CONV}
META = {"random": "seeded", "legacy_keras": True, "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([Program(name, source, META) for name, source in PROGRAMS.items()])


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_seeded_tf_layers_program_prints_the_baseline_numbers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_baseline_numbers(outcome)
    assert "tf.layers." not in outcome.migrated_text  # the layers really became Keras layers


def test_the_seed_note_is_gone_where_the_kernel_draws_from_the_graph_seed() -> None:
    """TFM103's graph-tier form (the eager rewrite now takes DENSE whole: ``--keep-graph-mode`` asks for this one)."""
    result = migrate_source(DENSE, Options(keep_graph_mode=True), "dense.py")
    assert "glorot_uniform_initializer()" in result.migrated
    assert not any("ignore the graph seed" in f.message for f in result.followups)


def test_unseeded_programs_keep_the_keras_default_initializer() -> None:
    result = migrate_source(DENSE.replace("tf.set_random_seed(1)\n", ""), Options(keep_graph_mode=True), "dense.py")
    assert "tf.keras.layers.Dense(10" in result.migrated
    assert "glorot_uniform_initializer" not in result.migrated
