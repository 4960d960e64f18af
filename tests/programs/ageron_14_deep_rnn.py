# Source: ageron/handson-ml 14_recurrent_neural_networks.ipynb (Deep RNN: MultiRNNCell) @ 2d5d735 (Apache-2.0). Three BasicRNNCells built by a list comprehension, stacked with MultiRNNCell (Hands-On Machine Learning, chapter 14).
# Adapted: notebook cells -> one script; reset_graph() -> its tf.set_random_seed(42) and np.random.seed(42) at module level; tf.contrib.rnn.BasicRNNCell / MultiRNNCell -> tf.nn.rnn_cell.* (tf.contrib is not part of tf.compat.v1); the notebook's bare `outputs_val.shape` cell -> print(), and the last step's first outputs printed too.
import numpy as np
import tensorflow as tf

tf.set_random_seed(42)
np.random.seed(42)

n_inputs = 2
n_steps = 5

X = tf.placeholder(tf.float32, [None, n_steps, n_inputs])

n_neurons = 100
n_layers = 3

layers = [tf.nn.rnn_cell.BasicRNNCell(num_units=n_neurons)
          for layer in range(n_layers)]
multi_layer_cell = tf.nn.rnn_cell.MultiRNNCell(layers)
outputs, states = tf.nn.dynamic_rnn(multi_layer_cell, X, dtype=tf.float32)

init = tf.global_variables_initializer()

X_batch = np.random.rand(2, n_steps, n_inputs)

with tf.Session() as sess:
    init.run()
    outputs_val = outputs.eval(feed_dict={X: X_batch})

print(outputs_val.shape)
print(outputs_val[:, -1, :6])
