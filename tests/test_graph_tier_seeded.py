"""The graph tier of a program seeded with ``tf.set_random_seed`` prints the TF1 baseline's numbers, run after run.

Each program below stays in graph mode (``keep_graph_mode``) with its layers and cells on legacy Keras
(``TF_USE_LEGACY_KERAS``, as tfmigrate writes it) and runs twice, each run in an interpreter of its own, against the
baseline (tf.compat.v1 + ``disable_v2_behavior()``). Under ``disable_eager_execution()`` alone, TF2 behaviour stayed
on: the cell's and the dense layer's initial weights ignored the graph seed (two runs printed two sets of numbers), and
the ops the seed numbers got other seeds than TF1 gave them (issue 16: morvan_402, hunkim_lab11_4).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from program_checks import assert_every_run_prints_the_baseline
from session_harness import Program

from tfmigrate import Options, migrate_source

LSTM = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(4)
rng = np.random.RandomState(0)
data = rng.rand(16, 5, 3).astype(np.float32)
labels = np.eye(2)[rng.randint(0, 2, 16)].astype(np.float32)

x = tf.placeholder(tf.float32, [None, 5, 3])
y = tf.placeholder(tf.float32, [None, 2])
cell = tf.nn.rnn_cell.BasicLSTMCell(8)
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
logits = tf.layers.dense(outputs[:, -1, :], 2)
loss = tf.losses.softmax_cross_entropy(onehot_labels=y, logits=logits)
train = tf.train.AdamOptimizer(0.05).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(6):
        _, value = sess.run([train, loss], {x: data, y: labels})
        print(step, value)
"""

DROPOUT = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(777)
rng = np.random.RandomState(0)
images = rng.rand(32, 8, 8, 1).astype(np.float32)
labels = np.eye(3)[rng.randint(0, 3, 32)].astype(np.float32)

training = tf.placeholder(tf.bool)
X = tf.placeholder(tf.float32, [None, 8, 8, 1])
Y = tf.placeholder(tf.float32, [None, 3])
conv = tf.layers.conv2d(X, 4, [3, 3], padding="same", activation=tf.nn.relu)
flat = tf.reshape(conv, [-1, 8 * 8 * 4])
hidden = tf.layers.dense(flat, 16, activation=tf.nn.relu)
dropped = tf.layers.dropout(hidden, 0.3, training=training)
logits = tf.layers.dense(dropped, 3)
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=Y))
train = tf.train.AdamOptimizer(0.01).minimize(cost)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(8):
        c, _ = sess.run([cost, train], feed_dict={X: images, Y: labels, training: True})
        print(step, c)
"""

PROGRAMS = {"lstm": LSTM, "dropout": DROPOUT}
META = {"random": "seeded", "legacy_keras": True, "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}


@cache
def _migrated(name: str) -> str:
    result = migrate_source(PROGRAMS[name], Options(keep_graph_mode=True), f"{name}.py")
    assert result.migrated is not None, result.error
    return result.migrated


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_seeded_legacy_keras_graph_tier_prints_the_baseline_numbers_every_run(name: str, tmp_path: Path) -> None:
    migrated = _migrated(name)
    assert "TF_USE_LEGACY_KERAS" in migrated and "tf.compat.v1.Session()" in migrated, migrated
    assert "tf.compat.v1.disable_v2_behavior()" in migrated, migrated
    baseline = Program(name, PROGRAMS[name], META).baseline_source
    assert assert_every_run_prints_the_baseline(migrated, baseline, tmp_path, legacy_keras=True) >= 8
