# Source: pkmital/tensorflow_tutorials python/02_linear_regression.py (commit 50fa9fe; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: numpy seeded; the matplotlib figure left out (the prediction's shape printed where the fit was drawn); 1000 epochs -> 15.
import numpy as np
import tensorflow as tf

np.random.seed(0)
n_observations = 100
xs = np.linspace(-3, 3, n_observations)
ys = np.sin(xs) + np.random.uniform(-0.5, 0.5, n_observations)

X = tf.placeholder(tf.float32)
Y = tf.placeholder(tf.float32)
W = tf.Variable(tf.random_normal([1]), name="weight")
b = tf.Variable(tf.random_normal([1]), name="bias")
Y_pred = tf.add(tf.multiply(X, W), b)
cost = tf.reduce_sum(tf.pow(Y_pred - Y, 2)) / (n_observations - 1)
optimizer = tf.train.GradientDescentOptimizer(0.01).minimize(cost)

n_epochs = 15
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    previous = 0.0
    for epoch_i in range(n_epochs):
        for x, y in zip(xs, ys):
            sess.run(optimizer, feed_dict={X: x, Y: y})
        training_cost = sess.run(cost, feed_dict={X: xs, Y: ys})
        print(training_cost)
        if epoch_i % 20 == 0:
            print(Y_pred.eval(feed_dict={X: xs}, session=sess).shape)
        if np.abs(previous - training_cost) < 0.000001:
            break
        previous = training_cost
