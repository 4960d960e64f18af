# Source: ageron/handson-ml 14_recurrent_neural_networks.ipynb (Handling Variable Length Input Sequences) @ 2d5d735 (Apache-2.0). Handling variable length input sequences (Hands-On Machine Learning, chapter 14): dynamic_rnn with sequence_length.
# Adapted: notebook cells -> one script; reset_graph() -> its tf.set_random_seed(42) and np.random.seed(42) at module level; tf.contrib.rnn.BasicRNNCell -> tf.nn.rnn_cell.BasicRNNCell (tf.contrib is not part of tf.compat.v1).
import numpy as np
import tensorflow as tf

tf.set_random_seed(42)
np.random.seed(42)

n_steps = 2
n_inputs = 3
n_neurons = 5

X = tf.placeholder(tf.float32, [None, n_steps, n_inputs])
basic_cell = tf.nn.rnn_cell.BasicRNNCell(num_units=n_neurons)

seq_length = tf.placeholder(tf.int32, [None])
outputs, states = tf.nn.dynamic_rnn(basic_cell, X, dtype=tf.float32,
                                    sequence_length=seq_length)

init = tf.global_variables_initializer()

X_batch = np.array([
        # step 0     step 1
        [[0, 1, 2], [9, 8, 7]], # instance 1
        [[3, 4, 5], [0, 0, 0]], # instance 2 (padded with zero vectors)
        [[6, 7, 8], [6, 5, 4]], # instance 3
        [[9, 0, 1], [3, 2, 1]], # instance 4
    ])
seq_length_batch = np.array([2, 1, 2, 2])

with tf.Session() as sess:
    init.run()
    outputs_val, states_val = sess.run(
        [outputs, states], feed_dict={X: X_batch, seq_length: seq_length_batch})

print(outputs_val)
print(states_val)
