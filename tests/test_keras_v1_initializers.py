"""A seeded TF1 graph kept in graph mode keeps TF1's Keras initializers (held-out set 28's fm_ae_graphs, r1).

TF 1.x's ``tf.keras.initializers.he_normal`` drew from the graph seed; on TF 2.21 the spelling means Keras 3's, which
ignores it (other numbers every run). The graph tier spells it ``tf.compat.v1.initializers.he_normal``
(session/keras_v1_initializers.py). The migrated programs run twice, each in a process of its own, without
TF_USE_LEGACY_KERAS (a user without tf-keras), against the baseline as the harness runs TF1 (tf.compat.v1, Keras 2).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from program_checks import assert_every_run_prints_the_baseline
from session_harness import Program

from tfmigrate import Options, migrate_source

# fm_ae_graphs' shape, reduced: a helper making get_variable weights with a Keras initializer, each model in a fresh
# seeded tf.Graph built by a method (the class keeps it in graph mode), trained a few steps.
AUTOENCODER = """\
import numpy as np
import tensorflow as tf


def fc_layer(x, n_in, n_out, name, init):
    w = tf.get_variable(name + "_w", shape=(n_in, n_out), initializer=init)
    b = tf.get_variable(name + "_b", shape=(n_out,), initializer=tf.keras.initializers.zeros())
    return tf.matmul(x, w) + b


class AE(object):
    def __init__(self, init):
        self.init = init

    def make_graph(self):
        graph = tf.Graph()
        with graph.as_default():
            tf.set_random_seed(0)
            self.x = tf.placeholder(tf.float32, (None, 6))
            hidden = tf.nn.relu(fc_layer(self.x, 6, 3, "enc", self.init))
            out = fc_layer(hidden, 3, 6, "dec", tf.keras.initializers.glorot_uniform())
            self.loss = tf.reduce_mean(tf.square(out - self.x))
            self.train = tf.train.AdamOptimizer(0.01).minimize(self.loss)
            self.start = tf.global_variables_initializer()
        return graph

    def fit(self, data):
        with tf.Session(graph=self.make_graph()) as sess:
            sess.run(self.start)
            for step in range(5):
                _, value = sess.run([self.train, self.loss], {self.x: data})
                print(step, value)


data = np.random.RandomState(0).rand(8, 6).astype(np.float32)
AE(tf.keras.initializers.he_normal(seed=None)).fit(data)
AE(tf.keras.initializers.lecun_uniform()).fit(data)
"""

GET_VARIABLE = """\
import tensorflow as tf

g = tf.Graph()
with g.as_default():
    tf.set_random_seed(0)
    w = tf.get_variable("W", shape=(3, 2), initializer=tf.keras.initializers.he_normal(seed=None))
    v = tf.get_variable("V", shape=(4, 4), initializer=tf.keras.initializers.Orthogonal())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print(sess.run(w), sess.run(v))
"""

PROGRAMS = {"autoencoder": AUTOENCODER, "get_variable": GET_VARIABLE}
META = {"random": "seeded", "legacy_keras": True, "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_a_seeded_graph_keeps_tf1s_keras_initializer_numbers_every_run(name: str, tmp_path: Path) -> None:
    result = migrate_source(PROGRAMS[name], Options(), f"{name}.py")
    migrated = result.migrated
    assert migrated is not None, result.error
    assert "tf.compat.v1.Session(" in migrated and "tf.keras.initializers" not in migrated, migrated
    assert "TF_USE_LEGACY_KERAS" not in migrated, migrated
    baseline = Program(name, PROGRAMS[name], META).baseline_source
    assert assert_every_run_prints_the_baseline(migrated, baseline, tmp_path, legacy_keras=False) >= 6


DENSE = """\
import tensorflow as tf

g = tf.Graph()
with g.as_default():
    tf.set_random_seed(0)
    x = tf.placeholder(tf.float32, (None, 3))
    y = tf.keras.layers.Dense(2, kernel_initializer="he_normal")(x)
    z = tf.keras.layers.Dense(2)(x)
    w = tf.get_variable("W", shape=(3, 2), initializer=tf.keras.initializers.glorot_normal())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print(sess.run([y, z], {x: [[1.0, 2.0, 3.0]]}), sess.run(w))
"""


def test_keras_layers_in_a_seeded_graph_keep_tf1s_numbers_on_keras_2(tmp_path: Path) -> None:
    """``tf.keras.layers.Dense`` (default and string initializers) in a seeded graph: the graph tier's
    TF_USE_LEGACY_KERAS line runs it on Keras 2, as TF 1.x did, and its get_variable initializer is TF's v1 one (tf_keras'
    ``tf.keras.initializers.glorot_normal`` is a v2 initializer, unseeded by the graph)."""
    migrated = migrate_source(DENSE, Options(), "dense.py").migrated
    assert migrated is not None and "TF_USE_LEGACY_KERAS" in migrated, migrated
    assert "initializer=tf.compat.v1.initializers.glorot_normal()" in migrated, migrated
    baseline = Program("dense", DENSE, META).baseline_source
    assert assert_every_run_prints_the_baseline(migrated, baseline, tmp_path, legacy_keras=False) == 10


def test_a_keras_initializer_without_a_tf_twin_keeps_its_spelling_with_a_follow_up() -> None:
    source = GET_VARIABLE.replace("tf.keras.initializers.Orthogonal()", "tf.keras.initializers.RandomNormal()")
    result = migrate_source(source, Options(), "program.py")
    assert "tf.keras.initializers.RandomNormal()" in (result.migrated or ""), result.migrated
    notes = [f for f in result.followups if "RandomNormal" in f.message]
    assert [f.line for f in notes] == [7], result.followups
    assert "random_normal_initializer(stddev=0.05)" in notes[0].message


TF2_SESSION = """\
import tensorflow as tf

g = tf.Graph()
with g.as_default():
    tf.compat.v1.set_random_seed(0)
    w = tf.compat.v1.get_variable("W", shape=(3, 2), initializer=tf.keras.initializers.he_normal(seed=None))
    with tf.compat.v1.Session() as sess:
        sess.run(tf.compat.v1.global_variables_initializer())
        print(sess.run(w))
"""

TF2_KERAS = """\
import tensorflow as tf

model = tf.keras.Sequential([tf.keras.layers.Dense(4, kernel_initializer=tf.keras.initializers.he_normal(seed=1))])
init = tf.keras.initializers.get("glorot_uniform")
print(model(tf.ones((1, 3))).shape, init((2, 2)).shape)
"""


def test_tf2_code_keeps_keras_3s_initializers() -> None:
    """No TF1 name: the file was written for TF2 (Keras 3's initializers). The Keras file comes out byte-identical;
    the tf.compat.v1 Session file keeps its spelling."""
    assert migrate_source(TF2_KERAS, Options(), "keras2.py").migrated in (None, TF2_KERAS)
    result = migrate_source(TF2_SESSION, Options(), "session.py")
    assert "initializer=tf.keras.initializers.he_normal(seed=None)" in (result.migrated or TF2_SESSION)
    assert not [c for c in result.changes if "initializers" in c.message], result.changes
