# Source: ageron/handson-ml 15_autoencoders.ipynb ("Using dropout", the denoising autoencoder) @2d5d735 (Apache-2.0).
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: notebook cells -> one script; reset_graph() left out (unseeded: a seeded tf.layers.dropout keeps the
# graph tier); keeps the tutorial's real `input_data` import (tests/data/mnist_support serves synthetic MNIST);
# hidden layers 300/150 -> 64/32, 10 epochs -> 3 of 5 batches; the Saver and the plots left out.
import sys

import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets("/tmp/data/")

n_inputs = 28 * 28
n_hidden1 = 64
n_hidden2 = 32  # codings
n_hidden3 = n_hidden1
n_outputs = n_inputs

learning_rate = 0.01

dropout_rate = 0.3

training = tf.placeholder_with_default(False, shape=(), name="training")

X = tf.placeholder(tf.float32, shape=[None, n_inputs])
X_drop = tf.layers.dropout(X, dropout_rate, training=training)
hidden1 = tf.layers.dense(X_drop, n_hidden1, activation=tf.nn.relu, name="hidden1")
hidden2 = tf.layers.dense(hidden1, n_hidden2, activation=tf.nn.relu, name="hidden2")
hidden3 = tf.layers.dense(hidden2, n_hidden3, activation=tf.nn.relu, name="hidden3")
outputs = tf.layers.dense(hidden3, n_outputs, name="outputs")

reconstruction_loss = tf.reduce_mean(tf.square(outputs - X))  # MSE
optimizer = tf.train.AdamOptimizer(learning_rate)
training_op = optimizer.minimize(reconstruction_loss)

init = tf.global_variables_initializer()

n_epochs = 3
batch_size = 150

with tf.Session() as sess:
    init.run()
    for epoch in range(n_epochs):
        n_batches = 5
        for iteration in range(n_batches):
            sys.stdout.flush()
            X_batch, y_batch = mnist.train.next_batch(batch_size)
            sess.run(training_op, feed_dict={X: X_batch, training: True})
        loss_train = reconstruction_loss.eval(feed_dict={X: X_batch})
        print("{}".format(epoch), "Train MSE:", loss_train)
    codings = hidden2.eval(feed_dict={X: mnist.test.images[:2]})
    print(np.round(codings.sum(), 0) >= 0)
