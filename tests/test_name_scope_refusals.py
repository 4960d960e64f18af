"""A ``with tf.name_scope(...)`` block the eager proof does not read names its own cause (name_scope_refusals.py):
the TextCNN builder's ``with tf.name_scope("conv-pool-%s" % filter_size):`` inside its loop over the filter sizes
(held-out set 17) stands in a loop that is not unrolled; a straight-line block with a computed name has no literal
scope name. Both were "tf.name_scope is called outside a `name = ...` graph definition (its op is not modelled)"."""

from __future__ import annotations

import textwrap

from program_checks import eager, reasons_by_line

from tfmigrate.transforms.session.name_scope_refusals import IN_LOOP

TEXT_CNN = textwrap.dedent(
    """
    import numpy as np
    import tensorflow as tf


    class TextCNN:
        def __init__(self, sequence_length, num_classes, embedding_size, filter_sizes, num_filters):
            self.input_x = tf.placeholder(tf.float32, [None, sequence_length, embedding_size, 1], name="input_x")
            self.input_y = tf.placeholder(tf.float32, [None, num_classes], name="input_y")
            self.sequence_length = sequence_length
            self.embedding_size = embedding_size
            self.filter_sizes = filter_sizes
            self.num_filters = num_filters
            self.build()
            self.loss = tf.reduce_mean(tf.square(self.h_pool_flat))

        def build(self):
            pooled_outputs = []
            for i, filter_size in enumerate(self.filter_sizes):
                with tf.name_scope("conv-pool-%s" % filter_size):
                    filter_shape = [filter_size, self.embedding_size, 1, self.num_filters]
                    w = tf.Variable(tf.truncated_normal(filter_shape, stddev=0.1), name="W")
                    conv = tf.nn.conv2d(self.input_x, w, strides=[1, 1, 1, 1], padding="VALID", name="conv")
                    h = tf.nn.relu(conv, name="relu")
                    pooled = tf.nn.max_pool(
                        h, ksize=[1, self.sequence_length - filter_size + 1, 1, 1], strides=[1, 1, 1, 1],
                        padding="VALID", name="pool",
                    )
                    pooled_outputs.append(pooled)
            self.h_pool_flat = tf.reshape(tf.concat(pooled_outputs, 3), [-1, self.num_filters * len(self.filter_sizes)])


    cnn = TextCNN(sequence_length=7, num_classes=2, embedding_size=4, filter_sizes=[2, 3], num_filters=3)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print(sess.run(cnn.loss, feed_dict={cnn.input_x: np.ones([2, 7, 4, 1], np.float32)}))
    """
).lstrip()
STRAIGHT = textwrap.dedent(
    """
    import numpy as np
    import tensorflow as tf

    x = tf.placeholder(tf.float32, [None, 2])
    size = 2
    with tf.name_scope(SCOPE):
        w = tf.Variable(tf.ones([2, size]), name="w")
        y = tf.matmul(x, w)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print(sess.run(y, feed_dict={x: np.ones([1, 2])}))
    """
).lstrip()


def test_a_name_scope_in_the_builders_loop_names_the_loop() -> None:
    found = reasons_by_line(TEXT_CNN)
    assert len(found) == 1 and IN_LOOP in found[0][1], found
    assert TEXT_CNN.splitlines()[found[0][0] - 1].strip().startswith('with tf.name_scope("conv-pool-%s"'), found


def test_a_computed_scope_name_is_named() -> None:
    found = reasons_by_line(STRAIGHT.replace("SCOPE", '"layer-%s" % size'))
    assert found and found[0][0] == 6, found
    assert '`tf.name_scope("layer-%s" % size)` names its scope other than by one literal string' in found[0][1]


def test_a_literal_scope_name_is_still_read() -> None:
    assert "tf.name_scope(" in eager(STRAIGHT.replace("SCOPE", '"layer"'))
