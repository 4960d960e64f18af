"""A Session program kept in graph mode that builds tf.keras layers (held-out set 17, r11): TF 1.x's tf.keras was
Keras 2, Keras 3's layers stop on TF1 graph tensors, so the migrated file sets TF_USE_LEGACY_KERAS and says so.
Run on real TensorFlow: the migrated program prints the TF1 baseline's numbers."""

from __future__ import annotations

import os
import subprocess
import sys

from program_checks import run_in_a_shared_child
from timeouts import limit

from tfmigrate import engine
from tfmigrate.ftypes import Options

# The construct of r11: tf.keras Dense + BatchNormalization (a bool placeholder as `training`) on a reinitializable
# tf.data iterator's tensors, in a Session.
PROGRAM = """import numpy as np
import tensorflow as tf

data = tf.data.Dataset.from_tensor_slices(np.arange(12, dtype=np.float32).reshape(6, 2)).batch(3)
it = tf.data.Iterator.from_structure(data.output_types, data.output_shapes)
init = it.make_initializer(data)
x = it.get_next()
training = tf.placeholder(tf.bool)
h = tf.keras.layers.Dense(2, kernel_initializer="ones", name="d")(x)
h = tf.keras.layers.BatchNormalization(name="bn")(h, training=training)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(init)
    print(sess.run(h, {training: True}))
"""
ENV_LINE = 'os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")'


def migrate(text: str):
    return engine.migrate_text(text, Options(), "case.py")


def run_alone(text: str) -> str:
    """``text`` in a process of its own started without TF_USE_LEGACY_KERAS: the migrated program's own
    ``os.environ.setdefault`` must choose tf-keras before TensorFlow is imported, which no shared child can show (the
    TF1 baseline runs in the harness's legacy-Keras graph child)."""
    env = {k: v for k, v in os.environ.items() if k != "TF_USE_LEGACY_KERAS"}
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    done = subprocess.run([sys.executable, "-c", text], env=env, capture_output=True, text=True, timeout=limit(600))
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_kept_in_graph_mode_on_keras2_prints_the_baseline(tmp_path) -> None:
    result = migrate(PROGRAM)
    assert ENV_LINE in result.text and "disable_v2_behavior()" in result.text
    assert any(
        "tf.keras layers built in a Session program" in f.message and "tf-keras" in f.message for f in result.followups
    )
    baseline = PROGRAM.replace(
        "import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n"
    )
    expected = run_in_a_shared_child(baseline, tmp_path / "baseline", graph=True, legacy_keras=True)
    assert "1.2246" in expected
    assert run_alone(result.text) == expected


def test_host_keras_and_own_switch_keep_keras3() -> None:
    datasets = PROGRAM.replace(
        'h = tf.keras.layers.Dense(2, kernel_initializer="ones", name="d")(x)\n'
        'h = tf.keras.layers.BatchNormalization(name="bn")(h, training=training)\n',
        "(xs, _), _ = tf.keras.datasets.mnist.load_data()\nh = x * 2.0\n",
    )
    assert ENV_LINE not in migrate(datasets).text
    switched = "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n" + PROGRAM.split("\n", 2)[2]
    assert ENV_LINE not in migrate(switched).text
