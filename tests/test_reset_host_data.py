"""The tutorial MNIST DataSets read across ``tf.reset_default_graph()`` (held-out set 21, r8: a train script and its
evaluation script joined in one file): ``input_data.read_data_sets`` gives numpy arrays and a Python batcher, no
part of the graph the reset drops, so the sections after the reset may read it (sections.py). Proved on TF 2.21 with
the TF1 run and a restore of the TF1 checkpoint by fixture TFM201/eager_mnist_data_across_reset_default_graph."""

from __future__ import annotations

import textwrap

from program_checks import reasons

PROGRAM = textwrap.dedent(
    """
    import tensorflow as tf
    from tensorflow.examples.tutorials.mnist import input_data

    mnist = input_data.read_data_sets("/tmp/data/", one_hot=True)
    offset = tf.constant(1.0)
    x = tf.placeholder(tf.float32, [None, 784])
    W = tf.Variable(tf.zeros([784, 10]))
    loss = tf.reduce_mean(tf.square(tf.matmul(x, W) - offset))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print(sess.run(loss, feed_dict={{x: mnist.test.images}}))

    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 784])
    W = tf.Variable(tf.ones([784, 10]))
    loss = tf.reduce_mean(tf.square(tf.matmul(x, W) - {second}))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print(sess.run(loss, feed_dict={{x: mnist.test.images}}))
    """
).lstrip()


def test_the_tutorial_datasets_cross_a_reset_as_host_data() -> None:
    assert reasons(PROGRAM.format(second="1.0")) == []


def test_a_graph_value_of_the_first_section_read_after_the_reset_is_still_refused() -> None:
    found = reasons(PROGRAM.format(second="offset"))
    assert len(found) == 1 and "`offset` (line 5) belongs to the graph before tf.reset_default_graph()" in found[0], (
        found
    )
