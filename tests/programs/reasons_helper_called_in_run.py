# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import numpy as np
import tensorflow as tf


def length(sequence):
    used = tf.sign(tf.reduce_max(tf.abs(sequence), 2))
    length = tf.reduce_sum(used, 1)
    length = tf.cast(length, tf.int32)
    return length


exam = np.array([[[1.0, 2.0], [0.5, 0.0], [0.0, 0.0]], [[3.0, 1.0], [0.0, 0.0], [0.0, 0.0]]], dtype=np.float32)
exam2 = tf.constant(exam)
with tf.Session() as sess:
    print(sess.run(length(exam2)))
    print(sess.run(length(exam)))
