# Source: tfmigrate (issue 16) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
# Written for tfmigrate's test set in the shape of public TF1 courses that decay the learning rate by hand and feed
# it through a placeholder each step: `learning_rate = tf.placeholder(tf.float32)`,
# `sess.run([optimizer, cost], feed_dict={X: batch_x, Y: batch_y, learning_rate: lr_now})`.
import numpy as np
import tensorflow as tf

tf.set_random_seed(5)
rng = np.random.RandomState(8)
data_x = rng.rand(100, 5).astype(np.float32)
data_y = (data_x.dot(np.array([[2.0], [-1.0], [0.5], [1.5], [-0.5]], dtype=np.float32)) > 0.9).astype(np.float32)

X = tf.placeholder(tf.float32, [None, 5])
Y = tf.placeholder(tf.float32, [None, 1])
learning_rate = tf.placeholder(tf.float32)
W = tf.Variable(tf.random_normal([5, 1], stddev=0.5), name="weight")
b = tf.Variable(tf.zeros([1]), name="bias")
hypothesis = tf.sigmoid(tf.matmul(X, W) + b)
cost = -tf.reduce_mean(Y * tf.log(hypothesis + 1e-7) + (1 - Y) * tf.log(1 - hypothesis + 1e-7))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=learning_rate).minimize(cost)
predicted = tf.cast(hypothesis > 0.5, dtype=tf.float32)
accuracy = tf.reduce_mean(tf.cast(tf.equal(predicted, Y), dtype=tf.float32))

initial_lr = 1.0
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(10):
        lr_now = initial_lr * 0.8 ** epoch
        avg_cost = 0.0
        for start in range(0, 100, 25):
            batch_x, batch_y = data_x[start:start + 25], data_y[start:start + 25]
            _, c = sess.run([optimizer, cost], feed_dict={X: batch_x, Y: batch_y, learning_rate: lr_now})
            avg_cost += c / 4
        print("Epoch:", "%04d" % (epoch + 1), "lr =", "{:.5f}".format(lr_now), "cost =", "{:.9f}".format(avg_cost))
    print("Accuracy:", sess.run(accuracy, feed_dict={X: data_x, Y: data_y}))
    print("W:", sess.run(W).ravel())
