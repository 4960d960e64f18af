# Source: ageron/handson-ml 14_recurrent_neural_networks.ipynb (LSTM) @ 2d5d735 (Apache-2.0). Three BasicLSTMCells from a list comprehension in a MultiRNNCell classifying MNIST rows, the top cell's h state (states[-1][1]) into a dense layer (Hands-On Machine Learning, chapter 14).
# Adapted: notebook cells -> one script; reset_graph() -> its tf.set_random_seed(42) and np.random.seed(42) at module level; tf.contrib.rnn.BasicLSTMCell / MultiRNNCell -> tf.nn.rnn_cell.* (tf.contrib is not part of tf.compat.v1); the MNIST loading of the notebook's sequence classifier section (read_data_sets, X_test, y_test) placed before the LSTM section's code; the notebook's bare `states` / `top_layer_h_state` cells (they display graph tensors) left out; the notebook's hyperparameters cell, repeated by the LSTM section, given once; 10 epochs -> 2, 4 batches each.
import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

tf.set_random_seed(42)
np.random.seed(42)

n_steps = 28
n_inputs = 28
n_neurons = 150
n_outputs = 10

mnist = input_data.read_data_sets("/tmp/data/")
X_test = mnist.test.images.reshape((-1, n_steps, n_inputs))
y_test = mnist.test.labels

lstm_cell = tf.nn.rnn_cell.BasicLSTMCell(num_units=n_neurons)

n_layers = 3

learning_rate = 0.001

X = tf.placeholder(tf.float32, [None, n_steps, n_inputs])
y = tf.placeholder(tf.int32, [None])

lstm_cells = [tf.nn.rnn_cell.BasicLSTMCell(num_units=n_neurons)
              for layer in range(n_layers)]
multi_cell = tf.nn.rnn_cell.MultiRNNCell(lstm_cells)
outputs, states = tf.nn.dynamic_rnn(multi_cell, X, dtype=tf.float32)
top_layer_h_state = states[-1][1]
logits = tf.layers.dense(top_layer_h_state, n_outputs, name="softmax")
xentropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
loss = tf.reduce_mean(xentropy, name="loss")
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate)
training_op = optimizer.minimize(loss)
correct = tf.nn.in_top_k(logits, y, 1)
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

init = tf.global_variables_initializer()

n_epochs = 2
batch_size = 150

with tf.Session() as sess:
    init.run()
    for epoch in range(n_epochs):
        for iteration in range(4):
            X_batch, y_batch = mnist.train.next_batch(batch_size)
            X_batch = X_batch.reshape((batch_size, n_steps, n_inputs))
            sess.run(training_op, feed_dict={X: X_batch, y: y_batch})
        acc_train = accuracy.eval(feed_dict={X: X_batch, y: y_batch})
        acc_test = accuracy.eval(feed_dict={X: X_test, y: y_test})
        print(epoch, "Train accuracy:", acc_train, "Test accuracy:", acc_test)
