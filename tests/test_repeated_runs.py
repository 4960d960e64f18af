"""One function holding the whole Session program, run more than once (held-out 22, rh_linear_reg;
session/repeated_runs.py): each call starts with ``tf.reset_default_graph()``, the first trains and saves, the second
restores and trains on. Run twice as the TF1 baseline (the second run's first call restores the first run's
checkpoint) and migrated: session-free, the baseline's numbers in both runs, on the TF1 checkpoint and on its own.
The fixture TFM201/eager_function_run_three_times_after_reset runs three calls under the main guard, two of them
from the seeded initial values. The reset may stand at the calls instead, right before each later one (held-out 27,
dk_vae_two_models; a public sweep, tests/programs/cell_profile_sweep_reset_between_calls.py): the same reading."""

from __future__ import annotations

import pytest
from program_checks import (
    assert_resumes_like_the_baseline,
    assert_session_free_with_baseline_numbers,
    migrated_with_reasons,
    reasons,
    restored_from_the_tf1_checkpoint,
)
from session_harness import Program, evaluate, load_programs

RUN_TWICE = """\
import os

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(7)
train_X = rng.rand(40).astype(np.float32)
train_Y = (2.0 * train_X + 0.5 + 0.05 * rng.randn(40)).astype(np.float32)


def run(train=True, epochs=30):
    tf.reset_default_graph()
    tf.set_random_seed(2)
    X = tf.placeholder(tf.float32)
    Y = tf.placeholder(tf.float32)
    W = tf.Variable(tf.random_normal([]), name="weight")
    b = tf.Variable(-0.1, name="bias")
    pred = tf.add(tf.multiply(X, W), b)
    cost = tf.reduce_sum(tf.pow(pred - Y, 2)) / (2 * len(train_X))
    optimizer = tf.train.GradientDescentOptimizer(0.05).minimize(cost)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        if train:
            sess.run(tf.global_variables_initializer())
        else:
            saver.restore(sess, "./linreg/model.ckpt")
        for epoch in range(epochs):
            sess.run(optimizer, feed_dict={X: train_X, Y: train_Y})
            if epoch % 10 == 0:
                print("epoch", epoch, "cost", sess.run(cost, feed_dict={X: train_X, Y: train_Y}))
        print("W", sess.run(W), "b", sess.run(b))
        saver.save(sess, "./linreg/model.ckpt")


run(train=not os.path.exists("./linreg/checkpoint"))
run(train=False)
"""
META = {"random": "seeded", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-", "checkpoint": "resume"}


# held-out 27, dk_vae_two_models: the reset at the calls, not in the function (each run builds its own graph)
RESET_AT_CALLS = RUN_TWICE.replace("    tf.reset_default_graph()\n", "").replace(
    "run(train=False)\n", "tf.reset_default_graph()\nrun(train=False)\n"
)
RESET_AT_GUARDED_CALLS = RESET_AT_CALLS.replace(
    "run(train=not", 'if __name__ == "__main__":\n    run(train=not'
).replace("\ntf.reset_default_graph()\nrun(train=False)\n", "\n    tf.reset_default_graph()\n    run(train=False)\n")
SOURCES = {"run_twice": RUN_TWICE, "reset_at_calls": RESET_AT_CALLS, "reset_at_guarded_calls": RESET_AT_GUARDED_CALLS}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([Program(name, source, META) for name, source in SOURCES.items()])


@pytest.mark.parametrize("name", list(SOURCES))
def test_both_calls_keep_the_baseline_numbers_on_the_tf1_checkpoint(outcomes, name) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    same, why = outcome.resume_match()  # the first call restores the checkpoint the TF1 program wrote
    assert same, why
    assert "    def optimizer(X, Y):" in outcome.migrated_text  # built by each call, over that call's variables


def test_the_reset_stands_at_the_calls_in_the_reset_at_calls_programs() -> None:
    for source in (RESET_AT_CALLS, RESET_AT_GUARDED_CALLS):
        assert "    tf.reset_default_graph()\n    X =" not in source
    assert "\ntf.reset_default_graph()\nrun(train=False)" in RESET_AT_CALLS
    assert "\n    tf.reset_default_graph()\n    run(train=False)" in RESET_AT_GUARDED_CALLS


@pytest.mark.parametrize("name", ["run_twice", "reset_at_calls"])
def test_the_migrated_program_restores_its_own_checkpoint(outcomes, name, tmp_path) -> None:
    first, second = assert_resumes_like_the_baseline(outcomes[name], tmp_path)
    assert first.count("epoch 0") == second.count("epoch 0") == 2


AGAIN = "is used other than by its one call: it is called again without a bare `tf.reset_default_graph()`"


@pytest.mark.parametrize(
    ("source", "change", "reason"),
    [
        pytest.param(
            RUN_TWICE,
            ("import tensorflow as tf\n", "import tensorflow as tf\n\ntf.set_random_seed(2)\n"),
            "a seed set outside the statements of function `run`",
            id="seed outside the function",
        ),
        pytest.param(
            RUN_TWICE,
            ("    tf.set_random_seed(2)\n", "", "tf.random_normal([])", "tf.random_normal([], seed=3)"),
            "a random op given seed= in function `run`",
            id="op seed without a graph seed in the function",
        ),
        pytest.param(
            RUN_TWICE,
            ("    tf.reset_default_graph()\n", ""),
            "is used other than by its one call",
            id="no reset: the second call adds to the first call's graph",
        ),
        pytest.param(
            RESET_AT_CALLS,
            ("tf.reset_default_graph()\nrun(train=False)\n", "run(train=False)\n"),
            AGAIN,
            id="no reset between the calls: the second call adds to the first call's graph",
        ),
        pytest.param(
            RESET_AT_CALLS,
            ("run(train=not", "tf.constant(1.0)\nrun(train=not"),
            "TensorFlow is used before the first call of function `run`, which the reset before each later call "
            "does not clear for the first",
            id="graph built before the first call",
        ),
        pytest.param(
            RESET_AT_CALLS,
            (
                "tf.reset_default_graph()\nrun(train=False)\n",
                "tf.reset_default_graph()\nrun(train=False)\nrun(epochs=3)\n",
            ),
            AGAIN,
            id="a third call without its reset",
        ),
        pytest.param(
            RESET_AT_CALLS,
            (
                "tf.reset_default_graph()\nrun(train=False)\n",
                "tf.reset_default_graph()\nprint(tf.constant(2.0))\nrun(train=False)\n",
            ),
            AGAIN,
            id="graph use between the reset and the call",
        ),
        pytest.param(  # review 43, r6: the calls read under the guard, the third without its reset
            RESET_AT_GUARDED_CALLS,
            ("    run(train=False)\n", "    run(train=False)\n    run(epochs=3)\n"),
            "holds the Session program and is run more than once: it is called again without a bare "
            "`tf.reset_default_graph()` first in its body or right before each later call, so a later call builds "
            "into the graph the earlier one left",
            id="a third guarded call without its reset",
        ),
    ],
)
def test_calls_that_do_not_each_start_over_keep_the_graph_tier(source, change, reason) -> None:
    for old, new in zip(change[::2], change[1::2]):
        assert old in source
        source = source.replace(old, new)
    found = reasons(source)
    assert len(found) == 1 and reason in found[0], found


def test_the_sweep_resumes_each_call_from_its_tf1_checkpoint() -> None:
    """Three calls of one training function, a reset before each later one (a public sweep's shape): each call's
    model restores the checkpoint TF1 saved under its own directory, by TF1's names."""
    program = load_programs(["cell_profile_sweep_reset_between_calls"])[0]
    outcome = evaluate([program])[program.name]
    assert_session_free_with_baseline_numbers(outcome)
    text = restored_from_the_tf1_checkpoint(outcome)
    assert outcome.migrated_resume.stdout.count("restoring") == 3, outcome.migrated_resume.stdout
    assert text.count("\ntf.compat.v1.reset_default_graph()\n") == 2, text  # a no-op eagerly, left where it stood


# A function returning its loss, called inside a list and again inside `.append(...)` after a reset (review 43, r5):
# the section before the reset read `train` at its one call there and dropped its `def`, leaving the second call
# without a function (NameError where TF1 printed both losses).
CALLED_IN_EXPRESSIONS = """\
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
X = rng.rand(16, 4).astype(np.float32)
Y = rng.rand(16, 1).astype(np.float32)


def train(hidden):
    tf.set_random_seed(1)
    x = tf.placeholder(tf.float32, [None, 4])
    y = tf.placeholder(tf.float32, [None, 1])
    w1 = tf.Variable(tf.random_normal([4, hidden]), name="w1")
    loss = tf.reduce_mean(tf.square(tf.reduce_sum(tf.matmul(x, w1), 1, keepdims=True) - y))
    opt = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(3):
            _, l = sess.run([opt, loss], feed_dict={x: X, y: Y})
        print("hidden %d loss %.6f" % (hidden, l))
    return l


results = [train(3)]
tf.reset_default_graph()
results.append(train(4))
print(["%.6f" % r for r in results])
"""


def test_a_function_read_at_its_call_before_a_reset_and_called_after_it_keeps_the_graph_tier() -> None:
    migrated, found = migrated_with_reasons(CALLED_IN_EXPRESSIONS)
    assert [line for line, _ in found] == [26], found  # the call after the reset, in `results.append(...)`
    assert (
        "function `train` (line 9) is read at its calls before tf.reset_default_graph() and called again in another "
        "section" in found[0][1]
    ), found
    assert migrated is not None and "def train(hidden):" in migrated and "Session()" in migrated, migrated
