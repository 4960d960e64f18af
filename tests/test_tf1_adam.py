"""TF1's Adam in the eager rewrite (tfmigrate/transforms/session/tf1_adam.py), on real TensorFlow.

Keras 3's ``Adam`` computes TF1's formula in another float order (``1 - beta_2`` in double, ``pow(beta, t)`` where
TF1 multiplies float32 ``beta1_power``/``beta2_power`` by the betas each step): 1e-7 relative from the first step,
1e-5 after 400 steps of the dense net below, 0.5% by epoch 7 of a seeded sigmoid denoising autoencoder. The
generated ``TF1Adam`` runs TF1's kernel with TF1's powers, so each seeded program here must print its TF1
baseline's numbers to 1e-7 relative after hundreds of steps (bit-identical on TF 2.21 CPU; Keras Adam: 5e-7
to 1e-5): plain ``minimize()``, a decayed rate with ``global_step``, and clipped ``compute_gradients``/
``apply_gradients`` over a ``var_list``.
"""

from __future__ import annotations

import math

import pytest
from program_checks import assert_session_free_with_baseline_numbers, eager
from session_harness import Program, evaluate, numbers

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
print("W_enc", repr(float(sess.run(tf.reduce_sum(tf.abs(W_enc))))))
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
print("step", sess.run(global_step), "cost", repr(float(sess.run(cost, feed_dict={X: x_data, Y: y_data}))))
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
print("b1", repr(sess.run(b1).tolist()[:2]), "cost", repr(float(sess.run(cost, feed_dict={X: x_data, Y: y_data}))))
"""
PROGRAMS = {"autoencoder": AUTOENCODER, "decayed": DECAYED, "clipped": CLIPPED}
META = {"random": "seeded", "source": "tfmigrate", "licence": "-"}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([Program(name, source, META) for name, source in PROGRAMS.items()])


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_the_migrated_adam_prints_tf1s_numbers_to_1e7_after_hundreds_of_steps(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    assert "compat.v1" not in outcome.migrated_text and "TF1Adam(" in outcome.migrated_text, outcome.migrated_text
    want, got = numbers(outcome.baseline.stdout), numbers(outcome.migrated.stdout)
    assert len(want) == len(got) > 8, (outcome.baseline.stdout, outcome.migrated.stdout)
    for a, b in zip(want, got):
        assert math.isclose(a, b, rel_tol=1e-7, abs_tol=1e-9), (outcome.baseline.stdout, outcome.migrated.stdout)


def test_two_adam_optimizers_share_one_class_defined_before_them() -> None:
    source = CLIPPED.replace(
        "train = optimizer.apply_gradients(clipped)\n",
        "train = optimizer.apply_gradients(clipped)\nextra = tf.train.AdamOptimizer(0.001).minimize(cost)\n",
    ).replace(
        "    if step % 50 == 0:\n", "    sess.run(extra, feed_dict={X: x_data, Y: y_data})\n    if step % 50 == 0:\n"
    )
    text = eager(source)
    assert text.count("class TF1Adam(tf.keras.optimizers.Adam):") == 1, text
    assert text.count("TF1Adam(learning_rate=") == 2, text
    assert text.index("class TF1Adam") < text.index("TF1Adam(learning_rate="), text


def test_a_name_the_program_binds_is_not_taken_for_the_class() -> None:
    text = eager(CLIPPED.replace("np.random.seed(5)\n", "np.random.seed(5)\nTF1Adam = 1\n"))
    assert "class TF1Adam(" not in text and "class TF1Adam_1(tf.keras.optimizers.Adam):" in text, text
