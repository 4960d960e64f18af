"""Learning rates held in graph variables (held-out 9, blocker 2): ``a = tf.Variable(0.1)`` or
``alpha = tf.get_variable("alpha", initializer=0.01)`` given to an optimizer, never assigned or re-assigned between
training runs (``sess.run(tf.assign(lr, 0.05 * 0.95 ** epoch))``, a ``tf.assign(lr, new_lr)`` op fed each epoch).
The eager optimizer reads the variable at each step through ``lambda: lr`` (session/rate_variables.py). Each program
runs as the TF1 baseline and, migrated, on TF 2.21: session-free with the baseline's numbers (the programs in the
shape of public ones are tests/programs/lrvar_*.py). What is not shown equal keeps the graph tier with its reason."""

from __future__ import annotations

import pytest
from program_checks import reasons_by_line
from session_harness import Program, evaluate, load_programs

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

SHAPED = [
    "lrvar_linear_regression_variable_rate_saver",
    "lrvar_get_variable_rate_summaries",
    "lrvar_adam_epoch_assign_decay",
    "lrvar_momentum_variable_rate",
    "lrvar_placeholder_assign_sgd",
]

EPOCHS = """\
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(7)
data_x = rng.rand(60, 4).astype(np.float32)
data_y = data_x.dot(np.array([[1.0], [-2.0], [0.5], [2.0]], dtype=np.float32)) + 0.3

inputs = tf.placeholder(tf.float32, [None, 4])
outputs = tf.placeholder(tf.float32, [None, 1])
lr = tf.Variable(0.001, dtype=tf.float32)
W = tf.Variable(tf.zeros([4, 1]))
b = tf.Variable(tf.zeros([1]))
cost = tf.reduce_mean(tf.square(tf.matmul(inputs, W) + b - outputs))
train_step = tf.train.{optimizer}.minimize(cost{var_list})
{decay}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(5):
        {assign}
        for start in range(0, 60, 20):
            sess.run(train_step, feed_dict={{inputs: data_x[start:start + 20], outputs: data_y[start:start + 20]}})
        print(epoch, sess.run(cost, feed_dict={{inputs: data_x, outputs: data_y}}), sess.run(lr))
    print(sess.run(W).ravel(), sess.run(b))
"""
ASSIGNED = "sess.run(tf.assign(lr, 0.1 * (0.8 ** epoch)))"


def _program(optimizer: str, assign: str = ASSIGNED, decay: str = "", var_list: str = "") -> str:
    return EPOCHS.format(optimizer=optimizer, assign=assign, decay=decay, var_list=var_list)


VARIANTS = {
    "sgd_assigned": _program("GradientDescentOptimizer(lr)"),
    "adagrad_assign_op": _program("AdagradOptimizer(lr)", "sess.run(decay)", "decay = lr.assign(0.2 * 0.5 ** epoch_t)"),
    "rmsprop_assigned": _program("RMSPropOptimizer(lr, momentum=0.9)"),
    "rmsprop_centered_assigned": _program("RMSPropOptimizer(learning_rate=lr, centered=True)"),
    "adam_assign_fetched": _program("AdamOptimizer(lr)", "print(sess.run(lr.assign(0.1 / (epoch + 1))))"),
    "sgd_named_assign_fetched": _program(
        "GradientDescentOptimizer(lr)", "print(sess.run(lr_op))", "lr_op = tf.assign(lr, lr * 0.5 + 0.05)"
    ),
    "momentum_constant": _program("MomentumOptimizer(lr, 0.9)", "pass"),
    # TF1Momentum steps by lr * accumulation with TF1's kernel: a rate assigned, or assigned by a helper, is read
    # at each step as TF1 read it (Keras SGD would carry earlier rates in its stored step)
    "momentum_assigned": _program("MomentumOptimizer(lr, 0.9)"),
    "momentum_helper_assigns": _program("MomentumOptimizer(lr, 0.9)", "sess.run(half)", "half = halve(lr)").replace(
        "inputs = tf.placeholder",
        "def halve(v):\n    return tf.assign(v, v * 0.5)\n\n\ninputs = tf.placeholder",
    ),
    "all_trainables_listed": _program("GradientDescentOptimizer(lr)", var_list=", var_list=tf.trainable_variables()"),
}
# ``decay = lr.assign(...)`` reads a placeholder-free graph value: the epoch count held in a variable of its own.
VARIANTS["adagrad_assign_op"] = (
    VARIANTS["adagrad_assign_op"]
    .replace(
        "lr = tf.Variable(0.001, dtype=tf.float32)",
        "lr = tf.Variable(0.001, dtype=tf.float32)\nepoch_t = tf.Variable(0.0, trainable=False)",
    )
    .replace("        sess.run(decay)", "        sess.run(decay)\n        sess.run(epoch_t.assign_add(1.0))")
)
# RMSProp adds each step's ``lr * grad / sqrt(ms + eps)`` to its momentum in TF1 and in Keras: a decayed rate of
# the step (schedules.py) reaches it as a callable too.
VARIANTS["rmsprop_decayed"] = _program(
    "RMSPropOptimizer(decayed, momentum=0.5)", "pass", var_list=", global_step=global_step"
).replace(
    "lr = tf.Variable(0.001, dtype=tf.float32)",
    "lr = tf.Variable(0.001, dtype=tf.float32)\nglobal_step = tf.Variable(0, trainable=False)\n"
    "decayed = tf.train.exponential_decay(0.05, global_step, 3, 0.7, staircase=True)",
)
# The PTB tutorial's shape in its class: ``self._lr`` assigned from a fed placeholder by ``assign_lr(session, v)``.
VARIANTS["ptb_class_assign_lr"] = """\
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(13)
inputs_data = rng.randn(90, 5).astype(np.float32)
targets_data = np.tanh(inputs_data.dot(rng.randn(5, 1).astype(np.float32)))


class Model(object):
    def __init__(self):
        self.inputs = tf.placeholder(tf.float32, [None, 5])
        self.targets = tf.placeholder(tf.float32, [None, 1])
        self.weights = tf.Variable(tf.constant(rng.randn(5, 1).astype(np.float32) * 0.1))
        self.bias = tf.Variable(tf.zeros([1]))
        prediction = tf.tanh(tf.matmul(self.inputs, self.weights) + self.bias)
        self.cost = tf.reduce_mean(tf.square(prediction - self.targets))
        self._lr = tf.Variable(0.0, trainable=False)
        self.train_op = tf.train.GradientDescentOptimizer(self._lr).minimize(self.cost)
        self._new_lr = tf.placeholder(tf.float32, shape=[], name="new_learning_rate")
        self._lr_update = tf.assign(self._lr, self._new_lr)

    def assign_lr(self, session, lr_value):
        session.run(self._lr_update, feed_dict={self._new_lr: lr_value})


model = Model()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(5):
        model.assign_lr(sess, 1.0 * 0.5 ** max(epoch - 1, 0))
        print("Epoch: %d Learning rate: %.3f" % (epoch + 1, sess.run(model._lr)))
        for start in range(0, 90, 30):
            _, c = sess.run([model.train_op, model.cost], feed_dict={model.inputs: inputs_data[start:start + 30],
                                                                     model.targets: targets_data[start:start + 30]})
        print("Epoch: %d cost: %.5f" % (epoch + 1, c))
"""
META = {"random": "none", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}
# The Saver program with Adam: resumed from the TF1 checkpoint, the Keras optimizer takes TF1's slots (none for the
# rate, which had no gradient) and the rate variable its saved value.
SAVER = "lrvar_linear_regression_variable_rate_saver"
RESUMED = {
    "adam_saver_resumed": load_programs([SAVER])[0].source.replace("GradientDescentOptimizer(a)", "AdamOptimizer(a)")
}


@pytest.fixture(scope="module")
def outcomes():
    programs = load_programs(SHAPED) + [Program(name, source, META) for name, source in VARIANTS.items()]
    programs += [Program(name, source, {**META, "checkpoint": "resume"}) for name, source in RESUMED.items()]
    return evaluate(programs)


@pytest.mark.parametrize("name", SHAPED + sorted(VARIANTS) + sorted(RESUMED))
def test_variable_rates_run_eagerly_with_the_baseline_numbers(outcomes, name) -> None:
    outcome = outcomes[name]
    assert outcome.baseline.ok, outcome.baseline.stderr[-2000:]
    assert outcome.session_free, outcome.migration.followups
    assert outcome.runs, (outcome.migrated_text, outcome.migrated.stderr[-2000:] if outcome.migrated else None)
    same, why = outcome.numbers_match()
    assert same, (
        f"{why}\n{outcome.migrated_text}\nbaseline:\n{outcome.baseline.stdout}\nmigrated:\n{outcome.migrated.stdout}"
    )
    resumed, why = outcome.resume_match()
    assert resumed, why


def test_the_rate_changes_between_epochs_in_the_baseline(outcomes) -> None:
    """The assigned programs would pass with a constant rate if the assign did nothing: the printed rate moves."""
    printed = outcomes["sgd_assigned"].baseline.stdout.splitlines()
    rates = [float(line.split()[-1]) for line in printed[:5]]
    assert rates == pytest.approx([0.1 * 0.8**epoch for epoch in range(5)], rel=1e-6)


@pytest.mark.parametrize("name", [SAVER, "adam_saver_resumed"])
def test_the_saver_program_restores_the_rate_variable_by_its_tf1_name(outcomes, name) -> None:
    outcome = outcomes[name]
    assert outcome.migrated_resume is not None and "restored" in outcome.migrated_resume.stdout
    assert "checkpoint = tf.train.Checkpoint(W=W, b=b, a=a" in (outcome.migrated_text or "")
    assert 'a = tf.Variable(0.1, name="learning_rate")' in (outcome.migrated_text or "")


def test_the_optimizer_reads_the_variable_at_each_step() -> None:
    text = migrate_source(VARIANTS["sgd_assigned"], Options(), "program.py").migrated or ""
    assert "optimizer = tf.keras.optimizers.SGD(learning_rate=lambda: lr)" in text
    assert "lr = tf.Variable(0.001, dtype=tf.float32)" in text
    assert "lr.assign(0.1 * (0.8 ** epoch))" in text


@pytest.mark.parametrize(
    ("source", "line", "reason"),
    [
        pytest.param(
            _program("GradientDescentOptimizer(lr)").replace(
                "tf.matmul(inputs, W) + b - outputs", "tf.matmul(inputs, W) + b * lr - outputs"
            ),
            14,
            "the learning rate `lr` is a variable the minimized `cost` reads too",
            id="a loss that reads the rate",
        ),
        pytest.param(
            _program("GradientDescentOptimizer(lr)", "pass").replace(
                "outputs: data_y[start:start + 20]}", "outputs: data_y[start:start + 20], lr: 0.05}"
            ),
            21,
            "feeds `lr`, which is not a placeholder",
            id="a fed rate variable",
        ),
        pytest.param(
            _program("AdamOptimizer(lr, beta1=b)"),
            14,
            "the optimizer's hyperparameters are graph values (`beta1` reads the graph value `b`)",
            id="another hyperparameter read from a variable",
        ),
        pytest.param(
            _program("AdamOptimizer(rate)", "pass").replace(
                "lr = tf.Variable(0.001, dtype=tf.float32)", "rate = tf.placeholder(tf.float32, [])"
            ),
            14,
            "the optimizer's hyperparameters are graph values (`learning_rate` is the placeholder `rate`, fed by the "
            "runs)",
            id="a fed placeholder rate",
        ),
        pytest.param(
            _program("GradientDescentOptimizer(learning_rate=lr * 0.5)"),
            14,
            "the optimizer's hyperparameters are graph values (`learning_rate` is a schedule computed from `lr`)",
            id="a rate computed from the variable",
        ),
    ],
)
def test_rates_not_shown_equal_keep_the_graph_tier_with_their_reason(source: str, line: int, reason: str) -> None:
    followups = reasons_by_line(source)
    assert len(followups) == 1, followups
    assert followups[0][0] == line and reason in followups[0][1], followups
