# Source: tfmigrate (issue 16) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
# Written for tfmigrate's test set in the shape of public TF1 linear-regression tutorials whose learning rate is a
# graph variable (`a = tf.Variable(0.1)` given to GradientDescentOptimizer, never assigned) and whose Saver writes
# the model after training and restores it when the checkpoint file exists. Own code, no source text copied.
import os

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(3)
x_train = rng.uniform(-1.0, 1.0, 64).astype(np.float32)
y_train = 2.5 * x_train - 0.7 + 0.1 * rng.randn(64).astype(np.float32)

X = tf.placeholder(tf.float32, name="X")
Y = tf.placeholder(tf.float32, name="Y")
W = tf.Variable(0.3, name="weight")
b = tf.Variable(-0.2, name="bias")
a = tf.Variable(0.1, name="learning_rate")

hypothesis = W * X + b
cost = tf.reduce_mean(tf.square(hypothesis - Y))
optimizer = tf.train.GradientDescentOptimizer(a)
train = optimizer.minimize(cost)

checkpoint_dir = "linreg_ckpt"
checkpoint_path = os.path.join(checkpoint_dir, "model.ckpt")
if not os.path.exists(checkpoint_dir):
    os.makedirs(checkpoint_dir)
saver = tf.train.Saver()

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    if os.path.exists(checkpoint_path + ".index"):
        saver.restore(sess, checkpoint_path)
        print("restored", sess.run(W), sess.run(b), sess.run(a))
    for step in range(101):
        sess.run(train, feed_dict={X: x_train, Y: y_train})
        if step % 20 == 0:
            print(step, sess.run(cost, feed_dict={X: x_train, Y: y_train}), sess.run(W), sess.run(b))
    print("learning rate", sess.run(a))
    saver.save(sess, checkpoint_path)
