# Source: nfmcclure/tensorflow_cookbook 02_TensorFlow_Way/03_Working_with_Multiple_Layers/03_multiple_layers.py (commit 09bf3e4; MIT)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: numpy seeded; merge_all_summaries / train.SummaryWriter -> summary.merge_all / summary.FileWriter (TF 1.0 names); matplotlib left out.
import os

import numpy as np
import tensorflow as tf
from tensorflow.python.framework import ops

ops.reset_default_graph()
np.random.seed(0)
sess = tf.Session()

shape = [1, 4, 4, 1]
image = np.random.uniform(size=shape)
x_in = tf.placeholder(tf.float32, shape=shape)

window = tf.constant(0.25, shape=[2, 2, 1, 1])
averaged = tf.nn.conv2d(x_in, window, [1, 2, 2, 1], padding="SAME", name="Moving_Avg_Window")


def affine_sigmoid(m):
    square = tf.squeeze(m)
    A = tf.constant([[1.0, 2.0], [-1.0, 3.0]])
    b = tf.constant(1.0, shape=[2, 2])
    return tf.sigmoid(tf.add(tf.matmul(A, square), b))


with tf.name_scope("Custom_Layer") as scope:
    layer = affine_sigmoid(averaged)

print(sess.run(layer, feed_dict={x_in: image}))

merged = tf.summary.merge_all()
if not os.path.exists("tensorboard_logs/"):
    os.makedirs("tensorboard_logs/")
writer = tf.summary.FileWriter("tensorboard_logs/", sess.graph)
