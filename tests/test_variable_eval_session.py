"""``W.eval(sess)``: TF1's ``Variable.eval(session=None)`` takes the Session as its first argument (a tensor's
``eval`` takes ``feed_dict`` first). Read as a feed dict, the Session kept whole programs in graph mode with a false
reason ("a feed_dict that is not a literal dict"); held-out set 8 had five programs printing weights this way.
Run on TF 2.21: the migrated program prints the baseline's numbers.
"""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers
from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

REGRESSION = """\
import numpy as np
import tensorflow as tf

x_data = np.array([[1.0], [2.0], [3.0]], dtype=np.float32)
y_data = np.array([[2.0], [4.0], [6.0]], dtype=np.float32)
X = tf.placeholder(tf.float32, [None, 1])
Y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable(tf.constant([[0.5]]), name="weight")
b = tf.Variable(tf.zeros([1]), name="bias")
hypothesis = tf.matmul(X, W) + b
cost = tf.reduce_mean(tf.square(hypothesis - Y))
train = tf.train.GradientDescentOptimizer(0.05).minimize(cost)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(21):
    cost_val, _ = sess.run([cost, train], feed_dict={X: x_data, Y: y_data})
    if step % 10 == 0:
        print(step, cost_val, W.eval(sess), b.eval(session=sess))
"""


@pytest.fixture(scope="module")
def outcome():
    program = Program("variable_eval_session", REGRESSION, {"random": "none", "source": "tfmigrate", "licence": "-"})
    return evaluate([program])["variable_eval_session"]


def test_a_variable_evaluated_in_the_session_positionally_is_read_eagerly_with_the_baseline_numbers(outcome) -> None:
    assert_session_free_with_baseline_numbers(outcome)
    assert "print(step, cost_val, W.numpy(), b.numpy())" in outcome.migrated_text, outcome.migrated_text


def test_a_tensor_eval_still_takes_feed_dict_first() -> None:
    """``cost.eval({X: ..., Y: ...})``: a tensor's first argument is still its feed dict."""
    source = REGRESSION.replace("W.eval(sess)", "cost.eval({X: x_data, Y: y_data})")
    result = migrate_source(source, Options(), "p.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    assert "cost(x_data, y_data).numpy()" in result.migrated, result.migrated


def test_a_variable_evaluated_in_another_session_keeps_the_graph_tier() -> None:
    source = REGRESSION.replace("W.eval(sess)", "W.eval(tf.Session())")
    result = migrate_source(source, Options(), "p.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert ours and "a Session this module does not model" in ours[0].message, result.followups
