# Source: tfmigrate (own code), in the shape of the `fc(x, n_in, n_out, name, ...)` layer helpers of many TF1 courses
# (a tf.variable_scope per call, tf.get_variable inside, an activation applied when one is given).
# Adapted: see manifest.toml (adapted)
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)


def fc(x, n_in, n_out, name, act=tf.nn.relu):
    with tf.variable_scope(name):
        w = tf.get_variable("w", [n_in, n_out], initializer=tf.random_normal_initializer(stddev=0.1))
        b = tf.get_variable("b", [n_out], initializer=tf.constant_initializer(0.1))
        out = tf.matmul(x, w) + b
        if act is not None:
            out = act(out)
        return out


x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 2])
h = x
for i, n in enumerate([4, 8]):
    h = fc(h, n, 8, "fc%d" % i)
out = fc(h, 8, 2, "out", act=None)
loss = tf.reduce_mean(tf.square(out - y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(4):
        print(sess.run([loss, train], {x: np.ones([2, 4]), y: np.zeros([2, 2])})[0])
