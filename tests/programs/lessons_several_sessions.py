# Source: tfmigrate tests/programs/lessons_several_sessions.py (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
"""A tutorial file with one `with tf.Session()` block per lesson step, each running the initializer again: a linear
model evaluated, trained, then started over and trained at another rate."""
import numpy as np
import tensorflow as tf

x_data = np.linspace(-1.0, 1.0, 20).astype(np.float32)
y_data = 3.0 * x_data + 0.5

X = tf.placeholder(tf.float32, [None])
Y = tf.placeholder(tf.float32, [None])
W = tf.Variable(tf.random_uniform([1], -1.0, 1.0))
b = tf.Variable(tf.zeros([1]))
hypothesis = W * X + b
cost = tf.reduce_mean(tf.square(hypothesis - Y))
train_fast = tf.train.GradientDescentOptimizer(0.5).minimize(cost)
train_slow = tf.train.GradientDescentOptimizer(0.05).minimize(cost)
init = tf.global_variables_initializer()

# Lesson 1: the untrained model
with tf.Session() as sess:
    sess.run(init)
    print("bias before training:", sess.run(b))

# Lesson 2: training at a high rate
with tf.Session() as sess:
    sess.run(init)
    for step in range(40):
        sess.run(train_fast, feed_dict={X: x_data, Y: y_data})
        if step % 10 == 0:
            print(step, "cost=", sess.run(cost, feed_dict={X: x_data, Y: y_data}))
    print("fast:", sess.run(cost, feed_dict={X: x_data, Y: y_data}))

# Lesson 3: starting over at a low rate
with tf.Session() as sess:
    sess.run(init)
    for step in range(40):
        sess.run(train_slow, feed_dict={X: x_data, Y: y_data})
        if step % 10 == 0:
            print(step, "cost=", sess.run(cost, feed_dict={X: x_data, Y: y_data}))
    print("slow:", sess.run(cost, feed_dict={X: x_data, Y: y_data}))
