"""Small constructs that kept real TF1 learner programs (held-out sets 9-10) in the graph tier or printed another
text (issue 16): variable-scope reuse that reuses nothing (inert_reuse.py), ``tf.argmax(sess.run(y_hat, feed), 1)
.eval()`` (nested_runs.py), a learning rate fed through a placeholder (fed_rates.py) and a fed placeholder fetched
back (fed_fetches.py). Each program runs as the TF1 baseline (``tf.compat.v1`` + ``disable_v2_behavior()``) and,
migrated, on TF 2.21: session-free with the baseline's numbers (the programs in the shape of public ones are
tests/programs/blockers_*.py); what is not shown equal keeps the graph tier with its reason."""

from __future__ import annotations

import textwrap

import pytest
from program_checks import assert_session_free_with_baseline_numbers, eager, reasons_by_line
from session_harness import Program, evaluate, load_programs

SHAPED = [
    "blockers_reuse_scope_tf_variable_helpers",
    "blockers_train_or_test_nested_runs",
    "blockers_fed_learning_rate_decay",
    "hunkim_lab03_1_minimizing_cost",
]
META = {"random": "seeded", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}

TOWERS = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(3)
rng = np.random.RandomState(0)
data_x = rng.rand(40, 3).astype(np.float32)
data_y = data_x.dot(np.array([[1.0], [-1.0], [2.0]], dtype=np.float32))


def dense(x, n_in, n_out):
    w = tf.Variable(tf.random_normal([n_in, n_out], stddev=0.1))
    b = tf.Variable(tf.zeros([n_out]))
    return tf.matmul(x, w) + b


x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.float32, [None, 1])
{towers}
loss = tf.reduce_mean(tf.square(train_out - y))
test_loss = tf.reduce_mean(tf.square(test_out - y))
opt = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(20):
        sess.run(opt, feed_dict={{x: data_x, y: data_y}})
    print(sess.run(loss, feed_dict={{x: data_x, y: data_y}}))
    print(sess.run(test_loss, feed_dict={{x: data_x, y: data_y}}))
"""
REUSES = {
    "reuse_as_scope": """\
with tf.variable_scope("model") as scope:
    train_out = dense(x, 3, 1)
    scope.reuse_variables()
    test_out = dense(x, 3, 1)""",
    "reuse_flag_own_scope": """\
train_out = dense(x, 3, 1)
with tf.variable_scope("test", reuse=tf.AUTO_REUSE):
    test_out = dense(x, 3, 1)""",
    "reuse_in_name_scope": """\
with tf.variable_scope("model"):
    with tf.name_scope("train"):
        train_out = dense(x, 3, 1)
        tf.get_variable_scope().reuse_variables()
    test_out = dense(x, 3, 1)""",
    "reuse_at_root_then_sgd": """\
train_out = dense(x, 3, 1)
tf.get_variable_scope().reuse_variables()
test_out = dense(x, 3, 1)""",
}
VARIANTS = {name: TOWERS.format(towers=towers) for name, towers in REUSES.items()}
# The root scope reuses to the end of the program: gradient descent's minimize() after it builds no variable.
# A scope entered twice, its second reuse flag inert (the helper makes tf.Variables): no Saver reads TF1's numbered
# second scope (model_1/...), so the eager program with its own variables per entry prints TF1's numbers.
VARIANTS["scope_entered_twice_inert_reuse"] = TOWERS.format(
    towers='with tf.variable_scope("model"):\n    train_out = dense(x, 3, 1)\n'
    'with tf.variable_scope("model", reuse=True):\n    test_out = dense(x, 3, 1)'
)
VARIANTS["reuse_at_root_then_sgd"] = VARIANTS["reuse_at_root_then_sgd"].replace(
    "opt = tf.train.GradientDescentOptimizer(0.1).minimize(loss)",
    "optimizer = tf.train.GradientDescentOptimizer(0.1)\nopt = optimizer.minimize(loss)",
)

CLASSIFIER = """\
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(3)
x_train = rng.rand(60, 4).astype(np.float32)
y_train = np.eye(3, dtype=np.float32)[rng.randint(0, 3, 60)]
x_test = x_train[:5]

x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 3])
W = tf.Variable(tf.zeros([4, 3]))
b = tf.Variable(tf.zeros([3]))
y_hat = tf.nn.softmax(tf.matmul(x, W) + b)
cost = tf.reduce_mean(-tf.reduce_sum(y * tf.log(y_hat + 1e-8), axis=1))
train = tf.train.GradientDescentOptimizer(0.5).minimize(cost)
acc = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(y_hat, 1), tf.argmax(y, 1)), tf.float32))
{session}
"""
VARIANTS["nested_runs_interactive"] = CLASSIFIER.format(
    session="""\
sess = tf.InteractiveSession()
sess.run(tf.global_variables_initializer())
for step in range(30):
    sess.run(train, feed_dict={x: x_train, y: y_train})
print("predicted", tf.argmax(sess.run(y_hat, feed_dict={x: x_test}), 1).eval())
print("mean", tf.reduce_mean(tf.cast(sess.run(y_hat, {x: x_test}), tf.float64), axis=0).eval())
print(f"accuracy {np.mean(sess.run(acc, feed_dict={x: x_train, y: y_train})):.4f}")
labels = np.argmax(y_train[:5], 1)
print("hits", tf.reduce_sum(tf.cast(tf.equal(tf.argmax(sess.run(y_hat, {x: x_test}), 1), labels), tf.int32)).eval())"""
)

RATED = """\
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(5)
data_x = rng.rand(80, 4).astype(np.float32)
data_y = data_x.dot(np.array([[1.5], [-2.0], [0.5], [1.0]], dtype=np.float32)) + 0.2

x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 1])
lr = tf.placeholder(tf.float32, shape=[])
W = tf.Variable(tf.zeros([4, 1]))
b = tf.Variable(tf.zeros([1]))
cost = tf.reduce_mean(tf.square(tf.matmul(x, W) + b - y))
opt = tf.train.{optimizer}.minimize(cost)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(6):
        for start in range(0, 80, 20):
            sess.run(opt, feed_dict={{x: data_x[start:start + 20], y: data_y[start:start + 20], lr: {rate}}})
        print(epoch, sess.run(cost, feed_dict={{x: data_x, y: data_y}}))
    print(sess.run(W).ravel(), sess.run(b))
"""
DECAYED = "0.1 * 0.9 ** epoch"
VARIANTS |= {
    "fed_rate_adam": RATED.format(optimizer="AdamOptimizer(lr)", rate=DECAYED),
    "fed_rate_adagrad": RATED.format(optimizer="AdagradOptimizer(lr)", rate="float(0.5 / (epoch + 1))"),
    # TF1Momentum keeps TF1's unscaled accumulation, so a falling rate steps as TF1 stepped
    "fed_rate_momentum": RATED.format(optimizer="MomentumOptimizer(lr, 0.9)", rate=DECAYED),
    "fed_rate_rmsprop_momentum": RATED.format(
        optimizer="RMSPropOptimizer(lr, momentum=0.9)", rate="0.01 / (1 + epoch)"
    ),
    "fed_rate_sgd_listed": RATED.format(
        optimizer="GradientDescentOptimizer(learning_rate=lr)", rate="rates[epoch]"
    ).replace("with tf.Session() as sess:", "rates = [0.2, 0.2, 0.1, 0.1, 0.05, 0.05]\nwith tf.Session() as sess:"),
}
# A rate fed from a call with state (each call a smaller rate): TF1 called it once per run, as the feed was built; the
# eager step binds the call on the line before its step (session/fed_values.py), once per run too.
VARIANTS["fed_rate_from_a_stateful_call"] = RATED.format(
    optimizer="GradientDescentOptimizer(lr)", rate="next_rate()"
).replace(
    "with tf.Session() as sess:",
    "rates = [0.11]\n\n\ndef next_rate():\n    rates.append(rates[-1] * 0.98)\n    return rates[-1]\n\n\n"
    "with tf.Session() as sess:",
)
# hunkim's labs' shape: the feed built as a named dict first, the run fetching the cost with the step.
VARIANTS["fed_rate_named_feed"] = RATED.format(optimizer="AdamOptimizer(learning_rate=lr)", rate=DECAYED).replace(
    "            sess.run(opt, feed_dict={x: data_x[start:start + 20], y: data_y[start:start + 20], lr: 0.1 * 0.9 ** epoch})",
    "            feed_dict = {x: data_x[start:start + 20], y: data_y[start:start + 20], lr: 0.1 * 0.9 ** epoch}\n"
    "            c, _ = sess.run([cost, opt], feed_dict=feed_dict)",
)
# A fed placeholder fetched back: TF1 returns the array it made of the feed, a 0-d ndarray for a scalar.
VARIANTS["fetched_feed_numpy"] = """\
import numpy as np
import tensorflow as tf

X = [1.0, 2.0, 3.0]
W = tf.placeholder(tf.float32)
cost = tf.reduce_mean(tf.square(X * W - X))
with tf.Session() as sess:
    values = []
    for i in range(-3, 4):
        curr_cost, curr_W = sess.run([cost, W], feed_dict={W: i * 1.0})
        values.append(curr_W)
    print(values)
    print(repr(sess.run(W, feed_dict={W: 2})), type(sess.run(W, {W: np.arange(3)})).__name__)
"""
VARIANTS["fetched_feed_no_numpy"] = (
    VARIANTS["fetched_feed_numpy"].replace("import numpy as np\n", "").replace("np.arange(3)", "[0, 1, 2]")
)


def _in_main(source: str) -> str:
    """The program from its first placeholder on, held by ``def main():`` and called once (functions.py)."""
    head, body = source.split("x = tf.placeholder", 1)
    return head + "def main():\n" + textwrap.indent("x = tf.placeholder" + body, "    ") + "\n\nmain()\n"


for held in ("reuse_in_name_scope", "nested_runs_interactive", "fed_rate_named_feed"):
    VARIANTS[f"{held}_in_main"] = _in_main(VARIANTS[held])
TEXT_EQUAL = ["hunkim_lab03_1_minimizing_cost", "fetched_feed_numpy", "fetched_feed_no_numpy"]
RESUMED = {"blockers_train_or_test_nested_runs"}


@pytest.fixture(scope="module")
def outcomes():
    programs = load_programs(SHAPED) + [Program(name, source, META) for name, source in VARIANTS.items()]
    return evaluate(programs)


@pytest.mark.parametrize("name", SHAPED + sorted(VARIANTS))
def test_runs_eagerly_with_the_baseline_numbers(outcomes, name) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    resumed, why = outcome.resume_match()
    assert resumed, why


@pytest.mark.parametrize("name", TEXT_EQUAL)
def test_a_fetched_feed_prints_the_baseline_text(outcomes, name) -> None:
    outcome = outcomes[name]
    assert outcome.migrated is not None and outcome.migrated.stdout == outcome.baseline.stdout


def test_the_fetched_feed_is_a_0d_array_in_the_baseline(outcomes) -> None:
    """The text test would pass with scalars on both sides: the baseline prints arrays."""
    printed = outcomes["fetched_feed_numpy"].baseline.stdout
    assert "array(-3., dtype=float32)" in printed and "ndarray" in printed


def test_the_train_or_test_program_restores_in_its_second_run(outcomes) -> None:
    outcome = outcomes["blockers_train_or_test_nested_runs"]
    assert outcome.migrated_resume is not None and "restored prediction" in outcome.migrated_resume.stdout
    assert "tf.argmax(y_hat(x_test), 1).numpy()" in (outcome.migrated_text or "")


def test_the_test_net_keeps_its_own_variables(outcomes) -> None:
    """TF1 gives the reused scope's tf.Variable helpers new variables: the untrained test net's loss stays high."""
    for name in REUSES:
        train_loss, test_loss = (float(v) for v in outcomes[name].baseline.stdout.split())
        assert test_loss > 5 * train_loss, name
    text = eager(VARIANTS["reuse_as_scope"])
    assert "reuse_variables" not in text and "as scope" not in text
    assert text.count("dense_variables(3, 1") == 2


def test_a_fed_rate_becomes_a_variable_assigned_before_the_step() -> None:
    text = eager(RATED.format(optimizer="GradientDescentOptimizer(lr)", rate=DECAYED))
    assert "lr = tf.Variable(0.0, trainable=False)" in text
    assert "optimizer = tf.keras.optimizers.SGD(learning_rate=lambda: lr)" in text
    assert "        lr.assign(0.1 * 0.9 ** epoch)\n        opt(" in text


def test_the_fed_rates_change_the_steps_in_the_baseline(outcomes) -> None:
    """A program that ignored the fed rate would not print the baseline's costs: at a constant rate they differ."""
    constant = RATED.format(optimizer="AdamOptimizer(lr)", rate="0.1")
    decayed = outcomes["fed_rate_adam"]
    other = evaluate([Program("fed_rate_adam_constant", constant, META)])["fed_rate_adam_constant"]
    assert other.baseline.ok and other.baseline.stdout != decayed.baseline.stdout


REUSE_REFUSED = (
    "tf.get_variable_scope.reuse_variables is called outside a `name = ...` graph definition (its op is not modelled)"
)


@pytest.mark.parametrize(
    ("source", "line", "reason"),
    [
        pytest.param(
            TOWERS.format(towers=REUSES["reuse_in_name_scope"]).replace(
                "    test_out = dense(x, 3, 1)", "    test_out = tf.layers.dense(x, 1)"
            ),
            21,
            REUSE_REFUSED,
            id="a tf.layers layer after the reuse",
        ),
        pytest.param(
            TOWERS.format(towers=REUSES["reuse_in_name_scope"]).replace(
                "    test_out = dense(x, 3, 1)",
                "    test_out = tf.matmul(x, tf.get_variable('w', [3, 1]))",
            ),
            21,
            REUSE_REFUSED,
            id="a get_variable after the reuse",
        ),
        pytest.param(
            TOWERS.format(
                towers="train_out = dense(x, 3, 1)\ntf.get_variable_scope().reuse_variables()\ntest_out = dense(x, 3, 1)"
            ).replace("GradientDescentOptimizer(0.1)", "AdamOptimizer(0.1)"),
            19,
            REUSE_REFUSED,
            id="an optimizer with slots built after a root reuse",
        ),
        pytest.param(
            RATED.format(optimizer="GradientDescentOptimizer(lr)", rate=DECAYED).replace(
                "    print(sess.run(W).ravel(), sess.run(b))",
                "    print(sess.run(W).ravel(), sess.run(b))\n    tf.train.Saver().save(sess, './model')",
            ),
            23,  # the Saver's line, whose follow-up names the rate's
            "(`learning_rate` is the placeholder `lr`, fed by the runs) (line 14)",
            id="a fed rate beside a Saver, which would save one variable more",
        ),
        pytest.param(
            RATED.format(optimizer="GradientDescentOptimizer(lr)", rate=DECAYED).replace(
                "        print(epoch,", "        sess.run(opt, feed_dict={x: data_x, y: data_y})\n        print(epoch,"
            ),
            14,
            "(`learning_rate` is the placeholder `lr`, fed by the runs)",
            id="a step run without the rate (TF1 raised)",
        ),
        pytest.param(
            RATED.format(optimizer="GradientDescentOptimizer(lr)", rate=DECAYED).replace(
                "sess.run(opt, feed_dict=", "opt.run(feed_dict="
            ),
            14,
            "(`learning_rate` is the placeholder `lr`, fed by the runs)",
            id="a step's own run (op.run) feeding the rate",
        ),
        pytest.param(
            VARIANTS["fed_rate_named_feed"].replace(
                "            c, _ = sess.run(",
                "            sess.run(cost, feed_dict={x: data_x, y: data_y, lr: 0.5})\n            c, _ = sess.run(",
            ),
            14,
            "(`learning_rate` is the placeholder `lr`, fed by the runs)",
            id="another feed of the rate between a named feed and its run",
        ),
    ],
)
def test_what_is_not_shown_equal_keeps_the_graph_tier(source: str, line: int, reason: str) -> None:
    followups = reasons_by_line(source)
    assert len(followups) == 1, followups
    assert followups[0][0] == line and reason in followups[0][1], followups


def test_an_evaluated_op_beside_a_graph_value_keeps_its_reason() -> None:
    """``.eval()`` would run ``y`` apart in TF1 (and needs its feed): not read as one run."""
    source = CLASSIFIER.format(
        session="""\
sess = tf.InteractiveSession()
sess.run(tf.global_variables_initializer())
print(tf.equal(tf.argmax(sess.run(y_hat, feed_dict={x: x_test}), 1), tf.argmax(y, 1)).eval())"""
    )
    followups = reasons_by_line(source)
    assert len(followups) == 1 and "sess.run" in followups[0][1], followups


def test_an_evaluated_op_that_draws_keeps_its_reason() -> None:
    source = CLASSIFIER.format(
        session="""\
sess = tf.InteractiveSession()
sess.run(tf.global_variables_initializer())
print(tf.nn.dropout(sess.run(y_hat, feed_dict={x: x_test}), 0.5).eval())"""
    )
    followups = reasons_by_line(source)
    assert len(followups) == 1 and "sess.run" in followups[0][1], followups
