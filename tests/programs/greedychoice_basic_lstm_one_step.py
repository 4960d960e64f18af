# Source: thegreedychoice/TF-Tutorials RNNs/basic_lstm.py @ c8a1454 (no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: tf.contrib.rnn.BasicLSTMCell -> tf.nn.rnn_cell.BasicLSTMCell (tf.contrib is not part of tf.compat.v1);
# Python 2 prints -> print(); tf.set_random_seed(0) added (the kernel's draw is compared).
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)

sample_input = tf.constant([[1, 2, 3, 4, 3, 2], [3, 2, 2, 2, 2, 2]], dtype=tf.float32)
print(sample_input.get_shape())
LSTM_CELL_SIZE = 3  # hidden units

lstm_cell = tf.nn.rnn_cell.BasicLSTMCell(LSTM_CELL_SIZE, state_is_tuple=True)
state = (tf.zeros([2, LSTM_CELL_SIZE]),) * 2

with tf.variable_scope("lstm_basics") as scope:
    output, state_new = lstm_cell(sample_input, state)

sess = tf.Session()
sess.run(tf.global_variables_initializer())

print("Sample Input :")
print(sess.run(sample_input))
print("States :")
print(sess.run(state))
print("Cell State (c):")
print(sess.run(state_new[0]))
print("Output (h):")
print(sess.run(state_new[1]))
print("Output:")
print(sess.run(output))
