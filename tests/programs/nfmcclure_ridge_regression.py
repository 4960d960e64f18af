# Source: nfmcclure/tensorflow_cookbook 03_Linear_Regression/06_Implementing_Lasso_and_Ridge_Regression/06_lasso_and_ridge_regression.py (commit 3d864e3; MIT)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: iris (sklearn) -> 150 synthetic (petal width, sepal length) pairs, numpy seed 0; 1500 steps -> 600, reported every 150; plots left out, the fitted line's length printed.
import numpy as np
import tensorflow as tf
from tensorflow.python.framework import ops

ops.reset_default_graph()
np.random.seed(0)
sess = tf.Session()

width = np.random.uniform(0.1, 2.5, 150)
length = 4.5 + 0.9 * width + np.random.normal(0, 0.3, 150)
batch = 50

x_in = tf.placeholder(shape=[None, 1], dtype=tf.float32)
y_in = tf.placeholder(shape=[None, 1], dtype=tf.float32)
A = tf.Variable(tf.random_normal(shape=[1, 1]))
b = tf.Variable(tf.random_normal(shape=[1, 1]))
fitted = tf.add(tf.matmul(x_in, A), b)

ridge = tf.constant(1.0)
penalty = tf.reduce_mean(tf.square(A))
loss = tf.expand_dims(tf.add(tf.reduce_mean(tf.square(y_in - fitted)), tf.multiply(ridge, penalty)), 0)
train = tf.train.GradientDescentOptimizer(0.001).minimize(loss)
sess.run(tf.global_variables_initializer())

history = []
for step in range(600):
    k = np.random.choice(len(width), size=batch)
    feed = {x_in: np.transpose([width[k]]), y_in: np.transpose([length[k]])}
    sess.run(train, feed_dict=feed)
    current = sess.run(loss, feed_dict=feed)
    history.append(current[0])
    if (step + 1) % 150 == 0:
        print("step", step + 1, "A", sess.run(A), "b", sess.run(b))
        print("Loss =", current)

[slope] = sess.run(A)
[intercept] = sess.run(b)
line = [slope * w + intercept for w in width]
print(len(line))
