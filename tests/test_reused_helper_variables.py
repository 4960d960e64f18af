"""The R2RT tutorial's hand-written RNN cell (held-out set 12): a helper re-reading the module's ``W``, ``b`` through
``tf.variable_scope("rnn_cell", reuse=True)`` + ``tf.get_variable``, called in a Python loop over the ``tf.unstack``
steps that carries the state and appends it to a list (reused_helper_variables.py, loops.py).

Each program is seeded, runs as the TF1 baseline and migrated through tests/session_harness.py, and must come out
session-free with the baseline's numbers (the graph tier before); one resumes from the TF1 program's checkpoint, so the
variables must keep TF1's names (``rnn_cell/W``). The refusals show what stays as written, each for its reason."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, migrated_with_reasons
from session_harness import Program, evaluate

META = {"random": "seeded"}

CELL = """\
import os
import numpy as np
import tensorflow as tf

tf.set_random_seed(4)
batch_size = 3
num_steps = 4
num_classes = 2
state_size = 5
x = tf.placeholder(tf.int32, [batch_size, num_steps])
y = tf.placeholder(tf.int32, [batch_size, num_steps])
init_state = tf.zeros([batch_size, state_size])
rnn_inputs = tf.unstack(tf.one_hot(x, num_classes), axis=1)
"""

# The hand-written cell, its variables made once at module level, and the loop over the steps carrying the state.
HELPER = """\
with tf.variable_scope("rnn_cell"):
    W = tf.get_variable("W", [num_classes + state_size, state_size])
    b = tf.get_variable("b", [state_size], initializer=tf.constant_initializer(0.1))


def rnn_cell(rnn_input, state):
    with tf.variable_scope("rnn_cell", reuse=True):
        W = tf.get_variable("W", [num_classes + state_size, state_size])
        b = tf.get_variable("b", [state_size], initializer=tf.constant_initializer(0.1))
    return tf.tanh(tf.matmul(tf.concat([rnn_input, state], 1), W) + b)


state = init_state
rnn_outputs = []
for rnn_input in rnn_inputs:
    state = rnn_cell(rnn_input, state)
    rnn_outputs.append(state)
"""

PROGRAMS = {
    # The module binds W and b once: the helper reads them as they are. A Saver writes rnn_cell/W, rnn_cell/b and
    # out/V; the second run restores the TF1 checkpoint and trains on.
    "bound_once_resumes": CELL
    + HELPER
    + """\
final_state = state

with tf.variable_scope("out"):
    V = tf.get_variable("V", [state_size, num_classes])
logits = tf.stack([tf.matmul(o, V) for o in rnn_outputs], axis=1)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
saver = tf.train.Saver()
rng = np.random.RandomState(0)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    if os.path.exists("cell.ckpt.index"):
        saver.restore(sess, "./cell.ckpt")
    carried = np.zeros((batch_size, state_size))
    for step in range(4):
        X = rng.randint(2, size=(batch_size, num_steps))
        l, carried, _ = sess.run([loss, final_state, train], feed_dict={x: X, y: X, init_state: carried})
        print(step, l, carried[0])
    saver.save(sess, "./cell.ckpt")
""",
    # An Elman cell over two matrices read with get_variable("U") / ("V") without shape, the steps unstacked with
    # num=, the step list built by the loop read as the outputs; W and b bound again later by the softmax layer.
    "two_matrices_rebound": CELL.replace("rnn_inputs = tf.unstack(tf.one_hot(x, num_classes), axis=1)", "")
    + """\
rnn_inputs = tf.unstack(tf.one_hot(x, num_classes), num=num_steps, axis=1)
with tf.variable_scope("elman"):
    W = tf.get_variable("U", [num_classes, state_size])
    b = tf.get_variable("V", [state_size, state_size])


def step(rnn_input, state):
    with tf.variable_scope("elman", reuse=True):
        W = tf.get_variable("U")
        b = tf.get_variable("V")
    return tf.nn.relu(tf.matmul(rnn_input, W) + tf.matmul(state, b))


state = init_state
outputs = []
for rnn_input in rnn_inputs:
    state = step(rnn_input, state)
    outputs.append(state)

with tf.variable_scope("softmax"):
    W = tf.get_variable("W", [state_size, num_classes])
    b = tf.get_variable("b", [num_classes], initializer=tf.constant_initializer(0.0))
logits = [tf.matmul(o, W) + b for o in outputs]
labels = tf.unstack(y, num=num_steps, axis=1)
loss = tf.reduce_mean([tf.nn.sparse_softmax_cross_entropy_with_logits(labels=t, logits=z) for z, t in zip(logits, labels)])
train = tf.train.AdagradOptimizer(0.3).minimize(loss)
rng = np.random.RandomState(1)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(4):
        X = rng.randint(2, size=(batch_size, num_steps))
        l, last, _ = sess.run([loss, outputs[-1], train], feed_dict={x: X, y: 1 - X})
        print(i, l, last[0])
""",
}
RESUMING = {"bound_once_resumes"}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate(
        [
            Program(name, source, {**META, "checkpoint": "resume"} if name in RESUMING else META)
            for name, source in PROGRAMS.items()
        ]
    )


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_hand_written_cell_comes_out_session_free_with_the_baseline_numbers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    assert "reuse=True" not in outcome.migrated_text
    if name in RESUMING:  # the migrated program restored the baseline's checkpoint (rnn_cell/W, ...) and trained on
        assert outcome.migrated_resume is not None
        assert outcome.resume_match()[0], outcome.resume_match()[1]


def test_the_first_binding_of_a_rebound_name_takes_a_name_of_its_own(outcomes) -> None:
    text = outcomes["two_matrices_rebound"].migrated_text
    assert 'elman_W = tf.compat.v1.get_variable("U"' in text
    assert "tf.matmul(rnn_input, elman_W) + tf.matmul(state, elman_b)" in text
    assert 'W = tf.compat.v1.get_variable("W"' in text  # the softmax layer keeps its names


REFUSED = {
    # A tensor initializer is an op TF1 built on every call, even when reusing: the op-seed counter moves.
    "tensor initializer": (
        'W = tf.get_variable("W", [num_classes + state_size, state_size])',
        'W = tf.get_variable("W", initializer=tf.random_normal([num_classes + state_size, state_size]))',
    ),
    # Called inside another variable scope, the reusing scope is outer/rnn_cell: another variable (TF1 raised).
    "called in a scope": (
        "for rnn_input in rnn_inputs:\n    state = rnn_cell(rnn_input, state)\n    rnn_outputs.append(state)\n",
        'with tf.variable_scope("outer"):\n    state = rnn_cell(rnn_inputs[0], state)\n    rnn_outputs.append(state)\n',
    ),
}

REFUSAL_BASE = (
    CELL
    + HELPER
    + """\
loss = tf.reduce_mean(rnn_outputs[-1])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(loss, feed_dict={x: np.ones((batch_size, num_steps))}))
"""
)


def test_the_plain_program_converts() -> None:
    migrated, reasons = migrated_with_reasons(REFUSAL_BASE)
    assert not reasons and migrated is not None
    assert "reuse=True" not in migrated and "def rnn_cell(rnn_input, state):\n    return tf.tanh(" in migrated


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_reusing_helper_outside_the_shape_keeps_the_graph_tier(case: str) -> None:
    old, new = REFUSED[case]
    lines = REFUSAL_BASE.splitlines(keepends=True)
    source = REFUSAL_BASE.replace(old, new, 2 if case == "tensor initializer" else 1)
    assert source != REFUSAL_BASE and len(source.splitlines()) >= len(lines) - 1
    migrated, reasons = migrated_with_reasons(source)
    assert [message for _, message in reasons if "`with tf.variable_scope` in a helper" in message], reasons
    assert migrated is not None and "reuse=True" in migrated
