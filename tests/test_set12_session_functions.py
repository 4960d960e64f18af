"""Blockers held-out set 12 found together in RNN tutorial programs (issue 16): the whole Session program in a
function called once at module level that returns the host list it builds (``training_losses =
train_network(1)``), and a tensor that is not a placeholder fed through ``feed_dict`` (the RNN state carry
``init_state = tf.zeros(...)`` fed the state fetched the step before; ``sess.run(c, feed_dict={c: 1})``)."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, eager, reasons
from session_harness import evaluate, load_programs

FED_CONSTANT = """import tensorflow as tf

a = tf.constant(2)
b = tf.constant(3)
c = a + b
d = c * 10
with tf.Session() as sess:
    print(sess.run(d))
    print(sess.run(d, feed_dict={c: 1}))
    print(sess.run(c, feed_dict={c: 7}))
"""

RETURNED = """import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.ones([1, 1]))
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)


def train_network(steps):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = []
        for _ in range(steps):
            value, _ = sess.run([loss, train], feed_dict={x: np.ones([4, 1]) * 2})
            losses.append(value)
    return losses


history = train_network(5)
print(["%.5f" % v for v in history])
"""


def test_a_fed_constant_is_a_parameter_defaulting_to_its_value() -> None:
    migrated = eager(FED_CONSTANT)
    assert "Session" not in migrated and "c = a + b" in migrated, migrated


def test_a_function_returning_its_host_list_is_rewritten_in_place() -> None:
    migrated = eager(RETURNED)
    assert "Session" not in migrated and "return losses" in migrated and "history = train_network(5)" in migrated


def test_a_returned_graph_value_is_read_at_the_call() -> None:
    # Returning a graph value, the function is not rewritten in place: it is read at its one call, as a Session
    # helper (session_helpers.py), and the returned tensor becomes the function of its placeholders it was.
    source = RETURNED.replace("    return losses", "    return loss").replace('["%.5f" % v for v in history]', "1")
    migrated = eager(source)
    assert "Session" not in migrated and "def train_network" not in migrated, migrated
    assert "def history(x):\n    return loss(x)" in migrated, migrated


def test_a_graph_value_read_after_the_call_keeps_the_graph_tier() -> None:
    # Read at its one call (session_helpers.py), the function's body is module code: `w` read after it is a graph
    # value used outside a run, at its own line.
    (found,) = reasons(RETURNED + "history.append(w)\n")
    assert "`w` is used outside Session.run / eval (line 22)" in found, found


def test_a_parameter_named_as_a_module_value_the_graph_read_is_the_functions_own() -> None:
    source = RETURNED.replace("def train_network(steps):", "def train_network(steps, rate=0.1):").replace(
        "x = tf.placeholder", "rate = 0.1\nx = tf.placeholder"
    )
    source = source.replace("GradientDescentOptimizer(0.1)", "GradientDescentOptimizer(rate)")
    migrated = eager(source)
    assert "Session" not in migrated and "def train_network(steps, rate=0.1):" in migrated, migrated


def test_a_parameter_named_as_a_module_value_is_the_functions_own_where_the_function_builds_the_graph() -> None:
    # The function builds graph values from a parameter that shadows the module's variable `w`: read at its call,
    # the parameter's value (2.0), not the variable, is what the graph reads.
    source = RETURNED.replace("def train_network(steps):", "def train_network(steps, w=2.0):").replace(
        "        losses = []\n", "        extra = tf.constant(w) * 2.0\n        losses = []\n"
    )
    migrated = eager(source)
    assert "Session" not in migrated and "extra = tf.constant(2.0) * 2.0" in migrated, migrated


def test_a_fed_tensor_computed_from_a_placeholder_is_a_placeholder_where_fed(tmp_path) -> None:
    """Graph tier before this round; now the runs feeding ``c`` read a placeholder in its place (fed_cuts.py)."""
    from program_checks import run_in_a_shared_child

    source = FED_CONSTANT.replace("b = tf.constant(3)", "b = tf.placeholder(tf.int32)").replace(
        "    print(sess.run(d))\n", "    print(sess.run(d, feed_dict={b: 4}))\n"
    )
    migrated = eager(source)
    assert "def d_fed(c_fed):" in migrated and "d_fed(1)" in migrated, migrated
    baseline = source.replace(
        "import tensorflow as tf", "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()", 1
    )
    migrated_run = run_in_a_shared_child(migrated, tmp_path, graph=False)
    assert migrated_run == run_in_a_shared_child(baseline, tmp_path, graph=True) == "60\n10\n7\n"


@pytest.mark.parametrize("name", ["r2rt_rnn_state_carry", "r2rt_dynamic_rnn_state_carry"])
def test_tutorial_shape_is_session_free_with_tf1_numbers(name: str) -> None:
    (program,) = load_programs([name])
    assert_session_free_with_baseline_numbers(evaluate([program])[name])


def test_fed_constant_and_returned_list_print_tf1_numbers(tmp_path) -> None:
    from program_checks import run_in_a_shared_child

    for source in (FED_CONSTANT, RETURNED):
        baseline = source.replace(
            "import tensorflow as tf", "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()", 1
        )
        migrated = run_in_a_shared_child(eager(source), tmp_path, graph=False)
        assert migrated == run_in_a_shared_child(baseline, tmp_path, graph=True)


def test_a_fed_constant_read_by_a_variables_initial_value_keeps_the_graph_tier() -> None:
    source = """import tensorflow as tf

z = tf.zeros([2])
w = tf.Variable(z + 1.0)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer(), feed_dict={z: [5.0, 6.0]})
    print(sess.run(w))
"""
    (found,) = reasons(source)
    assert "a variable's initial value reads `z`" in found, found
