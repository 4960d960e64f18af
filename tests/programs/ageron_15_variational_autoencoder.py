# Source: ageron/handson-ml 15_autoencoders.ipynb ("Variational Autoencoder") @2d5d735 (Apache-2.0).
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: notebook cells -> one script; reset_graph() left out (unseeded: a seeded
# variance_scaling_initializer keeps the graph tier); keeps
# the tutorial's real `input_data` import (tests/data/mnist_support serves synthetic MNIST); hidden layers
# 500/500/20 -> 32/32/4, 50 epochs -> 3 of 4 batches; functools.partial(tf.layers.dense, ...) written out at each
# call (tfmigrate does not read partial); the Saver (tf.layers' Adam slots keep the graph
# tier), the generated digits and the plots left out.
import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets("/tmp/data/")

n_inputs = 28 * 28
n_hidden1 = 32
n_hidden2 = 32
n_hidden3 = 4  # codings
n_hidden4 = n_hidden2
n_hidden5 = n_hidden1
n_outputs = n_inputs
learning_rate = 0.001

initializer = tf.variance_scaling_initializer()

X = tf.placeholder(tf.float32, [None, n_inputs])
hidden1 = tf.layers.dense(X, n_hidden1, activation=tf.nn.elu, kernel_initializer=initializer)
hidden2 = tf.layers.dense(hidden1, n_hidden2, activation=tf.nn.elu, kernel_initializer=initializer)
hidden3_mean = tf.layers.dense(hidden2, n_hidden3, kernel_initializer=initializer)
hidden3_sigma = tf.layers.dense(hidden2, n_hidden3, kernel_initializer=initializer)
noise = tf.random_normal(tf.shape(hidden3_sigma), dtype=tf.float32)
hidden3 = hidden3_mean + hidden3_sigma * noise
hidden4 = tf.layers.dense(hidden3, n_hidden4, activation=tf.nn.elu, kernel_initializer=initializer)
hidden5 = tf.layers.dense(hidden4, n_hidden5, activation=tf.nn.elu, kernel_initializer=initializer)
logits = tf.layers.dense(hidden5, n_outputs, kernel_initializer=initializer)
outputs = tf.sigmoid(logits)

xentropy = tf.nn.sigmoid_cross_entropy_with_logits(labels=X, logits=logits)
reconstruction_loss = tf.reduce_sum(xentropy)

eps = 1e-10  # smoothing term to avoid computing log(0) which is NaN
latent_loss = 0.5 * tf.reduce_sum(
    tf.square(hidden3_sigma) + tf.square(hidden3_mean) - 1 - tf.log(eps + tf.square(hidden3_sigma)))
loss = reconstruction_loss + latent_loss

optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate)
training_op = optimizer.minimize(loss)

init = tf.global_variables_initializer()

n_epochs = 3
batch_size = 50

with tf.Session() as sess:
    init.run()
    for epoch in range(n_epochs):
        n_batches = 4
        for iteration in range(n_batches):
            X_batch, y_batch = mnist.train.next_batch(batch_size)
            sess.run(training_op, feed_dict={X: X_batch})
        loss_val, reconstruction_loss_val, latent_loss_val = sess.run(
            [loss, reconstruction_loss, latent_loss], feed_dict={X: X_batch})
        print("\r{}".format(epoch), "Train total loss:", loss_val, "\tReconstruction loss:",
              reconstruction_loss_val, "\tLatent loss:", latent_loss_val)
