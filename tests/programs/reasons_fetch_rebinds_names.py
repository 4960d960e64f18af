# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import numpy as np
import tensorflow as tf

x_data = np.linspace(0.0, 1.0, 30).astype(np.float32).reshape(-1, 1)
y_data = (0.8 * x_data + 0.3).astype(np.float32)

X = tf.placeholder(tf.float32, [None, 1])
Y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable(tf.zeros([1, 1]), name="weight")
b = tf.Variable(tf.zeros([1]), name="bias")
hypothesis = tf.matmul(X, W) + b
cost = tf.reduce_mean(tf.square(hypothesis - Y))
train = tf.train.GradientDescentOptimizer(0.5).minimize(cost)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(60):
        sess.run(train, feed_dict={X: x_data, Y: y_data})
        if step % 20 == 0:
            print(step, sess.run(cost, feed_dict={X: x_data, Y: y_data}))
    W, b, cost = sess.run([W, b, cost], feed_dict={X: x_data, Y: y_data})
    print("W:", W.ravel(), "b:", b, "cost:", cost)
print("fit at 0.5:", (0.5 * W + b).ravel())
