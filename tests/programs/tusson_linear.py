# Source: TUSSON/tf-study simple/linear.py (commit 688f3eb; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: 1000 steps -> 30.
import numpy as np
import tensorflow as tf

W = tf.Variable([0.3], dtype=tf.float32)
b = tf.Variable([-0.3], dtype=tf.float32)
x = tf.placeholder(tf.float32)
linear_model = W * x + b
y = tf.placeholder(tf.float32)

loss = tf.reduce_sum(tf.square(linear_model - y))
optimizer = tf.train.GradientDescentOptimizer(0.01)
train = optimizer.minimize(loss)

x_train = [1, 2, 3, 4]
y_train = [0, -1, -2, -3]

init = tf.global_variables_initializer()
sess = tf.Session()
sess.run(init)
for i in range(30):
    sess.run(train, {x: x_train, y: y_train})
    _, curr_W, curr_b, curr_loss = sess.run([train, W, b, loss], {x: x_train, y: y_train})
    print(i, "W:", curr_W, "b:", curr_b, "loss:", curr_loss)
