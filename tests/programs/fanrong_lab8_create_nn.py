# Source: fanrong33/TensorFlow-tutorials lab8_build_network/02_create_NN.py (commit a7c99c5; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: numpy seed 0 for the noise; 1000 steps -> 200, the cost printed every 50; matplotlib import left out.
import numpy as np
import tensorflow as tf


def add_layer(inputs, in_size, out_size, activation_function=None):
    Weight = tf.Variable(tf.random_normal([in_size, out_size]))
    biase = tf.Variable(tf.zeros([1, out_size]) + 0.1)
    Wx_plus_b = tf.matmul(inputs, Weight) + biase
    if activation_function is None:
        outputs = Wx_plus_b
    else:
        outputs = activation_function(Wx_plus_b)
    return outputs


# some data that looks measured: a parabola with noise
np.random.seed(0)
x_data = np.linspace(-1, 1, 300, dtype=np.float32)[:, np.newaxis]
noise = np.random.normal(0, 0.05, x_data.shape).astype(np.float32)
y_data = np.square(x_data) - 0.5 + noise

xs = tf.placeholder(tf.float32, [None, 1])
ys = tf.placeholder(tf.float32, [None, 1])
l1 = add_layer(xs, 1, 10, activation_function=tf.nn.relu)
hypothesis = add_layer(l1, 10, 1, activation_function=None)

cost = tf.reduce_mean(tf.reduce_sum(tf.square(ys - hypothesis), reduction_indices=[1]))
optimizer = tf.train.GradientDescentOptimizer(0.1)
train = optimizer.minimize(cost)

sess = tf.Session()
init = tf.global_variables_initializer()
sess.run(init)

for step in range(200):
    sess.run(train, feed_dict={xs: x_data, ys: y_data})
    if step % 50 == 0:
        print("cost:", sess.run(cost, feed_dict={xs: x_data, ys: y_data}))
