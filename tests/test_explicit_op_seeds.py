"""Op-level seeds (``tf.nn.dropout(h, keep_prob, seed=3)``, ``tf.random_normal(shape, seed=1)``) in the train step,
and a dropout network whose loss and accuracy one run fetches, migrated and run on TF 2.21 against the TF1 Session.

An explicit op seed names TF1's stream ``(graph seed, op seed)`` itself: the traced step draws a dropout seeded so
from a Generator on that stream (dropout_streams.py) whatever the batch size of each run, two dropouts with seeds
of their own each keep theirs, a step drawing ``tf.random_normal(..., seed=1)`` runs eagerly on the op's kernel,
and without a graph seed the op seed alone gives TF1's numbers too. Two ops given one op seed keep the graph tier.

``sess.run([loss, accuracy], feed_dict={keep_prob: 0.5})`` computes both from one dropout mask; eager calls of
``loss`` and ``accuracy`` would draw two. The run keeps the graph tier, its follow-up naming that line, and the
program prints TF1's numbers there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from program_checks import reasons_by_line
from session_harness import Program, evaluate, numbers

PROGRAM = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(7)
x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 3])
keep_prob = tf.placeholder(tf.float32)
noisy = x
w1 = tf.Variable(tf.truncated_normal([4, 8], stddev=0.1, seed=2))
b1 = tf.Variable(tf.constant(0.1, shape=[8]))
h = tf.nn.relu(tf.matmul(noisy, w1) + b1)
h_drop = tf.nn.dropout(h, keep_prob, seed=3)
w2 = tf.Variable(tf.truncated_normal([8, 3], stddev=0.1, seed=4))
b2 = tf.Variable(tf.constant(0.1, shape=[3]))
logits = tf.matmul(h_drop, w2) + b2
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

rng = np.random.RandomState(0)
xs = rng.randn(64, 4).astype(np.float32)
ys = np.eye(3, dtype=np.float32)[rng.randint(0, 3, 64)]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(6):
        n = 64 if step % 2 else 23
        _, l = sess.run([train_step, loss], feed_dict={x: xs[:n], y: ys[:n], keep_prob: 0.5})
        print(step, l)
    print(sess.run(w2)[0])
"""
SECOND_DROPOUT = (
    "logits = tf.matmul(h_drop, w2) + b2\n",
    "logits = tf.nn.dropout(tf.nn.relu(tf.matmul(h_drop, w2)), keep_prob, seed=5) + b2\n",
)
NOISE = ("noisy = x\n", "noisy = x + tf.random_normal(tf.shape(x), stddev=0.1, seed=1)\n")
NO_GRAPH_SEED = ("tf.set_random_seed(7)\n", "")
CASES = {
    "dropout-seed-in-the-traced-step": ([], True),
    "two-dropouts-with-seeds-of-their-own": ([SECOND_DROPOUT], True),
    "seeded-noise-in-an-eager-step": ([NOISE], False),
    "op-seeds-without-a-graph-seed": ([NOISE, NO_GRAPH_SEED], False),
}


def _program(edits: list[tuple[str, str]]) -> str:
    source = PROGRAM
    for old, new in edits:
        assert old in source
        source = source.replace(old, new)
    return source


@pytest.mark.parametrize("name", sorted(CASES))
def test_explicit_op_seeds_in_the_step_draw_tf1s_numbers(tmp_path: Path, name: str) -> None:
    edits, traced = CASES[name]
    program = Program(name.replace("-", "_"), _program(edits), {"random": "seeded"})
    outcome = evaluate([program], root=tmp_path / "harness")[program.name]
    assert outcome.session_free, outcome.leftovers
    assert outcome.numbers_match() == (True, "same numbers"), (outcome.baseline.stdout, outcome.migrated)
    assert len(numbers(outcome.baseline.stdout)) > 3
    text = outcome.migrated_text
    assert text is not None and ("@tf.function\ndef train_step(" in text) is traced, text


def test_two_ops_given_one_op_seed_keep_the_graph_tier() -> None:
    source = _program([NOISE, ("seed=3)", "seed=1)")])
    found = reasons_by_line(source)
    assert [line for line, _ in found] == [12], found  # the dropout, the second op seeded 1
    assert "two random ops draw with op seed 1 (this one and line 8)" in found[0][1]


EVALUATION = (
    "    print(sess.run(w2)[0])\n",
    "        l, acc = sess.run([loss, accuracy], feed_dict={x: xs, y: ys, keep_prob: 0.5})\n        print(l, acc)\n",
)


def test_loss_and_accuracy_fetched_in_one_dropout_run_keep_the_graph_tier_with_tf1s_numbers(tmp_path: Path) -> None:
    source = _program([EVALUATION])
    found = reasons_by_line(source)
    assert [line for line, _ in found] == [30], found  # the run fetching both
    assert "one run fetches several values of a random tensor" in found[0][1]
    program = Program("dropout_loss_and_accuracy_in_one_run", source, {"random": "seeded"})
    outcome = evaluate([program], root=tmp_path / "harness")[program.name]
    assert outcome.numbers_match() == (True, "same numbers"), (outcome.baseline.stdout, outcome.migrated)
    assert len(numbers(outcome.baseline.stdout)) > 12
