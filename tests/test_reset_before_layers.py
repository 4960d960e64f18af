"""``tf.reset_default_graph()`` before any tf.layers layer (a book MNIST program prints the tutorial data, resets
the graph, then builds its model): the reset forgets no layer name, so the layers are named as TF1 named them and
the program is rewritten (session/layers.py)."""

from __future__ import annotations

from program_checks import assert_session_free_with_baseline_numbers
from session_harness import Program, evaluate

PROGRAM = """\
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets("MNIST_data", one_hot=True)
print(mnist.train.images.shape, mnist.test.labels.shape)
tf.reset_default_graph()

x = tf.placeholder(tf.float32, [None, 784])
y = tf.placeholder(tf.float32, [None, 10])
hidden = tf.layers.dense(x, 16, activation=tf.nn.relu, kernel_initializer=tf.constant_initializer(0.01))
logits = tf.layers.dense(hidden, 10, kernel_initializer=tf.zeros_initializer(), bias_initializer=tf.ones_initializer())
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        _, value = sess.run([train, loss], feed_dict={x: mnist.test.images[:64], y: mnist.test.labels[:64]})
        print(step, value)
    print(sess.run(logits, feed_dict={x: mnist.test.images[:1]}))
"""
META = {"random": "none", "legacy_keras": True, "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}


def test_a_reset_before_every_layer_is_rewritten_with_the_baseline_numbers() -> None:
    outcome = evaluate([Program("reset_before_layers", PROGRAM, META)])["reset_before_layers"]
    assert_session_free_with_baseline_numbers(outcome)
