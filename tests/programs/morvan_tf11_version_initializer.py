# Source: MorvanZhou/tutorials tensorflowTUT/tf11_build_network/full_code.py @b772fe2 (no licence file stored)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: matplotlib import left out (the plot lines were commented out); numpy seed 0; 1000 steps -> 300.
import numpy as np
import tensorflow as tf

np.random.seed(0)


def dense_layer(inputs, n_in, n_out, activation=None):
    weights = tf.Variable(tf.random_normal([n_in, n_out]))
    bias = tf.Variable(tf.zeros([1, n_out]) + 0.1)
    pre_activation = tf.matmul(inputs, weights) + bias
    if activation is None:
        out = pre_activation
    else:
        out = activation(pre_activation)
    return out


# a noisy parabola
x_data = np.linspace(-1, 1, 300, dtype=np.float32)[:, np.newaxis]
noise = np.random.normal(0, 0.05, x_data.shape).astype(np.float32)
y_data = np.square(x_data) - 0.5 + noise

xs = tf.placeholder(tf.float32, [None, 1])
ys = tf.placeholder(tf.float32, [None, 1])
hidden = dense_layer(xs, 1, 10, activation=tf.nn.relu)
prediction = dense_layer(hidden, 10, 1, activation=None)

loss = tf.reduce_mean(tf.reduce_sum(tf.square(ys - prediction), reduction_indices=[1]))
train_step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
sess = tf.Session()
# initialize_all_variables was renamed in TensorFlow 0.12
if int((tf.__version__).split('.')[1]) < 12 and int((tf.__version__).split('.')[0]) < 1:
    init = tf.initialize_all_variables()
else:
    init = tf.global_variables_initializer()
sess.run(init)

for step in range(300):
    sess.run(train_step, feed_dict={xs: x_data, ys: y_data})
    if step % 50 == 0:
        print(sess.run(loss, feed_dict={xs: x_data, ys: y_data}))
