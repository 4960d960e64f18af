"""Python lists fed to a train step run as a ``tf.function`` (session/traced_arguments.py), run on TF 2.21.

hunkim's labs feed module-level lists of numbers (``x_data = [[1, 2, 1, 1], ...]``) to the train op in their loop;
the migrated step is called with ``tf.constant(x_data, dtype)`` (numpy's conversion to the placeholder's dtype, as
TF1's feed made), not the list ``tf.function`` would walk element by element at every call. The programs print
their TF1 baseline's numbers; values the feed converted otherwise (a float into an int placeholder) and arrays pass
as before.
"""

from __future__ import annotations

from session_harness import Program, evaluate, load_programs

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

# A float64 placeholder fed a list of floats: the constant is made in float64, as TF1's feed made it (a list passed
# as written was a float32 tensor inside the step before its cast to float64). An int placeholder fed floats gets
# the list as before: tf.constant refuses the conversion the feed made (truncation).
MIXED = """\
import numpy as np
import tensorflow as tf

x_data = [[0.1, 0.2], [0.3, -0.7], [1.1, 0.9]]
y_data = [[0.3], [-0.4], [2.0]]
idx_data = [0.0, 1.0, 2.0]
X = tf.placeholder(tf.float64, [None, 2])
Y = tf.placeholder(tf.float64, [None, 1])
I = tf.placeholder(tf.int32, [None])
W = tf.Variable(np.full([2, 1], 0.5), dtype=tf.float64)
b = tf.Variable(tf.zeros([3], tf.float64))
cost = tf.reduce_mean(tf.square(tf.matmul(X, W) - Y)) + tf.reduce_sum(tf.gather(b, I) ** 2)
train = tf.train.GradientDescentOptimizer(0.1).minimize(cost)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(30):
        c, _ = sess.run([cost, train], feed_dict={X: x_data, Y: y_data, I: idx_data})
        if step % 10 == 0:
            print(step, repr(float(c)))
    for step in range(5):
        sess.run(train, feed_dict={X: [[1, 2], [3, 4]], Y: [[1], [2]], I: [0, 1]})
    print(repr(sess.run(W).ravel().tolist()))
"""

LABS = ["hunkim_lab05_1_logistic_regression", "hunkim_lab06_1_softmax_classifier", "hunkim_lab02_3_tensorflow_org"]


def test_hunkim_labs_convert_their_lists_once_per_call_and_print_the_baselines_numbers() -> None:
    outcomes = evaluate(load_programs(LABS))
    for name, outcome in outcomes.items():
        assert outcome.session_free and outcome.same_numbers, (name, outcome.verdict)
    softmax = outcomes["hunkim_lab06_1_softmax_classifier"].migrated_text or ""
    # inside the loop, the step gets tensors; the eager cost still reads the lists as written
    assert '    optimizer(tf.constant(x_data, "float"), tf.constant(y_data, "float"))\n' in softmax
    assert "cost(x_data, y_data).numpy()" in softmax
    linear = outcomes["hunkim_lab02_3_tensorflow_org"].migrated_text or ""
    assert "    train(tf.constant(x_train, tf.float32), tf.constant(y_train, tf.float32))\n" in linear


def test_float64_lists_are_exact_and_floats_fed_to_an_int_placeholder_are_cast_as_before() -> None:
    migrated = migrate_source(MIXED, Options()).migrated or ""
    assert "train(tf.constant(x_data, tf.float64), tf.constant(y_data, tf.float64), idx_data)" in migrated
    assert "tf.constant([[1, 2], [3, 4]], tf.float64), tf.constant([[1], [2]], tf.float64), " in migrated
    assert "tf.constant([0, 1], tf.int32)" in migrated
    outcome = evaluate([Program("fed_lists_mixed", MIXED, {"random": "none"})])["fed_lists_mixed"]
    assert outcome.session_free and outcome.same_numbers, outcome.verdict
    assert outcome.migrated is not None and outcome.migrated.stdout == outcome.baseline.stdout


def test_numpy_arrays_pass_as_written() -> None:
    source = MIXED.replace("x_data = [[0.1, 0.2], [0.3, -0.7], [1.1, 0.9]]", "x_data = np.array([[0.1, 0.2]])")
    migrated = migrate_source(source, Options()).migrated or ""
    assert "(x_data, tf.constant(y_data, tf.float64)" in migrated
