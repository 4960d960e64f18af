"""Lambdas that build ops and variables built in a list comprehension (held-out 26, blocker 4: Kyuye's unrolled RNN;
session/builder_lambdas.py, session/variable_comprehensions.py).

``init_val = lambda x, y: tf.truncated_normal(shape=(x, y))`` is a function: each call builds a new op, read by one
variable's initializer, as a one-expression ``def`` would; ``Wo = [tf.Variable(...) for _ in range(time_step)]``
builds one variable per value of a range the code tells, as the list written out does. Run as the TF1 baseline and
migrated on TF 2.21 (tests/programs/kyuye_lambda_initial_values.py, unseeded as the original; a seeded comprehension
compared number by number); what is not shown equal keeps the graph tier with a true reason."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, eager, reasons
from session_harness import Program, evaluate, load_programs

TRAIN = """\
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        _, l = sess.run([train, loss])
        print("loss: ", l)
"""

SEEDED = (
    """\
import tensorflow as tf

tf.set_random_seed(3)
steps = 4
Wi = tf.Variable(tf.truncated_normal(shape=(3, 2)))
Wo = [tf.Variable(tf.truncated_normal(shape=(2, 2), stddev=0.5)) for _ in range(steps)]
scale = [tf.Variable(float(k + 1)) for k in range(1, steps + 1)]
loss = 0
for i in range(steps):
    loss += tf.reduce_sum(tf.matmul(tf.matmul(tf.ones([1, 3]), Wi), Wo[i]) * scale[i]) ** 2
train = tf.train.GradientDescentOptimizer(0.001).minimize(loss)
"""
    + TRAIN.replace("range(3)", "range(5)")
    + "    print(sess.run(Wo[3]), sess.run(scale[2]))\n"
)

LAMBDA = (
    """\
import tensorflow as tf

init_val = lambda x, y: tf.truncated_normal(shape=(x, y))
W1 = tf.Variable(init_val(2, 3))
W2 = tf.Variable(init_val(3, 1))
loss = tf.reduce_sum(tf.matmul(tf.matmul(tf.ones([1, 2]), W1), W2) ** 2)
train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
"""
    + TRAIN
)


def test_lambda_initial_values_and_a_variable_comprehension_run_eagerly() -> None:
    program = load_programs(["kyuye_lambda_initial_values"])[0]
    outcome = evaluate([program])[program.name]
    assert_session_free_with_baseline_numbers(outcome)
    assert "init_val = lambda x, y: tf.random.truncated_normal(" in outcome.migrated_text
    assert "for _ in range(time_step)]" in outcome.migrated_text


SEEDED_LAMBDAS = {
    "seeded_builder_lambda": LAMBDA.replace(
        "import tensorflow as tf\n", "import tensorflow as tf\ntf.set_random_seed(1)\n"
    ),
    # a default: the same function as ``def init_val(x, y=3)``
    "seeded_builder_lambda_default": LAMBDA.replace(
        "import tensorflow as tf\n", "import tensorflow as tf\ntf.set_random_seed(1)\n"
    )
    .replace("lambda x, y:", "lambda x, y=3:")
    .replace("init_val(2, 3)", "init_val(2)"),
    # bound twice: each binding read where it is in effect (later_rebinds.py), each then a helper of its own
    "seeded_builder_lambda_rebound": LAMBDA.replace(
        "import tensorflow as tf\n", "import tensorflow as tf\ntf.set_random_seed(1)\n"
    ).replace(
        "W2 = tf.Variable(init_val(3, 1))\n",
        "init_val = lambda x, y: tf.random_uniform((x, y))\nW2 = tf.Variable(init_val(3, 1))\n",
    ),
    "seeded_variable_comprehension": SEEDED,
}


@pytest.mark.parametrize("name", sorted(SEEDED_LAMBDAS))
def test_seeded_lambdas_and_comprehensions_draw_tf1s_numbers(seeded_outcomes, name: str) -> None:
    assert_session_free_with_baseline_numbers(seeded_outcomes[name])


@pytest.fixture(scope="module")
def seeded_outcomes():
    return evaluate([Program(name, source, {"random": "seeded"}) for name, source in SEEDED_LAMBDAS.items()])


def test_a_builder_lambda_is_kept_as_a_lambda() -> None:
    assert "init_val = lambda x, y: tf.random.truncated_normal(shape=(x, y))\n" in eager(LAMBDA)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        # called in a comprehension of variables: one op per element in TF1, each its own op seed
        (
            ("W2 = tf.Variable(init_val(3, 1))\n", "W2 = [tf.Variable(init_val(3, 1)) for _ in range(2)]\n"),
            "seeded random op tf.truncated_normal inside function `init_val`: TF1 gave the op each call builds an op "
            "seed of its own, eager TF2 would draw every call from one",
        ),
        # a range the code does not tell: how many variables is not known before the program runs
        (
            ("W2 = tf.Variable(init_val(3, 1))\n", "W2 = [tf.Variable(init_val(3, 1)) for _ in range(int(input()))]\n"),
            "tf.Variable is built inside an expression",
        ),
    ],
)
def test_what_is_not_shown_equal_keeps_the_graph_tier(change, reason) -> None:
    seeded = LAMBDA.replace("import tensorflow as tf\n", "import tensorflow as tf\ntf.set_random_seed(1)\n")
    found = reasons(seeded.replace(*change).replace("), W2)", "), W2[1])"))
    assert len(found) == 1 and f": {reason}" in found[0], found
