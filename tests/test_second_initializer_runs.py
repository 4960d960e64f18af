"""A second model built in the graph after the first trained, and the initializer run again (held-out 26, blocker 2:
aneezfatima's softmax-then-CNN tutorial; session/proof.py ``initial_values``, later_rebinds.py).

TF1's second ``sess.run(tf.global_variables_initializer())`` gives the variables made after the first run (the CNN's,
and the slots of its Adam step) their first value, which the eager variables drew at creation with the same op
seed; the earlier ones (``tf.zeros``) go back to their initial value, an assign. The names bound again
(``train_step``, ``accuracy``...) are two names in sequence. Run as the TF1 baseline and migrated on TF 2.21: the
seeded program (tests/programs/aneez_two_models_one_graph.py) prints TF1's numbers. What is not shown equal keeps
the graph tier with its reason."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import evaluate, load_programs

SMALL = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
x = tf.placeholder(tf.float32, [None, 4])
y_ = tf.placeholder(tf.float32, [None, 2])
W = tf.Variable({first})
y = tf.matmul(x, W)
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
train_step = tf.train.{optimizer}.minimize(loss)
sess = tf.InteractiveSession()
sess.run(tf.global_variables_initializer())
data = np.eye(4, dtype=np.float32), np.eye(2, dtype=np.float32)[[0, 1, 0, 1]]
for _ in range(5):
    train_step.run(feed_dict={{x: data[0], y_: data[1]}})
print(W.eval())
V = tf.Variable(tf.truncated_normal([4, 2], stddev=0.5))
loss = tf.reduce_mean(tf.square(tf.matmul(x, V) - y_))
train_step = tf.train.AdamOptimizer(0.1).minimize(loss)
sess.run(tf.global_variables_initializer())
for _ in range(5):
    train_step.run(feed_dict={{x: data[0], y_: data[1]}})
print(loss.eval(feed_dict={{x: data[0], y_: data[1]}}), W.eval(), V.eval())
"""


def test_the_second_model_trains_on_tf1s_numbers_and_the_first_is_reset() -> None:
    program = load_programs(["aneez_two_models_one_graph"])[0]
    outcome = evaluate([program])[program.name]
    assert "softmax weights reset 0.0 [0. 0. 0. 0.]" in outcome.baseline.stdout, outcome.baseline.stdout
    assert_session_free_with_baseline_numbers(outcome)


@pytest.mark.parametrize(
    ("first", "optimizer", "reason"),
    [
        # TF1 draws the earlier variable's op again at the second run: its next numbers, not the eager variable's
        (
            "tf.random_normal([4, 2])",
            "GradientDescentOptimizer(0.5)",
            "the variables are initialised again, and the initial value of `W` is not a constant (a random one in a "
            "seeded program)",
        ),
        # the first step's Adam slots go back to zeros in TF1; the eager optimizer keeps them
        (
            "tf.zeros([4, 2])",
            "AdamOptimizer(0.1)",
            "the variables are initialised again, and the optimizer state of `train_step`",
        ),
    ],
)
def test_what_the_second_run_resets_and_eager_code_cannot_keeps_the_graph_tier(first, optimizer, reason) -> None:
    found = reasons(SMALL.format(first=first, optimizer=optimizer))
    assert len(found) == 1 and f": {reason} (line 20)" in found[0], found


def test_a_step_run_before_its_optimizer_state_is_initialised_keeps_the_graph_tier() -> None:
    """Adam made after the first initializer run and run before the second: TF1 raises (its slots are
    uninitialised), the eager optimizer would make them."""
    late = SMALL.format(first="tf.zeros([4, 2])", optimizer="AdamOptimizer(0.1)")
    late = late.replace("sess = tf.InteractiveSession()\nsess.run(tf.global_variables_initializer())\n", "")
    late = late.replace(
        "W = tf.Variable(tf.zeros([4, 2]))\n",
        "W = tf.Variable(tf.zeros([4, 2]))\n"
        "sess = tf.InteractiveSession()\nsess.run(tf.global_variables_initializer())\n",
    )
    found = reasons(late)
    reason = (
        "the variables are initialised again, and the optimizer state of `train_step` is first initialised here, "
        "after a run reached `train_step` (TF1 raises at that run: it was uninitialised)"
    )
    assert len(found) == 1 and reason in found[0], found


def test_a_second_model_over_constant_earlier_variables_is_eager() -> None:
    assert reasons(SMALL.format(first="tf.zeros([4, 2])", optimizer="GradientDescentOptimizer(0.5)")) == []
