# Source: nfmcclure/tensorflow_cookbook 02_TensorFlow_Way/06_Working_with_Batch_and_Stochastic_Training/06_batch_stochastic_training.py (commit 568ddef; MIT)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: numpy seeded; the matplotlib comparison plot left out.
import numpy as np
import tensorflow as tf
from tensorflow.python.framework import ops

ops.reset_default_graph()
np.random.seed(0)

# one sample per step
sess = tf.Session()
xs = np.random.normal(1, 0.1, 100)
ys = np.repeat(10.0, 100)
x_in = tf.placeholder(shape=[1], dtype=tf.float32)
y_in = tf.placeholder(shape=[1], dtype=tf.float32)
A = tf.Variable(tf.random_normal(shape=[1]))
loss = tf.square(tf.multiply(x_in, A) - y_in)
train = tf.train.GradientDescentOptimizer(0.02).minimize(loss)
sess.run(tf.global_variables_initializer())

stochastic = []
for step in range(100):
    k = np.random.choice(100)
    sess.run(train, feed_dict={x_in: [xs[k]], y_in: [ys[k]]})
    if (step + 1) % 5 == 0:
        print("step", step + 1, "A", sess.run(A))
        value = sess.run(loss, feed_dict={x_in: [xs[k]], y_in: [ys[k]]})
        print("loss", value)
        stochastic.append(value)

# twenty samples per step, in a new graph
ops.reset_default_graph()
sess = tf.Session()
batch = 20
xs = np.random.normal(1, 0.1, 100)
ys = np.repeat(10.0, 100)
x_in = tf.placeholder(shape=[None, 1], dtype=tf.float32)
y_in = tf.placeholder(shape=[None, 1], dtype=tf.float32)
A = tf.Variable(tf.random_normal(shape=[1, 1]))
loss = tf.reduce_mean(tf.square(tf.matmul(x_in, A) - y_in))
train = tf.train.GradientDescentOptimizer(0.02).minimize(loss)
sess.run(tf.global_variables_initializer())

batched = []
for step in range(100):
    k = np.random.choice(100, size=batch)
    bx, by = np.transpose([xs[k]]), np.transpose([ys[k]])
    sess.run(train, feed_dict={x_in: bx, y_in: by})
    if (step + 1) % 5 == 0:
        print("step", step + 1, "A", sess.run(A))
        value = sess.run(loss, feed_dict={x_in: bx, y_in: by})
        print("loss", value)
        batched.append(value)
