# Source: tfmigrate (issue 16) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
# Written for tfmigrate's test set in the shape of public flag-selected train-or-test TF1 programs: training saves
# a checkpoint, testing restores it and prints `tf.argmax(sess.run(y_hat, feed_dict=...), 1).eval()` inside an
# f-string. The flag is whether a checkpoint is there, so the harness's resumed run tests.
import os

import numpy as np
import tensorflow as tf

is_train = 0 if os.path.exists("./saved/checkpoint") else 1
rng = np.random.RandomState(21)
x_train = rng.rand(90, 4).astype(np.float32)
y_train = np.eye(3, dtype=np.float32)[np.argmax(x_train[:, :3] + 0.2 * x_train[:, 3:], axis=1)]
x_test = x_train[:6]

x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 3])
W = tf.Variable(tf.zeros([4, 3]), name="weight")
b = tf.Variable(tf.zeros([3]), name="bias")
y_hat = tf.nn.softmax(tf.matmul(x, W) + b)
cost = tf.reduce_mean(-tf.reduce_sum(y * tf.log(y_hat + 1e-7), axis=1))
train = tf.train.GradientDescentOptimizer(0.5).minimize(cost)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(y_hat, 1), tf.argmax(y, 1)), tf.float32))
saver = tf.train.Saver()

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    if is_train == 1:
        for step in range(60):
            sess.run(train, feed_dict={x: x_train, y: y_train})
            if step % 20 == 0:
                print(step, sess.run(cost, feed_dict={x: x_train, y: y_train}))
        os.makedirs("./saved", exist_ok=True)
        saver.save(sess, "./saved/model.ckpt")
        print("train accuracy: {:.4f}".format(np.mean(sess.run(accuracy, feed_dict={x: x_train, y: y_train}))))
        print(f"prediction: {tf.argmax(sess.run(y_hat, feed_dict={x: x_test}), 1).eval()}")
    else:
        saver.restore(sess, "./saved/model.ckpt")
        print(f"restored prediction: {tf.argmax(sess.run(y_hat, feed_dict={x: x_test}), 1).eval()}")
        print(f"true labels: {np.argmax(y_train[:6], 1)}")
        print("restored cost %.5f" % sess.run(cost, feed_dict={x: x_train, y: y_train}))
