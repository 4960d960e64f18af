"""How far do Keras 3's optimizers step from TF1's, and the classes the eager rewrite generates instead? Prints
figures; asserts nothing (tests/test_tf1_optimizers.py asserts on the same program).

One program, run in a process of its own, trains one tanh net 300 steps from the same start with each TF1 optimizer
(``tf.compat.v1.train``, graph mode), with the class session/tf1_optimizers.py generates for it (Keras SGD for
gradient descent), on TensorFlow and on Keras variables, and with Keras' namesake given TF1's hyperparameters; then
the same with an embedding lookup, whose gradient is an IndexedSlices ("sparse"). Each figure is the largest
relative distance of a final weight from TF1's: 0.0 is bit for bit.

    python benchmarks/optimizer_distances.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO)]

from _common import CHILD_ENV  # noqa: E402

from tfmigrate.transforms.session import tf1_optimizers  # noqa: E402

PROGRAM = """\
import json
import os
import numpy as np
import tensorflow as tf

CLASSES
rng = np.random.RandomState(0)
X = rng.rand(32, 6).astype(np.float32)
Y = np.sin(X.sum(axis=1, keepdims=True)).astype(np.float32)
W0, V0 = rng.randn(6, 8).astype(np.float32), rng.randn(8, 1).astype(np.float32)
ids = rng.randint(0, 6, size=(32, 3))  # rows repeated within and across examples


def dense(W, V):
    return tf.reduce_mean(tf.square(tf.matmul(tf.tanh(tf.matmul(X, W)), V) - Y))


def sparse(W, V):  # W's gradient is an IndexedSlices
    return tf.reduce_mean(tf.square(tf.matmul(tf.reduce_mean(tf.nn.embedding_lookup(W, ids), 1), V) - Y))


def tf1(optimizer, loss=dense):
    with tf.Graph().as_default():
        W = tf.compat.v1.Variable(W0, use_resource=True)
        V = tf.compat.v1.Variable(V0, use_resource=True)
        step = optimizer().minimize(loss(W, V))
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            for _ in range(300):
                sess.run(step)
            return sess.run(W), sess.run(V)


def eager(optimizer, variable, loss=dense):
    W, V = variable(W0), variable(V0)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            value = loss(W, V)
        optimizer.apply_gradients(zip(tape.gradient(value, [W, V]), [W, V]))

    for _ in range(300):
        step()
    return W.numpy(), V.numpy()


def distance(want, got):
    return max(float(np.max(np.abs(a - b) / np.abs(a))) for a, b in zip(want, got))


def started_at_one(optimizer):  # Keras RMSprop's velocities set to TF1's 1 once built (the rewrite did, before)
    build = optimizer.build

    def built(variables):
        build(variables)
        with tf.init_scope():
            for slot in optimizer.variables:
                if slot.path.endswith("_velocity"):
                    slot.assign(tf.ones(slot.shape, slot.dtype))

    optimizer.build = built
    return optimizer


def failing(run):
    try:
        return run()
    except Exception:  # Keras RMSprop's own sparse update fails on TF 2.21 (an index out of range)
        return None


train, keras = tf.compat.v1.train, tf.keras.optimizers
CASES = {
    "GradientDescent": (
        lambda: train.GradientDescentOptimizer(0.05),
        lambda: keras.SGD(0.05),
        lambda: keras.SGD(0.05),
    ),
    "Adam": (lambda: train.AdamOptimizer(0.01), lambda: TF1Adam(0.01), lambda: keras.Adam(0.01, epsilon=1e-8)),
    "Momentum": (
        lambda: train.MomentumOptimizer(0.01, 0.9, use_nesterov=True),
        lambda: TF1Momentum(0.01, 0.9, nesterov=True),
        lambda: keras.SGD(0.01, momentum=0.9, nesterov=True),
    ),
    "RMSProp": (
        lambda: train.RMSPropOptimizer(0.001, 0.95, 0.5, centered=True),
        lambda: TF1RMSProp(0.001, rho=0.95, momentum=0.5, centered=True),
        lambda: started_at_one(keras.RMSprop(0.001, rho=0.95, momentum=0.5, epsilon=1e-10, centered=True)),
    ),
    "Adagrad": (
        lambda: train.AdagradOptimizer(0.1),
        lambda: TF1Adagrad(0.1),
        lambda: keras.Adagrad(0.1, initial_accumulator_value=0.1),
    ),
}
found = {}
for name, (old, new, namesake) in CASES.items():
    want, rows = tf1(old), tf1(old, sparse)
    found[name] = {
        "class": distance(want, eager(new(), tf.Variable)),
        "class, Keras variables": distance(want, eager(new(), tf.keras.Variable)),
        "class, sparse": distance(rows, eager(new(), tf.Variable, sparse)),
        "Keras": distance(want, eager(namesake(), tf.Variable)),
        "Keras, sparse": failing(lambda: distance(rows, eager(namesake(), tf.Variable, sparse))),
    }
print(json.dumps(found))
"""


def source() -> str:
    """The program with every generated class defined at its top."""
    classes = "\n\n".join(tf1_optimizers.definition(kind, f"TF1{kind}", "tf") for kind in tf1_optimizers.KINDS)
    return PROGRAM.replace("CLASSES", classes)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "optimizers.py"
        path.write_text(source())
        done = subprocess.run(
            [sys.executable, str(path)], capture_output=True, text=True, env={**os.environ, **CHILD_ENV}
        )
    if done.returncode:
        sys.exit(done.stderr[-3000:])
    found = json.loads(done.stdout.strip().splitlines()[-1])
    columns = list(next(iter(found.values())))
    print("| TF1 optimizer | " + " | ".join(columns) + " |")
    print("| --- |" + " --- |" * len(columns))
    for name, distances in found.items():
        cells = ["failed" if d is None else f"{d:.1e}" if d else "0 (bit for bit)" for d in distances.values()]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
