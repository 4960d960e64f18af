# Source: tfmigrate (own code) in the shape of the TF1 programs that decay the learning rate by a global step
# Adapted: synthetic regression data, 12 + 5 steps; no source text copied
#
# `learning_rate = tf.train.exponential_decay(..., global_step, ..., staircase=True)` read by two optimizers, one of
# which counts the step (`minimize(..., global_step=global_step)`), the rate fetched with its train op
# (`_, l, rate = sess.run([train_op, loss, learning_rate], feed)`), then a fine-tuning phase on gradients clipped
# by their global norm (`grads, _ = tf.clip_by_global_norm(tf.gradients(loss, tvars), 1.0)`).
import numpy as np
import tensorflow as tf

tf.set_random_seed(2)
rng = np.random.RandomState(1)
x_data = rng.randn(50, 2).astype(np.float32)
y_data = (x_data[:, :1] * 2 - x_data[:, 1:] + 0.5).astype(np.float32)

X = tf.placeholder(tf.float32, [None, 2])
Y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable(tf.random_normal([2, 1]), name="weight")
b = tf.Variable(tf.zeros([1]), name="bias")
offset = tf.Variable(tf.zeros([1]), name="offset")
prediction = tf.matmul(X, W) + b + offset
loss = tf.reduce_mean(tf.square(prediction - Y))

global_step = tf.Variable(0, trainable=False, name="global_step")
learning_rate = tf.train.exponential_decay(0.1, global_step, 5, 0.5, staircase=True)
train_op = tf.train.GradientDescentOptimizer(learning_rate).minimize(loss, var_list=[W, b], global_step=global_step)
offset_op = tf.train.AdamOptimizer(learning_rate).minimize(loss, var_list=[offset])

tvars = tf.trainable_variables()
grads, _ = tf.clip_by_global_norm(tf.gradients(loss, tvars), 1.0)
fine_tune = tf.train.AdamOptimizer(0.01).apply_gradients(zip(grads, tvars))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(12):
        _, l, rate = sess.run([train_op, loss, learning_rate], feed_dict={X: x_data, Y: y_data})
        sess.run(offset_op, feed_dict={X: x_data, Y: y_data})
        print("step", step, "loss", l, "rate", rate, "global step", sess.run(global_step))
    for step in range(5):
        _, l = sess.run([fine_tune, loss], feed_dict={X: x_data, Y: y_data})
        print("fine-tune", step, l)
    print("weights", sess.run(W).ravel(), sess.run(b), sess.run(offset))
