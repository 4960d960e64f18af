# Source: MorvanZhou/tutorials tensorflowTUT/tf11_build_network/full_code.py (MIT; see manifest.toml: shape)
# Adapted: see manifest.toml (adapted)
#
# Morvan's add_layer as learners retype it from the Chinese TF book: the helper prints what it builds (the input's
# static shape, the pre-activation's, a separator line, the output tensor) each time the module calls it.
import numpy as np
import tensorflow as tf


def add_layer(inputs, in_size, out_size, activation_function=None):
    print(inputs.shape, 'inputs')
    Weights = tf.Variable(tf.random_normal([in_size, out_size]))
    biases = tf.Variable(tf.zeros([1, out_size]) + 0.1)
    Wx_plus_b = tf.matmul(inputs, Weights) + biases
    print(Wx_plus_b.shape, 'Wx_plus_b')
    print('------------')
    outputs = Wx_plus_b if activation_function is None else activation_function(Wx_plus_b)
    print(outputs)
    return outputs


np.random.seed(1)
x_data = np.linspace(-1, 1, 200)[:, np.newaxis]
noise = np.random.normal(0, 0.05, x_data.shape)
y_data = np.square(x_data) - 0.5 + noise

xs = tf.placeholder(tf.float32, [None, 1])
ys = tf.placeholder(tf.float32, [None, 1])
l1 = add_layer(xs, 1, 10, activation_function=tf.nn.relu)
prediction = add_layer(l1, 10, 1, activation_function=None)
loss = tf.reduce_mean(tf.reduce_sum(tf.square(ys - prediction), reduction_indices=[1]))
train_step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

init = tf.global_variables_initializer()
sess = tf.Session()
sess.run(init)
for i in range(300):
    sess.run(train_step, feed_dict={xs: x_data, ys: y_data})
    if i % 50 == 0:
        print('loss:', sess.run(loss, feed_dict={xs: x_data, ys: y_data}))
