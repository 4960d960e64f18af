# Source: ageron/handson-ml 14_recurrent_neural_networks.ipynb (Time series + Deep RNN: MultiRNNCell) @ 2d5d735
# (Apache-2.0). Hands-On Machine Learning, chapter 14: a MultiRNNCell of LSTM cells trained on a sine time series with
# Adam, saved by a tf.train.Saver and restored.
# Adapted: notebook cells -> one script; reset_graph() -> its tf.set_random_seed(42) and np.random.seed(42) at module
# level; tf.contrib.rnn.BasicLSTMCell / MultiRNNCell -> tf.nn.rnn_cell.* (tf.contrib is not part of tf.compat.v1); the
# notebook's time-series next_batch kept, its projection of the stacked outputs kept as a matmul with W_out, b_out
# variables (tf.layers.dense under a Saver keeps the graph tier: another shape); 3 layers of 100 units -> 2 of 8,
# 1500 iterations -> 12, the MSE fetched with the step (sess.run([training_op, loss])) and printed every 3; the
# restore cell placed before training (a run that finds the checkpoint resumes from it), the prediction cell's second
# Session (which restored what the first saved) folded into the first; the plot left out (predictions printed).
import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(42)
np.random.seed(42)

n_steps, n_inputs, n_outputs = 20, 1, 1
n_neurons = 8
n_layers = 2
t_min, t_max, resolution = 0, 30, 0.1


def time_series(t):
    return t * np.sin(t) / 3 + 2 * np.sin(t * 5)


def next_batch(batch_size, n_steps):
    starts = np.random.rand(batch_size, 1) * (t_max - t_min - n_steps * resolution)
    values = time_series(starts + np.arange(0.0, n_steps + 1) * resolution)
    shape = (-1, n_steps, 1)
    return values[:, :-1].reshape(shape), values[:, 1:].reshape(shape)


X = tf.placeholder(tf.float32, [None, n_steps, n_inputs])
y = tf.placeholder(tf.float32, [None, n_steps, n_outputs])

layers = [tf.nn.rnn_cell.BasicLSTMCell(num_units=n_neurons) for layer in range(n_layers)]
multi_layer_cell = tf.nn.rnn_cell.MultiRNNCell(layers)
rnn_outputs, states = tf.nn.dynamic_rnn(multi_layer_cell, X, dtype=tf.float32)

stacked_rnn_outputs = tf.reshape(rnn_outputs, [-1, n_neurons])
W_out = tf.Variable(tf.random_normal([n_neurons, n_outputs], stddev=0.1), name="W_out")
b_out = tf.Variable(tf.zeros([n_outputs]), name="b_out")
stacked_outputs = tf.matmul(stacked_rnn_outputs, W_out) + b_out
outputs = tf.reshape(stacked_outputs, [-1, n_steps, n_outputs])

learning_rate = 0.001

loss = tf.reduce_mean(tf.square(outputs - y))
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate)
training_op = optimizer.minimize(loss)

init = tf.global_variables_initializer()
saver = tf.train.Saver()

n_iterations = 12
batch_size = 50

with tf.Session() as sess:
    init.run()
    if os.path.exists("./my_time_series_model.index"):
        saver.restore(sess, "./my_time_series_model")
        print("restored")
    for iteration in range(n_iterations):
        X_batch, y_batch = next_batch(batch_size, n_steps)
        _, mse = sess.run([training_op, loss], feed_dict={X: X_batch, y: y_batch})
        if iteration % 3 == 0:
            print(iteration, "\tMSE:", mse)
    saver.save(sess, "./my_time_series_model")

    t_instance = np.linspace(12.2, 12.2 + resolution * (n_steps + 1), n_steps + 1)
    X_new = time_series(np.array(t_instance[:-1].reshape(-1, n_steps, n_inputs)))
    y_pred = sess.run(outputs, feed_dict={X: X_new})

print(y_pred[0, :5, 0])
