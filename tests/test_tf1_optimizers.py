"""TF1's optimizers in the eager rewrite (tfmigrate/transforms/session/tf1_optimizers.py), on real TensorFlow.

Keras 3 computes TF1's update rules in another float order. Adam: ``1 - beta_2`` in double, ``pow(beta, t)`` where
TF1 multiplies float32 ``beta1_power``/``beta2_power`` by the betas each step: 1e-7 relative from the first step,
1e-5 after 400 steps of the dense net below, 0.5% by epoch 7 of a seeded sigmoid denoising autoencoder. Momentum
(Keras keeps ``-lr * accumulation``), Adagrad (Keras adds epsilon) and RMSProp (another order; centered 5e-3 after
300 steps) likewise. The generated classes run TF1's kernels, so each seeded program here must print its TF1
baseline's text exactly (bit-identical on TF 2.21 CPU) after hundreds of steps; Keras' namesakes differ on the same
steps (test_keras_namesakes_differ_where_the_classes_do_not). Plain gradient descent stays Keras SGD: the same
``var - lr * g``, also bit-identical.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest
from program_checks import (
    assert_session_free_with_baseline_numbers,
    eager,
    migrated_with_reasons,
    run_in_a_shared_child,
)
from session_harness import Program, evaluate, numbers

from tfmigrate.transforms.session import tf1_optimizers

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import optimizer_distances  # noqa: E402

AUTOENCODER = """\
import numpy as np
import tensorflow as tf

np.random.seed(7)
tf.set_random_seed(7)
data = np.random.rand(128, 20).astype(np.float32)
X = tf.placeholder(tf.float32, [None, 20])
X_noisy = tf.placeholder(tf.float32, [None, 20])
W_enc = tf.Variable(tf.random_normal([20, 8], stddev=0.5))
b_enc = tf.Variable(tf.zeros([8]))
W_dec = tf.Variable(tf.random_normal([8, 20], stddev=0.5))
b_dec = tf.Variable(tf.zeros([20]))
hidden = tf.nn.sigmoid(tf.matmul(X_noisy, W_enc) + b_enc)
decoded = tf.nn.sigmoid(tf.matmul(hidden, W_dec) + b_dec)
cost = tf.reduce_mean(tf.square(decoded - X))
optimizer = tf.train.AdamOptimizer(0.01).minimize(cost)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for epoch in range(10):
    for i in range(0, 128, 4):
        batch = data[i:i + 4]
        noisy = batch + 0.3 * np.random.randn(*batch.shape).astype(np.float32)
        _, c = sess.run([optimizer, cost], feed_dict={X: batch, X_noisy: noisy})
    print("epoch", epoch, "cost", repr(float(c)))
print("W_enc", repr(sess.run(W_enc).ravel().tolist()[:8]), "b_dec", repr(sess.run(b_dec).tolist()[:4]))
"""
DECAYED = """\
import numpy as np
import tensorflow as tf

np.random.seed(3)
tf.set_random_seed(3)
x_data = np.random.rand(64, 8).astype(np.float32)
y_data = (x_data.sum(axis=1, keepdims=True) > 4).astype(np.float32)
X = tf.placeholder(tf.float32, [None, 8])
Y = tf.placeholder(tf.float32, [None, 1])
W1 = tf.Variable(tf.random_normal([8, 16]))
b1 = tf.Variable(tf.zeros([16]))
W2 = tf.Variable(tf.random_normal([16, 1]))
b2 = tf.Variable(tf.zeros([1]))
logits = tf.matmul(tf.sigmoid(tf.matmul(X, W1) + b1), W2) + b2
cost = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=Y, logits=logits))
global_step = tf.Variable(0, trainable=False)
rate = tf.train.exponential_decay(0.02, global_step, 100, 0.9)
train = tf.train.AdamOptimizer(rate, beta1=0.8, beta2=0.99).minimize(cost, global_step=global_step)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(400):
    c, _ = sess.run([cost, train], feed_dict={X: x_data, Y: y_data})
    if step % 50 == 0:
        print(step, repr(float(c)))
print("step", sess.run(global_step), "W2", repr(sess.run(W2).ravel().tolist()), "b2", repr(sess.run(b2).tolist()))
"""
CLIPPED = """\
import numpy as np
import tensorflow as tf

np.random.seed(5)
tf.set_random_seed(5)
x_data = np.random.rand(64, 8).astype(np.float32)
y_data = np.sin(x_data.sum(axis=1, keepdims=True)).astype(np.float32)
X = tf.placeholder(tf.float32, [None, 8])
Y = tf.placeholder(tf.float32, [None, 1])
W1 = tf.Variable(tf.random_normal([8, 16]))
b1 = tf.Variable(tf.zeros([16]))
W2 = tf.Variable(tf.random_normal([16, 1]))
b2 = tf.Variable(tf.zeros([1]))
prediction = tf.matmul(tf.tanh(tf.matmul(X, W1) + b1), W2) + b2
cost = tf.reduce_mean(tf.square(prediction - Y))
optimizer = tf.train.AdamOptimizer(0.005)
pairs = optimizer.compute_gradients(cost, var_list=[W1, W2, b2])
clipped = [(tf.clip_by_value(g, -0.1, 0.1), v) for g, v in pairs]
train = optimizer.apply_gradients(clipped)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(300):
    c, _ = sess.run([cost, train], feed_dict={X: x_data, Y: y_data})
    if step % 50 == 0:
        print(step, repr(float(c)))
print("b1", repr(sess.run(b1).tolist()[:2]), "W2", repr(sess.run(W2).ravel().tolist()), "b2", repr(sess.run(b2).tolist()))
"""
# A seeded tanh net trained 300 steps by one TF1 optimizer; it prints the train step's loss and the weights.
NET = """\
import numpy as np
import tensorflow as tf

np.random.seed(3)
tf.set_random_seed(3)
x_data = np.random.rand(64, 8).astype(np.float32)
y_data = np.sin(x_data.sum(axis=1, keepdims=True)).astype(np.float32)
X = tf.placeholder(tf.float32, [None, 8])
Y = tf.placeholder(tf.float32, [None, 1])
W1 = tf.Variable(tf.random_normal([8, 16]))
b1 = tf.Variable(tf.zeros([16]))
W2 = tf.Variable(tf.random_normal([16, 1]))
b2 = tf.Variable(tf.zeros([1]))
prediction = tf.matmul(tf.tanh(tf.matmul(X, W1) + b1), W2) + b2
cost = tf.reduce_mean(tf.square(prediction - Y))
train = OPTIMIZER.minimize(cost)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(300):
    c, _ = sess.run([cost, train], feed_dict={X: x_data, Y: y_data})
    if step % 30 == 0:
        print(step, repr(float(c)))
print("W1", repr(sess.run(W1).ravel().tolist()[:4]), "b2", repr(sess.run(b2).tolist()))
"""
# optimizer -> (its TF1 construction, what the migrated program builds)
OPTIMIZERS = {
    "gradient_descent": ("tf.train.GradientDescentOptimizer(0.05)", "tf.keras.optimizers.SGD(learning_rate=0.05)"),
    "momentum": ("tf.train.MomentumOptimizer(0.01, 0.9)", "TF1Momentum(learning_rate=0.01, momentum=0.9)"),
    "nesterov": (
        "tf.train.MomentumOptimizer(0.01, 0.9, use_nesterov=True)",
        "TF1Momentum(learning_rate=0.01, momentum=0.9, nesterov=True)",
    ),
    "rmsprop": ("tf.train.RMSPropOptimizer(0.001)", "TF1RMSProp(learning_rate=0.001, epsilon=1e-10)"),
    "rmsprop_momentum": (
        "tf.train.RMSPropOptimizer(0.001, momentum=0.9)",
        "TF1RMSProp(learning_rate=0.001, momentum=0.9, epsilon=1e-10)",
    ),
    "rmsprop_centered": (
        "tf.train.RMSPropOptimizer(0.001, decay=0.95, momentum=0.5, centered=True)",
        "TF1RMSProp(learning_rate=0.001, rho=0.95, momentum=0.5, centered=True, epsilon=1e-10)",
    ),
    "adagrad": ("tf.train.AdagradOptimizer(0.1)", "TF1Adagrad(learning_rate=0.1, initial_accumulator_value=0.1)"),
}
# A fed learning rate that falls (fed_rates.py): TF1 Momentum accumulates gradients, so its step follows the rate at
# once, where Keras SGD's stored step would carry the old rate.
FED_MOMENTUM = (
    NET.replace(
        "Y = tf.placeholder(tf.float32, [None, 1])\n",
        """Y = tf.placeholder(tf.float32, [None, 1])
rate = tf.placeholder(tf.float32, [])
""",
    )
    .replace("OPTIMIZER", "tf.train.MomentumOptimizer(rate, 0.9)")
    .replace("feed_dict={X: x_data, Y: y_data}", "feed_dict={X: x_data, Y: y_data, rate: 0.02 / (1 + step // 50)}")
)
# RMSProp through compute_gradients/apply_gradients, clipped (its mean square starts at 1 in the class's build)
CLIPPED_RMSPROP = CLIPPED.replace("tf.train.AdamOptimizer(0.005)", "tf.train.RMSPropOptimizer(0.002, momentum=0.5)")
# Two sections (tf.reset_default_graph()), each with an Adam, the second an RMSProp too; and two functions, each
# with its own Session and Adam: the classes are defined once in the file.
SECTION = """\
tf.set_random_seed(SEED)
X = tf.placeholder(tf.float32, [None, 4])
Y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable(tf.random_normal([4, 1]))
b = tf.Variable(tf.zeros([1]))
cost = tf.reduce_mean(tf.square(tf.matmul(X, W) + b - Y))
train = tf.train.AdamOptimizer(0.02).minimize(cost, var_list=[W])
EXTRA
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(100):
    c, _ = sess.run([cost, train], feed_dict={X: x_data, Y: y_data})
    RUN
print(SEED, repr(float(c)), repr(sess.run(W).ravel().tolist()), repr(sess.run(b).tolist()))
sess.close()
"""
SECTIONS = (
    "import numpy as np\nimport tensorflow as tf\n\n"
    "np.random.seed(1)\n"
    "x_data = np.random.rand(32, 4).astype(np.float32)\n"
    "y_data = x_data.sum(axis=1, keepdims=True)\n"
    + SECTION.replace("SEED", "1").replace("EXTRA\n", "").replace("    RUN\n", "")
    + "\ntf.reset_default_graph()\n"
    + SECTION.replace("SEED", "2")
    .replace("EXTRA", "extra = tf.train.RMSPropOptimizer(0.01).minimize(cost, var_list=[b])")
    .replace("RUN", "sess.run(extra, feed_dict={X: x_data, Y: y_data})")
)
FUNCTION = """\


def RUN():
    np.random.seed(SEED)
    x_data = np.random.rand(32, 4).astype(np.float32)
    X = tf.placeholder(tf.float32, [None, 4])
    W = tf.Variable(tf.constant(np.random.randn(4, 1).astype(np.float32)))
    cost = tf.reduce_mean(tf.square(tf.matmul(X, W) - SEED))
    train = tf.train.AdamOptimizer(0.01).minimize(cost)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(100):
            c, _ = sess.run([cost, train], feed_dict={X: x_data})
        print(SEED, repr(float(c)), repr(sess.run(W).ravel().tolist()))
"""
FUNCTIONS = (
    "import numpy as np\nimport tensorflow as tf\n"
    + FUNCTION.replace("RUN", "first").replace("SEED", "1")
    + FUNCTION.replace("RUN", "second").replace("SEED", "2")
    + "\n\nfirst()\nsecond()\n"
)
PROGRAMS = {
    "sections": SECTIONS,
    "functions": FUNCTIONS,
    "autoencoder": AUTOENCODER,
    "decayed": DECAYED,
    "clipped": CLIPPED,
    # var_list passed positionally (held-out set 28's ``compute_gradients(self.cost, [self.w_conv1, ...])``)
    "clipped_positional": CLIPPED.replace("var_list=[W1, W2, b2]", "[W1, W2, b2]"),
    **{name: NET.replace("OPTIMIZER", tf1) for name, (tf1, _) in OPTIMIZERS.items()},
    "momentum_fed_rate": FED_MOMENTUM,
    "rmsprop_clipped": CLIPPED_RMSPROP,
}
ADAM = ("autoencoder", "decayed", "clipped", "clipped_positional")
# Each program prints what its training steps computed (the train step's loss, the weights): a loss evaluated
# eagerly outside a tf.function may round otherwise than TF1's graph, whatever the optimizer (4e-7 on TF 2.21 CPU).
META = {"random": "seeded", "source": "tfmigrate", "licence": "-"}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([Program(name, source, META) for name, source in PROGRAMS.items()])


@pytest.mark.parametrize("name", [*ADAM, *OPTIMIZERS, "momentum_fed_rate", "rmsprop_clipped"])
def test_each_migrated_tf1_optimizer_prints_tf1s_text_after_hundreds_of_steps(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    text = outcome.migrated_text
    assert "compat.v1" not in text, text
    if name in OPTIMIZERS:
        assert f"optimizer = {OPTIMIZERS[name][1]}" in text, text
    if name in ADAM:
        assert "TF1Adam(" in text, text
    assert len(numbers(outcome.baseline.stdout)) > 8, outcome.baseline.stdout
    assert outcome.migrated.stdout == outcome.baseline.stdout, (outcome.baseline.stdout, outcome.migrated.stdout)


def test_keras_namesakes_differ_where_the_classes_do_not(tmp_path: Path) -> None:
    """Each class against TF1's optimizer and against Keras' namesake on the same 300 steps of one net
    (benchmarks/optimizer_distances.py): the class must end where TF1 ended to the bit, with Keras' or TensorFlow's
    variables, dense or sparse; Keras' namesake elsewhere (plain gradient descent: Keras SGD, bit for bit too)."""
    found = json.loads(run_in_a_shared_child(optimizer_distances.source(), tmp_path, graph=False))
    assert set(found) == {"GradientDescent", *tf1_optimizers.KINDS}, found
    assert found.pop("GradientDescent")["Keras"] == 0.0
    for kind, distances in found.items():
        assert distances["class"] == distances["class, Keras variables"] == distances["class, sparse"] == 0.0, (
            kind,
            distances,
        )
        assert distances["Keras"] > 1e-7, (kind, distances)


def test_the_classes_read_no_private_keras_member() -> None:
    """A Keras minor release may rename what is private (``_momentums``, ``_get_variable_index``,
    ``_backend_update_step``): the classes use only what Keras' Optimizer docstring offers subclasses."""
    for kind in tf1_optimizers.KINDS:
        tree = ast.parse(tf1_optimizers.definition(kind, f"TF1{kind}", "tf"))
        private = [
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and node.attr != "__init__"
        ]
        overridden = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
        assert not private, (kind, private)
        assert overridden <= {"__init__", "build", "key", "rows", "update_step", "apply", "get_config"}, (
            kind,
            overridden,
        )


def test_two_adam_optimizers_share_one_class_defined_before_them() -> None:
    source = CLIPPED.replace(
        "train = optimizer.apply_gradients(clipped)\n",
        "train = optimizer.apply_gradients(clipped)\nextra = tf.train.AdamOptimizer(0.001).minimize(cost)\n",
    ).replace(
        "    if step % 50 == 0:\n", "    sess.run(extra, feed_dict={X: x_data, Y: y_data})\n    if step % 50 == 0:\n"
    )
    text = eager(source)
    assert text.count("class TF1Adam(tf.keras.optimizers.Optimizer):") == 1, text
    assert text.count("TF1Adam(learning_rate=") == 2, text
    assert text.index("class TF1Adam") < text.index("TF1Adam(learning_rate="), text


def test_a_name_the_program_binds_is_not_taken_for_the_class() -> None:
    text = eager(CLIPPED.replace("np.random.seed(5)\n", "np.random.seed(5)\nTF1Adam = 1\n"))
    assert "class TF1Adam(" not in text and "class TF1Adam_1(tf.keras.optimizers.Optimizer):" in text, text


@pytest.mark.parametrize("name", ["sections", "functions"])
def test_each_class_is_defined_once_in_a_file_with_several_optimizers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    text = outcome.migrated_text
    assert "compat.v1" not in text, text
    assert text.count("class TF1Adam(") == 1 and text.count("TF1Adam(learning_rate=0.0") == 2, text
    assert text.count("class TF1RMSProp(") == (name == "sections"), text
    assert text.index("class TF1Adam(") < text.index("TF1Adam(learning_rate="), text
    assert len(numbers(outcome.baseline.stdout)) >= 8, outcome.baseline.stdout
    assert outcome.migrated.stdout == outcome.baseline.stdout, (outcome.baseline.stdout, outcome.migrated.stdout)


def test_seeded_draws_in_several_session_functions_keep_the_graph_tier() -> None:
    """TF1 builds every function run into the one default graph, so the second one's op seeds count the first one's
    ops: seeded, ``second()`` draws other numbers than an eager ``tf.random.set_seed(2)`` gives (seen on TF 2.21)."""
    seeded = FUNCTION.replace("tf.constant(np.random.randn(4, 1).astype(np.float32))", "tf.random_normal([4, 1])")
    seeded = seeded.replace("    np.random.seed(SEED)\n", "    np.random.seed(SEED)\n    tf.set_random_seed(SEED)\n")
    source = (
        "import numpy as np\nimport tensorflow as tf\n"
        + seeded.replace("RUN", "first").replace("SEED", "1")
        + seeded.replace("RUN", "second").replace("SEED", "2")
        + "\n\nfirst()\nsecond()\n"
    )
    text, found = migrated_with_reasons(source)
    assert text is not None and "compat.v1" in text, text
    assert any("TF1's op seeds count the ops built before them" in reason for _, reason in found), found
