"""Two graph classes, each run as a temporary (``Trainer().run()`` then ``Evaluator().go()`` under the main guard;
review 43's t6 and t7): each class is its own instance, its constructor's locals its own. The report said "`w`,
which the rewrite binds inside class `A`, is read by the module" (the other class's constructor has a local `w` of
its own, read nowhere else) and, where both methods are named `run`, "method `run` ... is called by more than one
statement" (the other call runs the other class's `run`, on an instance only that class constructs). Neither was
true; with both read as what they are, the program runs eagerly: run as the TF1 baseline and migrated on TF 2.21,
session-free with the baseline's numbers (the second class's variable drawn under the first's graph seed, as TF1
drew it in the one default graph)."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, evaluate_sources, reasons

TWO_CLASSES = """\
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
X = rng.rand(16, 4).astype(np.float32)


class Trainer(object):
    def __init__(self):
        tf.set_random_seed(3)
        self.x = tf.placeholder(tf.float32, [None, 4])
        w = tf.Variable(tf.random_normal([4, 1]), name="w")
        self.out = tf.reduce_sum(tf.matmul(self.x, w))

    def run(self):
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print("trainer %.6f" % sess.run(self.out, feed_dict={self.x: X}))


class Evaluator(object):
    def __init__(self):
        self.x = tf.placeholder(tf.float32, [None, 4])
        w = tf.Variable(tf.random_normal([4, 1]), name="w")
        self.out = tf.reduce_mean(tf.matmul(self.x, w))

    def go(self):
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print("evaluator %.6f" % sess.run(self.out, feed_dict={self.x: X}))


if __name__ == "__main__":
    Trainer().run()
    Evaluator().go()
"""
SAME_METHOD_NAME = TWO_CLASSES.replace("def go(self):", "def run(self):").replace(
    "Evaluator().go()", "Evaluator().run()"
)
SOURCES = {"distinct_method_names": TWO_CLASSES, "same_method_name": SAME_METHOD_NAME}
META = {"random": "seeded", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}


def test_neither_the_other_class_s_local_nor_its_method_of_the_same_name_is_named() -> None:
    assert "def run(self):" in SAME_METHOD_NAME and ".go()" not in SAME_METHOD_NAME
    for source in SOURCES.values():
        assert reasons(source) == []


@pytest.fixture(scope="module")
def outcomes():
    return evaluate_sources(SOURCES, META)


@pytest.mark.parametrize("name", list(SOURCES))
def test_two_temporaries_of_two_classes_run_eagerly_on_the_baseline_s_numbers(outcomes, name) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    assert outcome.migrated.stdout.count("trainer") == outcome.migrated.stdout.count("evaluator") == 1
