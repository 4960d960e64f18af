"""An initializer run again for the variables it lists: ``sess.run(tf.variables_initializer([weights, custom]))``
after the global initializer (TF1's variables guide: "initialize only a selected subset of variables"; held-out set
7's ic_variables).

Each listed variable is assigned its initial value again; a random one is a fresh draw of the same distribution,
which an unseeded program may take (TF1 draws from no fixed stream either). Run on TF 2.21: the listed variables
start over, the others keep their values, as in TF1. A seeded program, or a list that does not name its
variables, keeps the graph tier with the reason.
"""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate

GUIDE = """\
import tensorflow as tf

weights = tf.Variable(tf.random_normal([4, 3], stddev=0.35), name="weights")
biases = tf.Variable(tf.zeros([3]), name="biases")
custom = tf.Variable(tf.zeros([3]), name="custom")
total = tf.reduce_sum(weights) + tf.reduce_sum(biases)

init_all_op = tf.global_variables_initializer()
init_custom_op = tf.variables_initializer(var_list=[weights, custom])

with tf.Session() as sess:
    sess.run(init_all_op)
    first = sess.run(weights)
    sess.run(custom.assign_add(tf.ones([3])))
    sess.run(biases.assign_add(tf.ones([3])))
    print(sess.run(custom), sess.run(biases))
    sess.run(init_custom_op)
    print(sess.run(custom), sess.run(biases), sess.run(weights).shape)
    print("weights drawn again:", bool((sess.run(weights) != first).any()))
"""


@pytest.fixture(scope="module")
def outcome():
    program = Program(
        "listed_initializer", GUIDE, {"random": "unseeded", "exact": True, "source": "tfmigrate", "licence": "-"}
    )
    return evaluate([program])["listed_initializer"]


def test_the_listed_variables_start_over_with_the_baseline_numbers(outcome) -> None:
    assert_session_free_with_baseline_numbers(outcome)
    text = outcome.migrated_text
    assert "weights.assign(tf.random.normal([4, 3], stddev=0.35))\ncustom.assign(tf.zeros([3]))\n" in text, text
    assert "biases.assign(" not in text, text
    assert "weights drawn again: True" in outcome.baseline.stdout
    assert "weights drawn again: True" in outcome.migrated.stdout


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(
            ("import tensorflow as tf\n", "import tensorflow as tf\n\ntf.set_random_seed(1)\n"),
            "the initial value of `weights` is not a constant (a random one in a seeded program)",
            id="seeded",
        ),
        pytest.param(
            ("tf.random_normal([4, 3], stddev=0.35)", "tf.random_normal([4, 3], stddev=0.35, seed=3)"),
            "the initial value of `weights` is not a constant",
            id="op-seed",
        ),
        pytest.param(
            ("var_list=[weights, custom]", "var_list=tf.trainable_variables()"),
            "by a list that does not name them",
            id="not-a-literal-list",
        ),
    ],
)
def test_an_initializer_run_again_that_cannot_be_shown_keeps_the_graph_tier(change, reason: str) -> None:
    messages = reasons(GUIDE.replace(*change))
    assert any(reason in message for message in messages), messages
