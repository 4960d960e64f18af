"""Programs that either restore a checkpoint or train and save one, never both in one run (issue 16, held-out 14):
one Session whose ``if <checkpoint found>: saver.restore(...)`` has an ``else:`` that initialises, trains and saves
(session/proof.py reads the ``else:`` from the state before the ``if``), and ``train()`` / ``predict()`` functions,
each with its own Saver and Session over the module-level graph, of which the module's last ``if`` runs one
(session/library.py). Each program runs twice as the TF1 baseline (trains and saves, then restores) and migrated:
session-free, the baseline's numbers in both runs, on the TF1 checkpoint and on its own."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, run_in_a_shared_child
from session_harness import Program, compare, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

RESTORE_OR_TRAIN = """\
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(3)
xs = rng.rand(32, 2).astype(np.float32)
ys = xs.dot([[2.0], [-1.0]]) + 0.5

x = tf.placeholder(tf.float32, [None, 2])
y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable(tf.zeros([2, 1]), name="W")
b = tf.Variable(tf.zeros([1]), name="b")
loss = tf.reduce_mean(tf.square(tf.matmul(x, W) + b - y))
train_op = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
saver = tf.train.Saver()

with tf.Session() as sess:
    path = tf.train.latest_checkpoint("model")
    if path:
        saver.restore(sess, path)
        print("restored", sess.run(W).ravel(), sess.run(b), sess.run(loss, feed_dict={x: xs, y: ys}))
    else:
        sess.run(tf.global_variables_initializer())
        for step in range(20):
            _, l = sess.run([train_op, loss], feed_dict={x: xs, y: ys})
            if step % 5 == 0:
                print(step, l)
        saver.save(sess, "model/linear.ckpt")
        print("trained", sess.run(W).ravel(), sess.run(b))
"""

TRAIN_OR_PREDICT = """\
import os

import numpy as np
import tensorflow as tf

CHECKPOINT_DIR = "saved"
data = np.linspace(-1.0, 1.0, 24, dtype=np.float32).reshape(12, 2)
labels = (data[:, :1] * 3.0 - data[:, 1:] + 0.25).astype(np.float32)

inputs = tf.placeholder(tf.float32, [None, 2])
targets = tf.placeholder(tf.float32, [None, 1])
weights = tf.Variable(tf.ones([2, 1]), name="weights")
bias = tf.Variable(0.0, name="bias")
prediction = tf.matmul(inputs, weights) + bias
cost = tf.reduce_mean(tf.square(prediction - targets))
optimize = tf.train.AdamOptimizer(0.05).minimize(cost)


def train():
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for epoch in range(12):
            _, c = sess.run([optimize, cost], feed_dict={inputs: data, targets: labels})
            if epoch % 3 == 0:
                print("epoch", epoch, "cost", c)
        os.makedirs(CHECKPOINT_DIR, exist_ok=True)
        saver.save(sess, os.path.join(CHECKPOINT_DIR, "model.ckpt"))


def predict():
    saver = tf.train.Saver()
    with tf.Session() as sess:
        ckpt = tf.train.get_checkpoint_state(CHECKPOINT_DIR)
        saver.restore(sess, ckpt.model_checkpoint_path)
        print("weights", sess.run(weights).ravel(), "bias", sess.run(bias))
        print("predictions", sess.run(prediction, feed_dict={inputs: data[:3]}).ravel())


if os.path.exists(os.path.join(CHECKPOINT_DIR, "checkpoint")):
    predict()
else:
    train()
"""

# Without ``name=``, ``predict()``'s restore names ``bias`` as TF1 did (``Variable_1``) and ``train()``'s rewrite
# does not need to: the module keeps the named variable, which ``train()``'s object-based checkpoint ignores.
UNNAMED = TRAIN_OR_PREDICT.replace(', name="weights")', ")").replace(', name="bias")', ")")
PROGRAMS = {"restore_or_train": RESTORE_OR_TRAIN, "train_or_predict": TRAIN_OR_PREDICT, "unnamed": UNNAMED}
META = {"random": "none", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-", "checkpoint": "resume"}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([Program(name, source, META) for name, source in PROGRAMS.items()])


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_the_training_run_and_the_restoring_run_keep_the_baseline_numbers(outcomes, name) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    same, why = outcome.resume_match()  # the migrated program restores the checkpoint the TF1 program wrote
    assert same, why
    assert "Saver" not in outcome.migrated_text and "tf.train.Checkpoint(" in outcome.migrated_text


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_the_migrated_program_restores_its_own_checkpoint(outcomes, name, tmp_path) -> None:
    outcome = outcomes[name]
    first = run_in_a_shared_child(outcome.migrated_text, tmp_path, graph=False)
    second = run_in_a_shared_child(outcome.migrated_text, tmp_path, graph=False)
    for want, got in ((outcome.baseline.stdout, first), (outcome.baseline_resume.stdout, second)):
        same, why = compare(want, got, outcome.program, strict=True)
        assert same, (why, want, got)


def test_the_variable_keeps_the_name_a_restore_reads(outcomes) -> None:
    assert 'bias = tf.Variable(0.0, name="Variable_1")' in outcomes["unnamed"].migrated_text


def test_functions_both_run_are_read_as_sequential_runs() -> None:
    """``train()`` then ``predict()`` in one process: each TF1 Session starts the module-level variables over, but
    ``predict()`` restores every one of them from what ``train()`` saved before it reads any, so the eager variables
    carrying ``train()``'s values agree (session/sequential_runs.py; run on TF by the fixture
    TFM201/eager_train_then_test_restore)."""
    source = TRAIN_OR_PREDICT.replace(
        'if os.path.exists(os.path.join(CHECKPOINT_DIR, "checkpoint")):\n    predict()\nelse:\n    train()\n',
        "train()\npredict()\n",
    )
    result = migrate_source(source, Options(), "program.py")
    reasons = [f.message for f in result.followups if f.code == "TFM201"]
    assert not reasons, reasons
    text = result.migrated or ""
    assert "Session" not in text and "compat.v1" not in text, text
    assert text.index("def predict():") < text.index("restore_checkpoint(ckpt.model_checkpoint_path)"), text
