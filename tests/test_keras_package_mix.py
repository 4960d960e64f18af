"""A Session program kept in graph mode that builds with both the ``keras`` package and ``tf.keras``, on real TF.

TF_USE_LEGACY_KERAS makes ``tf.keras`` Keras 2 (tf_keras) but leaves ``import keras`` Keras 3, and a layer of one in
a model of the other stops (``TypeError: The added layer must be an instance of class Layer``). Such a file keeps
Keras 3 for both, as it runs today, with a follow-up at the ``keras`` line; a file that reads only the package's data
sets still gets the variable; one whose ``tf.compat.v1`` cells need the variable gets it and the line is named."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from program_checks import run_in_a_shared_child

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

PROGRAM = """\
import numpy as np
import tensorflow as tf
import keras

x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.float32, [None, 1])
model = tf.keras.Sequential(
    [keras.layers.Dense(4, activation="relu", kernel_initializer="ones"), tf.keras.layers.Dense(1, kernel_initializer="ones")]
)
out = model(x)
loss = tf.reduce_mean(tf.square(out - y))
train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
rng = np.random.RandomState(0)
xs = rng.rand(8, 3).astype(np.float32)
ys = rng.rand(8, 1).astype(np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        _, l = sess.run([train, loss], feed_dict={x: xs, y: ys})
        print(step, l)
"""
NUMBER = re.compile(r"-?\d+\.?\d*(?:[eE][-+]?\d+)?")
ENV_LINE = 'os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")'


def _run(source: str, folder: Path) -> list[float]:
    """The numbers ``source`` prints in the harness's shared graph child without ``TF_USE_LEGACY_KERAS`` (both
    sources switch TF2 behaviour off before they build): ``import keras`` and ``tf.keras`` are both Keras 3 there,
    as in a process of its own started without the variable, and no TensorFlow start-up is paid."""
    return [float(n) for n in NUMBER.findall(run_in_a_shared_child(source, folder, graph=True))]


def test_a_keras_layer_in_a_tf_keras_model_keeps_keras3_and_runs(tmp_path) -> None:
    tf1 = PROGRAM.replace("import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n")
    expected = _run(tf1, tmp_path / "tf1")
    result = migrate_source(PROGRAM, Options(), "program.py")
    migrated = result.migrated or ""
    assert "disable_v2_behavior()" in migrated and ENV_LINE not in migrated, migrated
    notes = [f for f in result.followups if "`keras` package" in f.message]
    assert [f.line for f in notes] == [8], result.followups  # keras.layers.Dense, the Keras 3 name
    assert "(line 7)" in notes[0].message  # tf.keras.Sequential, the graph tf.keras layer
    got = _run(migrated, tmp_path / "migrated")
    assert len(got) == len(expected) == 10
    assert all(math.isclose(a, b, rel_tol=1e-6) for a, b in zip(expected, got)), (expected, got)


def test_a_file_reading_only_keras_data_sets_still_gets_the_variable() -> None:
    source = PROGRAM.replace("keras.layers.Dense(4,", "tf.keras.layers.Dense(4,").replace(
        "rng = np.random", "print(keras.datasets.mnist)\nrng = np.random"
    )
    result = migrate_source(source, Options(), "program.py")
    assert ENV_LINE in (result.migrated or "")
    assert not [f for f in result.followups if "`keras` package" in f.message], result.followups


@pytest.mark.parametrize("graph_keras", [False, True])
def test_a_file_whose_cells_need_keras2_names_its_keras_line(graph_keras: bool) -> None:
    source = PROGRAM.replace(
        "rng = np.random", "cell = tf.nn.rnn_cell.BasicLSTMCell(4)\nprint(cell.state_size)\nrng = np.random"
    )
    if not graph_keras:
        source = source.replace("model = tf.keras.Sequential(", "model = keras.Sequential(")
        source = source.replace("tf.keras.layers.Dense(1,", "keras.layers.Dense(1,")
    result = migrate_source(source, Options(), "program.py")
    assert ENV_LINE in (result.migrated or "")
    line = 8 if graph_keras else 7  # keras.layers.Dense, or keras.Sequential
    noted = [f for f in result.followups if f"line {line} builds with the `keras` package" in f.message]
    assert len(noted) == 1, result.followups
