"""Learning rates decayed by a TF1 global step (held-out 7, blocker 9): ``tf.train.exponential_decay(lr,
global_step, ...)`` / ``inverse_time_decay`` / ``piecewise_constant`` given to an optimizer whose ``minimize(..., global_step=global_step)``
counts the steps (session/schedules.py). TF1 reads the rate from the step before the run's increment; the eager
optimizer calls the rate's function in ``apply_gradients``, before the train step's ``assign_add``. Each program
runs as the TF1 baseline and, migrated, on TF 2.21: session-free with the baseline's numbers (the real program is
tests/programs/yhzhao_learning_rate_decay.py). What is not shown equal keeps the graph tier with its reason."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons_by_line
from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

FED = """\
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
x_data = rng.rand(100, 3).astype(np.float32)
y_data = x_data.dot([[1.0], [2.0], [3.0]]) + 0.5

X = tf.placeholder(tf.float32, [None, 3])
Y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable(tf.zeros([3, 1]))
b = tf.Variable(tf.zeros([1]))
loss = tf.reduce_mean(tf.square(tf.matmul(X, W) + b - Y))
global_step = tf.Variable(0, trainable=False)
learning_rate = tf.train.exponential_decay(0.1, global_step, 10, 0.5, staircase=True)
train_step = tf.train.{optimizer}(learning_rate).minimize(loss, global_step=global_step)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(40):
        _, l = sess.run([train_step, loss], feed_dict={{X: x_data, Y: y_data}})
        if step % 5 == 0:
            print(step, l, sess.run(learning_rate), sess.run(global_step))
    print(sess.run(W).ravel(), sess.run(b))
"""

SMOOTH = FED.format(optimizer="AdamOptimizer").replace(
    "tf.train.exponential_decay(0.1, global_step, 10, 0.5, staircase=True)",
    "tf.train.exponential_decay(learning_rate=0.1, global_step=global_step, decay_steps=7, decay_rate=0.9)",
)
INVERSE = FED.format(optimizer="AdagradOptimizer").replace(
    "tf.train.exponential_decay(0.1, global_step, 10, 0.5, staircase=True)",
    "tf.train.inverse_time_decay(0.5, global_step, 5, 0.5)",
)
PIECEWISE = FED.format(optimizer="GradientDescentOptimizer").replace(
    "tf.train.exponential_decay(0.1, global_step, 10, 0.5, staircase=True)",
    "tf.train.piecewise_constant(global_step, [10, 25], [0.1, 0.05, 0.01])",
)
# TF1's Momentum kernel reads the decayed rate at each step (TF1Momentum steps with it, tf1_optimizers.py).
MOMENTUM = FED.format(optimizer="MomentumOptimizer").replace(
    ".MomentumOptimizer(learning_rate)", ".MomentumOptimizer(learning_rate, 0.9)"
)
# decay_steps known before the graph runs, not a literal (held-out 14): module constants divided in a Session
# function's call (TF1 casts the float 6.0 to float32), and a host expression under a name, beside a learning rate
# name rebound to the decayed tensor.
COMPUTED_STEPS_IN_FUNCTION = """\
import numpy as np
import tensorflow as tf

NUM_EXAMPLES = 48
BATCH_SIZE = 8


def main():
    rng = np.random.RandomState(5)
    features = rng.rand(NUM_EXAMPLES, 3).astype(np.float32)
    targets = features.dot([[0.5], [-1.0], [2.0]]).astype(np.float32)
    x = tf.placeholder(tf.float32, [None, 3])
    t = tf.placeholder(tf.float32, [None, 1])
    w = tf.Variable(tf.zeros([3, 1]))
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - t))
    global_step = tf.Variable(0, trainable=False)
    learning_rate = tf.train.exponential_decay(0.05, global_step, NUM_EXAMPLES / BATCH_SIZE, 0.7, staircase=True)
    train_op = tf.train.RMSPropOptimizer(learning_rate).minimize(loss, global_step=global_step)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for epoch in range(3):
            for start in range(0, NUM_EXAMPLES, BATCH_SIZE):
                feed = {x: features[start:start + BATCH_SIZE], t: targets[start:start + BATCH_SIZE]}
                sess.run(train_op, feed_dict=feed)
            print(epoch, sess.run(loss, feed_dict={x: features, t: targets}), sess.run(learning_rate),
                  sess.run(global_step))


if __name__ == "__main__":
    main()
"""
COMPUTED_STEPS_REBOUND_RATE = """\
import numpy as np
import tensorflow as tf

x_data = np.linspace(0.0, 1.0, 100).astype(np.float32).reshape(100, 1)
y_data = 3.0 * x_data - 1.0

X = tf.placeholder(tf.float32, [None, 1])
Y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable(tf.zeros([1, 1]))
b = tf.Variable(tf.zeros([1]))
cost = tf.reduce_mean(tf.square(tf.matmul(X, W) + b - Y))
global_step = tf.Variable(0, trainable=False)
learning_rate = 0.2
decay_steps = len(x_data) / 7
decay_rate = 0.5
learning_rate = tf.train.exponential_decay(learning_rate, global_step, decay_steps, decay_rate)
train = tf.train.GradientDescentOptimizer(learning_rate).minimize(cost, global_step=global_step)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(60):
    sess.run(train, feed_dict={X: x_data, Y: y_data})
    if step % 10 == 0:
        print(step, sess.run(cost, feed_dict={X: x_data, Y: y_data}), sess.run(learning_rate), sess.run(W), sess.run(b))
"""
# ``decay_steps`` rebound after the decay: the computation reads the value it was built with (later_rebinds.py).
STEPS_REBOUND_AFTER = COMPUTED_STEPS_REBOUND_RATE.replace(
    "train = tf.train.Gradient", "decay_steps = 5\ntrain = tf.train.Gradient"
).replace("decay_rate = 0.5", "decay_rate = np.float64(0.5)")
PROGRAMS = {
    "computed_steps_in_function": COMPUTED_STEPS_IN_FUNCTION,
    "computed_steps_rebound_rate": COMPUTED_STEPS_REBOUND_RATE,
    "steps_rebound_after": STEPS_REBOUND_AFTER,
    "staircase_sgd": FED.format(optimizer="GradientDescentOptimizer"),
    "staircase_momentum": MOMENTUM,
    "smooth_adam": SMOOTH,
    "inverse": INVERSE,
    "piecewise": PIECEWISE,
}
META = {"random": "none", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([Program(name, source, META) for name, source in PROGRAMS.items()])


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_decayed_rates_run_eagerly_with_the_baseline_numbers(outcomes, name) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)


def test_the_rate_is_a_function_of_the_step_the_optimizer_calls() -> None:
    text = migrate_source(PROGRAMS["staircase_sgd"], Options(), "program.py").migrated or ""
    assert "def learning_rate():\n    return 0.1 * tf.pow(0.5, tf.floor(tf.cast(global_step, tf.float32) / 10))" in text
    assert "tf.keras.optimizers.SGD(learning_rate=learning_rate)" in text
    applied, counted = text.index("optimizer.apply_gradients("), text.index("global_step.assign_add(1)")
    assert applied < counted  # the rate is read before the step counts, as in TF1's run
    assert "exponential_decay" not in text
    computed = migrate_source(COMPUTED_STEPS_IN_FUNCTION, Options(), "program.py").migrated or ""
    assert "tf.floor(tf.cast(global_step, tf.float32) / tf.cast(NUM_EXAMPLES / BATCH_SIZE, tf.float32))" in computed
    rebound = migrate_source(COMPUTED_STEPS_REBOUND_RATE, Options(), "program.py").migrated or ""
    # the later binding of ``learning_rate`` takes a free name; the decay reads the float the name held
    assert (
        "def learning_rate_1():\n    return learning_rate * tf.pow(decay_rate, tf.cast(global_step, tf.float32) / "
        "tf.cast(decay_steps, tf.float32))"
    ) in rebound
    piecewise = migrate_source(PIECEWISE, Options(), "program.py").migrated or ""
    assert "return tf.where(global_step <= 10, 0.1, tf.where(global_step <= 25, 0.05, 0.01))" in piecewise


@pytest.mark.parametrize(
    ("source", "line", "reason"),
    [
        pytest.param(
            FED.format(optimizer="GradientDescentOptimizer").replace("trainable=False", "dtype=tf.float32"),
            15,
            "the optimizer's hyperparameters are graph values",
            id="a step variable the optimizer trains",
        ),
        pytest.param(
            FED.format(optimizer="GradientDescentOptimizer").replace("exponential_decay(0.1,", "exponential_decay(1,"),
            14,
            "tf.train.exponential_decay is left as written: its learning rate `1` is not known to be a Python float",
            id="an integer rate (TF1 computes in int32)",
        ),
        pytest.param(
            COMPUTED_STEPS_REBOUND_RATE.replace("learning_rate = 0.2", "learning_rate = np.float64(0.2)"),
            16,
            "tf.train.exponential_decay is left as written: its learning rate `learning_rate` is not known to be a "
            "Python float",
            id="a float64 rate (TF1 computes the decay in float64)",
        ),
    ],
)
def test_rates_not_shown_equal_keep_the_graph_tier_with_their_reason(source: str, line: int, reason: str) -> None:
    followups = reasons_by_line(source)
    assert len(followups) == 1, followups
    assert followups[0][0] == line and reason in followups[0][1], followups


def test_moving_averages_beside_the_train_step_keep_the_graph_tier() -> None:
    """The Caicloud book's train(mnist) step: ``variable_averages.apply(...)`` and the train step joined by
    ``tf.control_dependencies([train_step, variables_averages_op])``; TF1 sets no order between the averages and the
    update in that run, so no eager order is shown equal. The ``apply`` of ``tf.trainable_variables()`` is read
    (moving_averages lists them by name); the blocker met is the control dependency on the averages' update."""
    source = FED.format(optimizer="GradientDescentOptimizer").replace(
        "\nwith tf.Session() as sess:",
        "variable_averages = tf.train.ExponentialMovingAverage(0.99, global_step)\n"
        "variables_averages_op = variable_averages.apply(tf.trainable_variables())\n"
        "with tf.control_dependencies([train_step, variables_averages_op]):\n"
        "    train_op = tf.no_op(name='train')\n"
        "\nwith tf.Session() as sess:",
    )
    followups = reasons_by_line(source)
    assert len(followups) == 1 and followups[0][0] == 18, followups
    assert "tf.control_dependencies on `variables_averages_op` (average_update), not modelled" in followups[0][1]
