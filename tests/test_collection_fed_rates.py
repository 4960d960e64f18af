"""A learning rate fed through a placeholder beside a collection read (issue 16, held-out set 27's stacked
autoencoder): ``with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):`` around the optimizers,
the batch-norm idiom, kept the placeholder rate in the graph tier, since any ``get_collection`` counted as a listing
that would see the variable the rate becomes (fed_rates.py). A ``tf.Variable(0.0, trainable=False)`` joins
GLOBAL_VARIABLES alone, so a read of UPDATE_OPS (or TRAINABLE_VARIABLES, LOSSES, ...) does not see it. Each program
runs as the TF1 baseline and, migrated, on TF 2.21: session-free with the baseline's numbers; a read that could see
the variable keeps the graph tier with the rate's reason."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, eager, reasons_by_line
from session_harness import Program, evaluate, load_programs
from test_small_blockers import DECAYED
from test_small_blockers import RATED as BLOCKERS_RATED

SHAPED = ["dncnn_class_staged_fed_rate"]
META = {"random": "seeded", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}

# test_small_blockers' decayed Adam rate, its training op built beside a collection read
ADAM = "opt = tf.train.AdamOptimizer(lr).minimize(cost)"
RATED = BLOCKERS_RATED.format(optimizer="AdamOptimizer(lr)", rate=DECAYED)


def _rated(train: str) -> str:
    return RATED.replace(ADAM, train)


# the held-out program's shape in small: a class whose builder makes the rate placeholder and trains under the
# UPDATE_OPS dependency, its fit() feeding a rate per phase
CLASS = """\
import numpy as np
import tensorflow as tf


class Net(object):
    def __init__(self, sess):
        tf.set_random_seed(0)
        self._build_net()
        self.sess = sess

    def _build_net(self):
        self.X = tf.placeholder(dtype=tf.float32, shape=[None, 6], name='X')
        self.learning_rate = tf.placeholder(dtype=tf.float32, name='learning_rate')
        W = tf.get_variable('W', shape=[6, 6], initializer=tf.glorot_uniform_initializer())
        self.output = tf.sigmoid(tf.matmul(self.X, W))
        self.loss = tf.reduce_mean(tf.square(self.X - self.output))
        t_vars = tf.trainable_variables()
        with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
            self.optim = tf.train.AdamOptimizer(self.learning_rate).minimize(self.loss, var_list=t_vars)

    def fit(self, x_train):
        self.sess.run(tf.global_variables_initializer())
        for rate in (0.05, 0.01):
            for step in range(5):
                c, _ = self.sess.run([self.loss, self.optim], feed_dict={self.X: x_train, self.learning_rate: rate})
            print("loss", c)


sess = tf.Session()
m = Net(sess)
m.fit(np.random.RandomState(2).rand(16, 6).astype(np.float32))
"""
UPDATE_OPS = f"with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):\n    {ADAM}"
LISTED = "opt = tf.train.AdamOptimizer(lr).minimize(cost, var_list=tf.get_collection({key}))"
VARIANTS = {
    "module_rate_beside_update_ops": _rated(UPDATE_OPS),
    "module_rate_trainable_var_list": _rated(LISTED.format(key="tf.GraphKeys.TRAINABLE_VARIABLES")),
    "class_rate_beside_update_ops": CLASS,
}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([*load_programs(SHAPED), *(Program(name, source, META) for name, source in VARIANTS.items())])


@pytest.mark.parametrize("name", SHAPED + sorted(VARIANTS))
def test_a_fed_rate_beside_a_collection_read_runs_eagerly_with_the_baseline_numbers(outcomes, name) -> None:
    assert_session_free_with_baseline_numbers(outcomes[name])


def test_the_rates_fed_by_phase_change_the_baseline_steps(outcomes) -> None:
    """A migrated program that kept one rate would not print the baseline's losses: at one rate they differ."""
    source = load_programs(SHAPED)[0].source
    constant = source.replace("self.learning_rate: 0.001}", "self.learning_rate: 0.01}").replace(
        "self.learning_rate: 0.0001}", "self.learning_rate: 0.01}"
    )
    assert constant != source
    other = evaluate([Program("dncnn_one_rate", constant, META)])["dncnn_one_rate"]
    assert other.baseline.ok and other.baseline.stdout != outcomes[SHAPED[0]].baseline.stdout


def test_the_class_rate_is_a_variable_assigned_before_each_step() -> None:
    text = eager(CLASS)
    assert "self.learning_rate = tf.Variable(0.0, trainable=False)" in text
    assert "learning_rate=lambda: self.learning_rate" in text
    assert "self.learning_rate.assign(rate)" in text


RATE = "(`learning_rate` is the placeholder `lr`, fed by the runs)"


@pytest.mark.parametrize(
    ("source", "line", "reason"),
    [
        pytest.param(
            _rated(LISTED.format(key="tf.GraphKeys.GLOBAL_VARIABLES")),
            14,
            RATE,
            id="a var_list of GLOBAL_VARIABLES, which would list the rate's variable",
        ),
        pytest.param(
            _rated(LISTED.format(key="key")).replace(
                "lr = tf.placeholder", "key = 'trainable_variables'\nlr = tf.placeholder"
            ),
            15,
            RATE,
            id="a collection named by a value, not a GraphKeys key",
        ),
    ],
)
def test_a_read_that_could_see_the_variable_keeps_the_graph_tier(source: str, line: int, reason: str) -> None:
    followups = reasons_by_line(source)
    assert len(followups) == 1, followups
    assert followups[0][0] == line and reason in followups[0][1], followups
