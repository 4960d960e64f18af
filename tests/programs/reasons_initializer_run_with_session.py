# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2])
w = tf.Variable(tf.ones([2, 1]))
y = tf.matmul(x, w)
loss = tf.reduce_mean(tf.square(y - 1.0))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
data = np.arange(8, dtype=np.float32).reshape(4, 2) / 8.0
with tf.Session() as sess:
    tf.global_variables_initializer().run(session=sess)
    for i in range(5):
        train.run(session=sess, feed_dict={x: data})
        print(i, loss.eval(session=sess, feed_dict={x: data}))
    print(w.eval(session=sess))
