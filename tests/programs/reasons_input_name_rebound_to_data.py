# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import numpy as np
import tensorflow as tf

tf.set_random_seed(7)
x_inp = tf.placeholder(tf.float32, [None, 64])
y_inp = tf.placeholder(tf.float32, [None, 3])
x = tf.reshape(x_inp, [-1, 8, 8, 1])
kernel = tf.Variable(tf.truncated_normal([3, 3, 1, 4], stddev=0.2))
conv = tf.nn.relu(tf.nn.conv2d(x, kernel, strides=[1, 1, 1, 1], padding="SAME"))
pooled = tf.nn.max_pool(conv, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")
flat = tf.reshape(pooled, [-1, 4 * 4 * 4])
W = tf.Variable(tf.truncated_normal([64, 3], stddev=0.1))
logits = tf.matmul(flat, W)
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_inp, logits=logits))
step = tf.train.AdamOptimizer(0.01).minimize(loss)
x_valid = tf.nn.softmax(logits)

x = np.array([np.sin(np.arange(64) * (i + 1) / 10.0) for i in range(12)], dtype=np.float32)
y = np.eye(3, dtype=np.float32)[np.arange(12) % 3]

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(30):
        _, l = sess.run([step, loss], feed_dict={x_inp: x, y_inp: y})
        if i % 10 == 0:
            print(i, l)
    print(sess.run(x_valid, feed_dict={x_inp: x[:3]}))
