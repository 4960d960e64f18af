"""TF1 graph code keeps TF1's Keras initializers (held-out set 28's fm_ae_graphs, r1; a library module of layer
helpers a script imports).

TF 1.x's ``tf.keras.initializers.he_normal`` drew from the graph seed; on TF 2.21 the spelling means Keras 3's, which
ignores it (other numbers every run). TFM101 spells it ``tf.compat.v1.initializers.he_normal`` in every file it reads
as TF1 graph code (transforms/_keras_v1_initializers.py), a Session program or a module without one. The migrated programs run twice, each in a process of its own, without
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
    assert "tf.compat.v1.Session(" in migrated, migrated
    # Zeros fills alike under Keras 3 (nothing random): left as written; every random one is TF's v1 twin.
    assert [line for line in migrated.splitlines() if "tf.keras.initializers" in line and "zeros()" not in line] == []
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
    assert [f.code for f in notes] == ["TFM101"], result.followups
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


# A library module of layer helpers with no Session (TFM201 does not read it; TFM102 gives it no switch), built into a
# seeded graph by the script that imports it: the shape of a project's ``ops.py``/``layers.py``.
HELPERS = """\
import tensorflow as tf


def dense(x, n_out, name):
    n_in = int(x.get_shape()[1])
    w = tf.get_variable(name + "_w", shape=(n_in, n_out), initializer=tf.keras.initializers.he_normal())
    b = tf.get_variable(name + "_b", shape=(n_out,), initializer=tf.keras.initializers.zeros())
    return tf.matmul(x, w) + b


def embedding(ids, n, dim):
    table = tf.get_variable("table", shape=(n, dim), initializer=tf.keras.initializers.get("glorot_uniform"))
    return tf.nn.embedding_lookup(table, ids)
"""

TRAINER = """\
import numpy as np
import tensorflow as tf
import keras_init_helpers as helpers

tf.set_random_seed(1)
x = tf.placeholder(tf.float32, (None, 4))
ids = tf.placeholder(tf.int32, (None,))
hidden = tf.nn.relu(helpers.dense(x, 3, "fc1"))
out = helpers.dense(hidden, 2, "fc2") + tf.reduce_sum(helpers.embedding(ids, 5, 2), axis=0)
loss = tf.reduce_mean(tf.square(out))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    data = np.random.RandomState(0).rand(6, 4).astype(np.float32)
    for step in range(3):
        print(step, sess.run([train, loss], {x: data, ids: [0, 3, 4, 1, 2, 0]})[1])
"""


def test_a_library_module_of_helpers_keeps_tf1s_initializer_numbers(tmp_path: Path) -> None:
    """The helpers' module has no Session: TFM101 reads it as TF1 graph code (TF1 names), spells its random Keras
    initializers (``get("glorot_uniform")`` too) as TF's v1 twins, and the trainer prints TF1's numbers every run."""
    helpers = migrate_source(HELPERS, Options(), "keras_init_helpers.py")
    assert helpers.migrated is not None, helpers.error
    assert "initializer=tf.compat.v1.initializers.he_normal()" in helpers.migrated, helpers.migrated
    assert "initializer=tf.compat.v1.initializers.glorot_uniform()" in helpers.migrated, helpers.migrated
    assert "initializer=tf.keras.initializers.zeros()" in helpers.migrated, helpers.migrated
    assert {c.code for c in helpers.changes if "initializers" in c.message} == {"TFM101"}, helpers.changes
    trainer = migrate_source(TRAINER, Options(), "trainer.py").migrated
    assert trainer is not None
    baseline_helpers = HELPERS.replace("import tensorflow as tf", "import tensorflow.compat.v1 as tf")
    for directory, text in (("first", helpers.migrated), ("second", helpers.migrated), ("baseline", baseline_helpers)):
        (tmp_path / directory).mkdir()
        (tmp_path / directory / "keras_init_helpers.py").write_text(text)
    baseline = Program("helpers", TRAINER, META).baseline_source
    assert assert_every_run_prints_the_baseline(trainer, baseline, tmp_path, legacy_keras=False) == 6


TF2_EAGER = """\
import tensorflow as tf

tf.random.set_seed(0)
layer = tf.keras.layers.Dense(3, kernel_initializer=tf.keras.initializers.he_normal())
table = tf.Variable(tf.keras.initializers.get("glorot_uniform")((4, 2)))
print(layer(tf.ones((1, 2))).numpy(), table.numpy(), tf.keras.initializers.RandomNormal(seed=1)((2,)).numpy())
"""

TF2_FUNCTION = """\
import tensorflow as tf

init = tf.keras.initializers.Orthogonal(seed=3)
w = tf.Variable(init((3, 3)))


@tf.function
def step(x):
    return tf.matmul(x, w)


print(step(tf.eye(3)))
"""


@pytest.mark.parametrize("source", [TF2_KERAS, TF2_EAGER, TF2_FUNCTION])
def test_tf2_code_with_keras_initializers_comes_out_byte_identical(source: str) -> None:
    """Working TF2 code (eager, Keras, tf.function) meant Keras 3's initializers: nothing is rewritten (a
    tf.compat.v1 Session without a TF1 name: test_tf2_code_keeps_keras_3s_initializers)."""
    assert migrate_source(source, Options(), "tf2.py").migrated in (None, source)
