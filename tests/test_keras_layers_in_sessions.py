"""Keras 2 layers used as a layer library on TF1 placeholders (the Keras blog's "Keras as a simplified interface to
TensorFlow"): ``K.set_session(sess)``, ``Dense(...)(x)``, ``Dropout``, keras' ``categorical_crossentropy`` and
``categorical_accuracy``, ``train_step.run`` / ``t.eval`` under ``sess.as_default()`` (session/
keras_layers_in_sessions.py). With the kernels given as constants, the TF1 baseline (tf-keras) and the migrated
program (Keras 3, eager) print the same numbers; what is not read keeps the graph tier with its line."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons_by_line
from session_harness import Program, evaluate

# Constant kernels: the draw is the one thing the Keras 2 and Keras 3 layers do not share unseeded.
CONSTANT = """\
import numpy as np
import tensorflow as tf
from tensorflow.compat.v1.keras import backend as K
from tensorflow.keras.layers import Dense, Dropout
from tensorflow.keras.losses import categorical_crossentropy
from tensorflow.keras.metrics import categorical_accuracy as accuracy

sess = tf.Session()
K.set_session(sess)
img = tf.placeholder(tf.float32, shape=(None, 6))
labels = tf.placeholder(tf.float32, shape=(None, 3))
x = Dense(5, activation='relu', kernel_initializer=tf.constant_initializer(0.1), bias_initializer='ones')(img)
x = Dropout(0.5)(x)
preds = Dense(3, activation='softmax', kernel_initializer=tf.constant_initializer(np.linspace(-1, 1, 15).reshape(5, 3)))(x)
loss = tf.reduce_mean(categorical_crossentropy(labels, preds))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
sess.run(tf.global_variables_initializer())
xs = np.linspace(-2, 3, 48, dtype=np.float32).reshape(8, 6)
ys = np.eye(3, dtype=np.float32)[np.arange(8) % 3]
with sess.as_default():
    for i in range(5):
        train_step.run(feed_dict={img: xs, labels: ys})
        print(i, loss.eval(feed_dict={img: xs, labels: ys}))
acc_value = accuracy(labels, preds)
with sess.as_default():
    print(acc_value.eval(feed_dict={img: xs, labels: ys}))
    print(preds.eval(feed_dict={img: xs})[:2])
"""

# The learning phase fed to a Dropout of rate 0: training and evaluation compute the same, so the numbers show the
# phase's plumbing (the fed 1 reaching the layer as its training flag) without a random mask.
PHASED = (
    CONSTANT.replace("Dropout(0.5)", "Dropout(0.0)")
    .replace(
        "train_step.run(feed_dict={img: xs, labels: ys})",
        "train_step.run(feed_dict={img: xs, labels: ys, K.learning_phase(): 1})",
    )
    .replace(
        "loss.eval(feed_dict={img: xs, labels: ys})",
        "loss.eval(feed_dict={img: xs, labels: ys, K.learning_phase(): 0})",
    )
)

# The initializer run in the Session Keras hands back: ``K.get_session()`` is the one set_session registered.
REGISTERED = CONSTANT.replace(
    "sess.run(tf.global_variables_initializer())", "K.get_session().run(tf.global_variables_initializer())"
)

PROGRAMS = {"constant": CONSTANT, "phased": PHASED, "registered": REGISTERED}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    programs = [Program(name, source, {"random": "none", "legacy_keras": True}) for name, source in PROGRAMS.items()]
    return evaluate(programs, root=tmp_path_factory.mktemp("harness"))


def test_the_shapes_differ_where_they_should() -> None:
    assert PHASED.count("K.learning_phase()") == 2 and "Dropout(0.0)" in PHASED
    assert "K.get_session().run(" in REGISTERED


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_keras_layers_on_placeholders_print_the_baseline_numbers(outcomes, name: str) -> None:
    assert_session_free_with_baseline_numbers(outcomes[name])


def test_a_seeded_program_keeps_the_graph_tier_at_its_seed() -> None:
    seeded = CONSTANT.replace("sess = tf.Session()\n", "tf.set_random_seed(0)\nsess = tf.Session()\n")
    found = reasons_by_line(seeded)
    assert any(line == 8 and "seeded draws are not matched" in message for line, message in found), found


def test_set_session_is_named_as_a_registration_with_the_construct_behind_it() -> None:
    # a BatchNormalization (its moving statistics are not read here): the follow-up names it, not a graph op
    source = PHASED.replace("x = Dropout(0.0)(x)\n", "x = Dropout(0.0)(x)\nx = BatchNormalization()(x)\n").replace(
        "import Dense, Dropout", "import BatchNormalization, Dense, Dropout"
    )
    found = reasons_by_line(source)
    assert found and all("would build a graph op" not in message for _, message in found), found
    assert any(
        line == 14
        and "registers the Session with Keras (no op)" in message
        and "tf.keras.layers.BatchNormalization (Keras 2 used on TF1 graph tensors) is not modelled" in message
        for line, message in found
    ), found
