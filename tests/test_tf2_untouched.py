"""Working TF2 code comes out byte-identical, with no follow-ups.

Two bodies of TF2 code go through every rule: every public ``tf.*`` name the installed TensorFlow reaches
through ``dir()`` of its real modules (Keras' lazily loaded aliases ``tf.losses``, ``tf.metrics``,
``tf.initializers``, ``tf.optimizers`` and the ``tf.keras`` tree included), each used once; and TF2 programs in
the shape of the aymericdamien/TensorFlow-Examples ``tensorflow_v2`` notebooks, which are also run on the
installed TensorFlow (one interpreter for all) to show they are real TF2 code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from program_checks import run_in_a_shared_child
from timeouts import limit

from tfmigrate import Options, Status, migrate_source

# Lists every public tf.* name in the child (so the test process never imports TensorFlow itself).
_LIST_NAMES = r"""
import json, sys, types
import tensorflow as tf

def api(module):
    name = getattr(module, "__name__", "") or ""
    path = getattr(module, "__file__", "") or ""
    return name.startswith(("tensorflow._api.v2.", "keras._tf_keras.keras")) or (
        "/tensorflow/_api/v2/" in path and "/compat/" not in path
    )

out = []
def walk(module, prefix, seen):
    try:
        names = sorted(dir(module))
    except Exception:
        return
    for name in names:
        if name.startswith("_") or (not prefix and name == "compat"):
            continue
        try:
            value = getattr(module, name)
        except Exception:
            continue
        out.append(prefix + name)
        if isinstance(value, types.ModuleType) and id(value) not in seen and api(value):
            walk(value, prefix + name + ".", seen | {id(value)})

walk(tf, "", frozenset())
json.dump(out, sys.stdout)
"""

# tf.gradients only works while a graph is being built (in a tf.function): as a module-level statement it is
# TF1 graph code, and TFM102 rightly reads it so.
GRAPH_ONLY = frozenset({"gradients"})

ENV = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")


def _public_names() -> list[str]:
    """In a process of its own: what ``dir()`` shows depends on what the process imported before (a shared child,
    after other programs, lists other names under ``tf.keras``)."""
    done = subprocess.run(
        [sys.executable, "-c", _LIST_NAMES], capture_output=True, text=True, env=ENV, timeout=limit(900), check=True
    )
    return json.loads(done.stdout)


def _assert_untouched(source: str, name: str) -> None:
    result = migrate_source(source, Options(), name)
    assert result.status is Status.UNCHANGED, (result.error, result.changes[:10])
    assert result.migrated == source
    assert result.followups == [], result.followups[:10]


def test_every_public_tf2_name_is_left_alone() -> None:
    names = _public_names()
    # The aliases that were once rewritten to tf.compat.v1 paths that do not exist must be in the body.
    for alias in (
        "initializers.GlorotUniform",
        "losses.MeanSquaredError",
        "metrics.Accuracy",
        "optimizers.SGD",
        "experimental.ExtensionType",
        "keras.layers.Dense",
    ):
        assert alias in names, alias
    assert len(names) > 3000
    body = "".join(f"tf.{n}\n" for n in names if n not in GRAPH_ONLY)
    _assert_untouched("import tensorflow as tf\n\n" + body, "every_name.py")


PROGRAMS = {
    # neural_network_raw: weights from a Keras initializer alias, a hand-written model, tf.optimizers, tf.data.
    "mlp_raw": """
        import numpy as np
        import tensorflow as tf

        rng = np.random.RandomState(0)
        x_train = rng.rand(64, 8).astype(np.float32)
        y_train = (x_train.sum(axis=1) > 4).astype(np.int64)
        train_data = tf.data.Dataset.from_tensor_slices((x_train, y_train))
        train_data = train_data.repeat().shuffle(64, seed=1).batch(16).prefetch(1)

        random_normal = tf.initializers.RandomNormal(seed=1)
        weights = {
            "h1": tf.Variable(random_normal([8, 16])),
            "out": tf.Variable(random_normal([16, 2])),
        }
        biases = {"b1": tf.Variable(tf.zeros([16])), "out": tf.Variable(tf.zeros([2]))}

        def neural_net(x):
            layer_1 = tf.nn.sigmoid(tf.add(tf.matmul(x, weights["h1"]), biases["b1"]))
            return tf.nn.softmax(tf.matmul(layer_1, weights["out"]) + biases["out"])

        def cross_entropy(y_pred, y_true):
            y_true = tf.one_hot(y_true, depth=2)
            y_pred = tf.clip_by_value(y_pred, 1e-9, 1.0)
            return tf.reduce_mean(-tf.reduce_sum(y_true * tf.math.log(y_pred)))

        def accuracy(y_pred, y_true):
            correct = tf.equal(tf.argmax(y_pred, 1), tf.cast(y_true, tf.int64))
            return tf.reduce_mean(tf.cast(correct, tf.float32), axis=-1)

        optimizer = tf.optimizers.SGD(0.1)

        def run_optimization(x, y):
            with tf.GradientTape() as g:
                loss = cross_entropy(neural_net(x), y)
            trainable_variables = list(weights.values()) + list(biases.values())
            gradients = g.gradient(loss, trainable_variables)
            optimizer.apply_gradients(zip(gradients, trainable_variables))

        for step, (batch_x, batch_y) in enumerate(train_data.take(20), 1):
            run_optimization(batch_x, batch_y)
        pred = neural_net(x_train)
        print("accuracy", float(accuracy(pred, y_train)))
    """,
    # linear_regression / logistic_regression: tf.losses and tf.metrics as Keras objects, tf.function.
    "keras_aliases": """
        import numpy as np
        import tensorflow as tf

        X = np.linspace(0, 1, 32).astype(np.float32)
        Y = 2.0 * X + 0.5
        W = tf.Variable(tf.initializers.GlorotUniform(seed=2)([1, 1]))
        b = tf.Variable(tf.initializers.Zeros()([1]))
        loss_object = tf.losses.MeanSquaredError()
        metric = tf.metrics.Mean()
        accuracy = tf.metrics.Accuracy()
        optimizer = tf.optimizers.Adam(learning_rate=0.1)

        @tf.function
        def train_step(x, y):
            with tf.GradientTape() as tape:
                pred = tf.matmul(tf.reshape(x, [-1, 1]), W) + b
                loss = loss_object(tf.reshape(y, [-1, 1]), pred)
            grads = tape.gradient(loss, [W, b])
            optimizer.apply_gradients(zip(grads, [W, b]))
            return loss

        for epoch in range(30):
            metric.update_state(train_step(X, Y))
        accuracy.update_state(tf.constant([1, 2, 3]), tf.constant([1, 2, 4]))
        print("loss", float(metric.result()), "acc", float(accuracy.result()))
        print("sce", float(tf.losses.sparse_categorical_crossentropy(tf.constant([1]), tf.constant([[0.2, 0.8]]))[0]))
    """,
    # convolutional_network: a Keras model subclass trained with tf.data batches.
    "keras_subclass": """
        import numpy as np
        import tensorflow as tf
        from tensorflow.keras import layers

        class ConvNet(tf.keras.Model):
            def __init__(self):
                super(ConvNet, self).__init__()
                self.conv1 = layers.Conv2D(4, kernel_size=3, activation=tf.nn.relu)
                self.flatten = layers.Flatten()
                self.out = layers.Dense(3)

            def call(self, x, is_training=False):
                x = tf.reshape(x, [-1, 6, 6, 1])
                x = self.flatten(self.conv1(x))
                x = self.out(x)
                if not is_training:
                    x = tf.nn.softmax(x)
                return x

        conv_net = ConvNet()
        optimizer = tf.optimizers.Adam(0.01)
        loss_fn = tf.losses.SparseCategoricalCrossentropy(from_logits=True)
        data = np.random.RandomState(1).rand(12, 36).astype(np.float32)
        labels = np.arange(12) % 3
        dataset = tf.data.Dataset.from_tensor_slices((data, labels)).batch(4)
        for batch_x, batch_y in dataset:
            with tf.GradientTape() as g:
                loss = loss_fn(batch_y, conv_net(batch_x, is_training=True))
            grads = g.gradient(loss, conv_net.trainable_variables)
            optimizer.apply_gradients(zip(grads, conv_net.trainable_variables))
        print("out", conv_net(data[:2]).shape)
    """,
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_tf2_program_is_left_alone(name: str) -> None:
    _assert_untouched(textwrap.dedent(PROGRAMS[name]).lstrip(), f"{name}.py")


def test_tf2_programs_run_on_the_installed_tensorflow(tmp_path) -> None:
    """The programs above are TF2 code indeed: they all run, in one interpreter (from files, for AutoGraph)."""
    paths = []
    for name, source in sorted(PROGRAMS.items()):
        path = tmp_path / f"{name}.py"
        path.write_text(textwrap.dedent(source).lstrip(), encoding="utf-8")
        paths.append(str(path))
    runner = f"import runpy\nfor path in {paths!r}:\n    runpy.run_path(path, run_name='__main__')\n"
    out = run_in_a_shared_child(runner, tmp_path / "run", graph=False)
    assert out.count("accuracy") == 1 and "loss" in out and "out (2, 3)" in out
