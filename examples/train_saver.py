"""Fit y = 3x + 2 with TF1 placeholders, checkpointing with tf.train.Saver (TensorFlow 1.x style)."""
import os

import numpy as np
import tensorflow as tf

CKPT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "checkpoints")

x = tf.placeholder(tf.float32, shape=[None], name="x")
y = tf.placeholder(tf.float32, shape=[None], name="y")
w = tf.Variable(tf.random_normal([1], seed=1), name="weight")
b = tf.Variable(tf.zeros([1]), name="bias")
loss = tf.reduce_mean(tf.square(w * x + b - y))
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

saver = tf.train.Saver(max_to_keep=3)
data_x = np.linspace(-1, 1, 64).astype(np.float32)
data_y = 3 * data_x + 2

with tf.Session() as sess:
    ckpt = tf.train.get_checkpoint_state(CKPT_DIR)
    if ckpt and ckpt.model_checkpoint_path:
        saver.restore(sess, ckpt.model_checkpoint_path)
    else:
        sess.run(tf.global_variables_initializer())
    for step in range(200):
        _, current = sess.run([train_op, loss], feed_dict={x: data_x, y: data_y})
        if step % 50 == 0:
            saver.save(sess, os.path.join(CKPT_DIR, "model.ckpt"), global_step=step)
    print("w=%.2f b=%.2f loss=%.4f" % (sess.run(w)[0], sess.run(b)[0], current))
