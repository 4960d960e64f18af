# Source: carpedm20/lstm-char-cnn-tensorflow models/TDNN.py + models/ops.py (commits 610a825, 0239071; licence not
# read in the stored copy). Written for tfmigrate's test set in that program's shape (constructs, order, output); no
# source text copied.
# Adapted: the TDNN constructor's body at module level over a placeholder of embedded characters (synthetic, numpy
# seed 0); kernels [1..7] -> [1, 2, 3], feature maps -> [4, 6, 8]; ops.conv2d with stride 1 and VALID padding (the
# TDNN's use); a dense output, Adam training and a Saver that resumes from get_checkpoint_state added so that the
# scoped kernels (kernel0/w, kernel1/w, ...) are trained, saved and restored.
import os

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
seq_length, embed_dim = 6, 5
data_x = rng.rand(32, seq_length, embed_dim).astype(np.float32)
data_y = rng.rand(32, 1).astype(np.float32)
checkpoint_dir = "checkpoint"


def conv2d(input_, output_dim, k_h=5, k_w=5, stddev=0.02, name="conv2d"):
    with tf.variable_scope(name):
        w = tf.get_variable("w", [k_h, k_w, input_.get_shape()[-1], output_dim],
                            initializer=tf.truncated_normal_initializer(stddev=stddev))
        conv = tf.nn.conv2d(input_, w, strides=[1, 1, 1, 1], padding="VALID")
        return conv


tf.set_random_seed(3)
feature_maps = [4, 6, 8]
kernels = [1, 2, 3]
inputs = tf.placeholder(tf.float32, [None, seq_length, embed_dim])
targets = tf.placeholder(tf.float32, [None, 1])
input_ = tf.expand_dims(inputs, -1)

layers = []
for idx, kernel_dim in enumerate(kernels):
    reduced_length = seq_length - kernel_dim + 1
    conv = conv2d(input_, feature_maps[idx], kernel_dim, embed_dim, name="kernel%d" % idx)
    pool = tf.nn.max_pool(tf.tanh(conv), [1, reduced_length, 1, 1], [1, 1, 1, 1], "VALID")
    layers.append(tf.squeeze(pool, [1, 2]))
output = tf.concat(layers, 1)

with tf.variable_scope("proj"):
    proj_w = tf.get_variable("w", [18, 1], initializer=tf.truncated_normal_initializer(stddev=0.1))
prediction = tf.matmul(output, proj_w)
loss = tf.reduce_mean(tf.square(prediction - targets))
global_step = tf.Variable(0, name="global_step", trainable=False)
train_op = tf.train.AdamOptimizer(0.05).minimize(loss, global_step=global_step)
saver = tf.train.Saver()

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    ckpt = tf.train.get_checkpoint_state(checkpoint_dir)
    if ckpt and ckpt.model_checkpoint_path:
        print("restoring")
        saver.restore(sess, ckpt.model_checkpoint_path)
    for step in range(4):
        _, value = sess.run([train_op, loss], feed_dict={inputs: data_x, targets: data_y})
        print("step", sess.run(global_step), "loss", value)
    if not os.path.exists(checkpoint_dir):
        os.makedirs(checkpoint_dir)
    saver.save(sess, os.path.join(checkpoint_dir, "tdnn"), global_step=global_step)
