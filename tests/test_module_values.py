"""``analysis.module_value``: the one reading of "what a module-level host name holds" that the seeds, RNN and
traced-argument passes share (three copies before, one of which read only the first statement of a line)."""

from __future__ import annotations

from program_checks import eager

FED = """\
import tensorflow as tf

steps = 3; x_data = [[1.0, 2.0], [3.0, 4.0]]
X = tf.placeholder(tf.float32, [None, 2])
w = tf.Variable(tf.zeros([2]))
loss = tf.reduce_mean(tf.square(tf.reduce_sum(X * w, 1) - 1.0))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(steps):
        sess.run(train, feed_dict={X: x_data})
    print(sess.run(w))
"""


def test_a_list_bound_after_another_statement_on_its_line_is_fed_as_a_tensor() -> None:
    assert "    train(tf.constant(x_data, tf.float32))\n" in eager(FED)


def test_a_list_bound_twice_is_passed_as_the_feed_converts_it() -> None:
    migrated = eager(FED.replace("    print(sess.run(w))\n", "    print(sess.run(w))\nx_data = None\n"))
    assert "    train(tf.cast(x_data, tf.float32))\n" in migrated
