# Source: aymericdamien/TensorFlow-Examples examples/3_NeuralNetworks/bidirectional_rnn.py (commit 255dffa; MIT
# licence)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: keeps the tutorial's real `input_data` import (tests/data/mnist_support serves synthetic MNIST to the
# baseline and to the migrated program alike); tensorflow.models.rnn's bidirectional_rnn over tf.split(0, n, x) ->
# tf.nn.static_bidirectional_rnn over tf.split(x, n, 0) (the TF1 spelling of later versions of the file), the
# old-version try/except fallback left out; Python 2 prints -> print(); 100000 training images -> 1280, displayed
# every 2 steps; hidden 128 -> 16.
from __future__ import print_function

import tensorflow as tf
import numpy as np

from tensorflow.examples.tutorials.mnist import input_data
mnist = input_data.read_data_sets("/tmp/data/", one_hot=True)

# each image row is one time step: 28 steps of 28 pixels
learning_rate = 0.02
training_iters = 6400
batch_size = 128
display_step = 10

n_input = 28
n_steps = 28
n_hidden = 16
n_classes = 10

x = tf.placeholder("float", [None, n_steps, n_input])
y = tf.placeholder("float", [None, n_classes])

# the output layer reads the forward and the backward cell: 2 * n_hidden
weights = {
    'out': tf.Variable(tf.random_normal([2 * n_hidden, n_classes]))
}
biases = {
    'out': tf.Variable(tf.random_normal([n_classes]))
}


def BiRNN(x, weights, biases):
    # (batch, steps, input) -> a list of n_steps tensors (batch, input)
    x = tf.transpose(x, [1, 0, 2])
    x = tf.reshape(x, [-1, n_input])
    x = tf.split(x, n_steps, 0)

    # one LSTM cell per direction
    lstm_fw_cell = tf.nn.rnn_cell.BasicLSTMCell(n_hidden, forget_bias=1.0)
    lstm_bw_cell = tf.nn.rnn_cell.BasicLSTMCell(n_hidden, forget_bias=1.0)

    outputs, _, _ = tf.nn.static_bidirectional_rnn(lstm_fw_cell, lstm_bw_cell, x, dtype=tf.float32)

    # the last step's concatenated output into the linear layer
    return tf.matmul(outputs[-1], weights['out']) + biases['out']


pred = BiRNN(x, weights, biases)

cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=pred, labels=y))
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate).minimize(cost)

correct_pred = tf.equal(tf.argmax(pred, 1), tf.argmax(y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))

init = tf.global_variables_initializer()

with tf.Session() as sess:
    sess.run(init)
    step = 1
    while step * batch_size < training_iters:
        batch_x, batch_y = mnist.train.next_batch(batch_size)
        batch_x = batch_x.reshape((batch_size, n_steps, n_input))
        sess.run(optimizer, feed_dict={x: batch_x, y: batch_y})
        if step % display_step == 0:
            acc = sess.run(accuracy, feed_dict={x: batch_x, y: batch_y})
            loss = sess.run(cost, feed_dict={x: batch_x, y: batch_y})
            print("Iter " + str(step * batch_size) + ", Minibatch Loss= " + "{:.6f}".format(loss)
                  + ", Training Accuracy= " + "{:.5f}".format(acc))
        step += 1
    print("Optimization Finished!")

    test_len = 128
    test_data = mnist.test.images[:test_len].reshape((-1, n_steps, n_input))
    test_label = mnist.test.labels[:test_len]
    print("Testing Accuracy:", sess.run(accuracy, feed_dict={x: test_data, y: test_label}))
