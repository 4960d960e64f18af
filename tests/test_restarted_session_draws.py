"""What a second Session's initializer run draws again (second_sessions.py), run on TF 2.21.

TF1 gives every variable its initial value again in each new Session: an unseeded random one is a new draw, and the
kernels of ``tf.layers`` are drawn again too. The eager variables live on, so a restarted Session whose initializer
run goes (nothing changed the variables) printed the first Session's numbers again, and one whose initializer run
became assigns left the layers' trained kernels in place (or failed inside the rewrite when only layers held
variables). Either the eager program draws again as TF1 did, or the program keeps the graph tier with the reason.
"""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

UNSEEDED_DRAWS = """\
import tensorflow as tf

w = tf.Variable(tf.random_uniform([3], -1.0, 1.0))
b = tf.Variable(tf.zeros([3]))
init = tf.global_variables_initializer()
with tf.Session() as sess:
    sess.run(init)
    print(sess.run(w), sess.run(b))
with tf.Session() as sess:
    sess.run(init)
    print(sess.run(w), sess.run(b))
"""

UNSEEDED_GET_VARIABLE = """\
import tensorflow as tf

w = tf.get_variable("w", [3])
init = tf.global_variables_initializer()
with tf.Session() as sess:
    sess.run(init)
    print(sess.run(w))
with tf.Session() as sess:
    sess.run(init)
    print(sess.run(w))
"""

SEEDED_LAYER = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
x_data = np.linspace(-1.0, 1.0, 8).reshape(8, 1).astype(np.float32)
y_data = 2.0 * x_data + 1.0
X = tf.placeholder(tf.float32, [None, 1])
Y = tf.placeholder(tf.float32, [None, 1])
out = tf.layers.dense(X, 1)
cost = tf.reduce_mean(tf.square(out - Y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(cost)
init = tf.global_variables_initializer()
with tf.Session() as sess:
    sess.run(init)
    for step in range(5):
        sess.run(train, feed_dict={X: x_data, Y: y_data})
    print("first", sess.run(cost, feed_dict={X: x_data, Y: y_data}))
with tf.Session() as sess:
    sess.run(init)
    print("again", sess.run(cost, feed_dict={X: x_data, Y: y_data}))
"""

# The same with a tf.Variable beside the layer: the restart assigned `shift` and left the dense kernel trained.
SEEDED_LAYER_AND_VARIABLE = SEEDED_LAYER.replace(
    "out = tf.layers.dense(X, 1)\n", "out = tf.layers.dense(X, 1)\nshift = tf.Variable(0.0)\n"
).replace("tf.square(out - Y)", "tf.square(out + shift - Y)")

# Nothing draws: the restarted Session's initializer run may still go.
UNSEEDED_CONSTANTS = UNSEEDED_DRAWS.replace("tf.random_uniform([3], -1.0, 1.0)", "tf.ones([3])")


def _printed_twice(stdout: str) -> tuple[str, str]:
    first, second = stdout.strip().splitlines()[-2:]
    return first, second


def test_an_unseeded_initial_value_is_drawn_again_in_the_restarted_session() -> None:
    migrated = migrate_source(UNSEEDED_DRAWS, Options()).migrated or ""
    assert "w.assign(tf.random.uniform([3], -1.0, 1.0))" in migrated, migrated
    program = Program("restarted_unseeded_draws", UNSEEDED_DRAWS, {"random": "unseeded"})
    outcome = evaluate([program])[program.name]
    assert outcome.session_free and outcome.runs, outcome.verdict
    baseline = _printed_twice(outcome.baseline.stdout)
    assert baseline[0] != baseline[1], "TF1 draws w again in the second Session"
    assert outcome.migrated is not None
    again = _printed_twice(outcome.migrated.stdout)
    assert again[0] != again[1], (migrated, outcome.migrated.stdout)


def test_an_unseeded_get_variable_restarted_keeps_the_graph_tier_with_the_reason() -> None:
    assert reasons(UNSEEDED_GET_VARIABLE) == [
        "Session program kept in graph mode (tf.compat.v1 + disable_v2_behavior): a second Session initialises "
        "the variables again, and the initial value of `w` is not a constant or a random op of literals (line 9); "
        "rewrite that part by hand (tf.function, tf.GradientTape) and the rest can run eagerly"
    ]


def test_a_restart_that_draws_nothing_still_drops_the_initializer_run() -> None:
    migrated = migrate_source(UNSEEDED_CONSTANTS, Options()).migrated or ""
    assert "assign" not in migrated and migrated.count("print(w.numpy(), b.numpy())") == 2, migrated


@pytest.mark.parametrize(
    ("source", "line"),
    [
        pytest.param(SEEDED_LAYER, 19, id="layers only"),
        pytest.param(SEEDED_LAYER_AND_VARIABLE, 20, id="and a Variable"),
    ],
)
def test_layers_trained_then_restarted_keep_the_graph_tier_and_the_rewrite_does_not_fail(
    source: str, line: int
) -> None:
    result = migrate_source(source, Options())
    assert result.error is None, result.error
    assert [f.message for f in result.followups if f.code == "TFM201"] == [
        "Session program kept in graph mode (tf.compat.v1 + disable_v2_behavior): a second Session initialises "
        f"the variables again, and tf.layers built some of them (line {line}); rewrite that part by hand "
        "(tf.function, tf.GradientTape) and the rest can run eagerly"
    ]


def test_the_graph_tier_of_a_restarted_layer_prints_the_baselines_numbers() -> None:
    program = Program("restarted_seeded_layer", SEEDED_LAYER_AND_VARIABLE, {"random": "seeded", "legacy_keras": True})
    outcome = evaluate([program])[program.name]
    assert not outcome.session_free
    assert outcome.baseline.ok and outcome.runs, outcome.verdict
    assert outcome.same_numbers, (outcome.baseline.stdout, outcome.migrated and outcome.migrated.stdout)


def test_the_restarted_seeded_program_without_layers_is_still_eager() -> None:
    source = SEEDED_LAYER_AND_VARIABLE.replace("out = tf.layers.dense(X, 1)\n", "out = X * tf.Variable(0.5)\n")
    program = Program("restarted_seeded_variables", source, {"random": "seeded"})
    assert_session_free_with_baseline_numbers(evaluate([program])[program.name])
