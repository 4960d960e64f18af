# Source: aymericdamien/TensorFlow-Examples examples/3_NeuralNetworks/recurrent_network.py (commit 169fca8, MIT)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST -> 256 synthetic training and 128 test images of the same shape (numpy seed 0), next_batch -> slices;
# tf.contrib.rnn -> tf.nn.rnn_cell / tf.nn.static_rnn (tf.contrib is not part of tf.compat.v1); 10000 steps -> 40,
# displayed every 10; hidden 128 -> 32; learning rate 0.001 -> 0.3 (40 unseeded steps at 0.001 did not reliably
# lower the loss); the closing simple_save export left out.
from __future__ import print_function

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
train_images = (rng.uniform(size=(256, 784)) < 0.2).astype(np.float32)
train_labels = np.eye(10)[train_images[:, :10].argmax(axis=1)].astype(np.float32)
test_images = (rng.uniform(size=(128, 784)) < 0.2).astype(np.float32)
test_labels = np.eye(10)[test_images[:, :10].argmax(axis=1)].astype(np.float32)

# Training Parameters
learning_rate = 0.3
training_steps = 40
batch_size = 64
display_step = 10

# Network Parameters
num_input = 28  # one image row per step
timesteps = 28  # the rows
num_hidden = 32  # LSTM units
num_classes = 10

X = tf.placeholder("float", [None, timesteps, num_input])
Y = tf.placeholder("float", [None, num_classes])

weights = {"out": tf.Variable(tf.random_normal([num_hidden, num_classes]))}
biases = {"out": tf.Variable(tf.random_normal([num_classes]))}


def RNN(x, weights, biases):
    # (batch, timesteps, n_input) -> a list of `timesteps` tensors of shape (batch, n_input)
    x = tf.unstack(x, timesteps, 1)

    # an LSTM cell
    lstm_cell = tf.nn.rnn_cell.BasicLSTMCell(num_hidden, forget_bias=1.0)

    # the output of every step
    outputs, states = tf.nn.static_rnn(lstm_cell, x, dtype=tf.float32)

    # linear activation of the last output
    return tf.matmul(outputs[-1], weights["out"]) + biases["out"]


logits = RNN(X, weights, biases)
prediction = tf.nn.softmax(logits)

loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=learning_rate)
train_op = optimizer.minimize(loss_op)

correct_pred = tf.equal(tf.argmax(prediction, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))

init = tf.global_variables_initializer()

with tf.Session() as sess:
    sess.run(init)

    for step in range(1, training_steps + 1):
        start = ((step - 1) * batch_size) % len(train_images)
        batch_x, batch_y = train_images[start : start + batch_size], train_labels[start : start + batch_size]
        batch_x = batch_x.reshape((batch_size, timesteps, num_input))
        sess.run(train_op, feed_dict={X: batch_x, Y: batch_y})
        if step % display_step == 0 or step == 1:
            loss, acc = sess.run([loss_op, accuracy], feed_dict={X: batch_x, Y: batch_y})
            print(
                "Step " + str(step) + ", Minibatch Loss= " + "{:.4f}".format(loss) + ", Training Accuracy= "
                + "{:.3f}".format(acc)
            )

    print("Optimization Finished!")

    test_len = 128
    test_data = test_images[:test_len].reshape((-1, timesteps, num_input))
    test_label = test_labels[:test_len]
    print("Testing Accuracy:", sess.run(accuracy, feed_dict={X: test_data, Y: test_label}))
