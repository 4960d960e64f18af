# Source: ageron/handson-ml 14_recurrent_neural_networks.ipynb (Packing sequences) @ 2d5d735 (Apache-2.0). Packing sequences (Hands-On Machine Learning, chapter 14): static_rnn over tf.unstack of the transposed batch.
# Adapted: notebook cells -> one script; reset_graph() -> its tf.set_random_seed(42) and np.random.seed(42) at module level; tf.contrib.rnn.BasicRNNCell / static_rnn -> tf.nn.rnn_cell.BasicRNNCell / tf.nn.static_rnn (tf.contrib is not part of tf.compat.v1).
import numpy as np
import tensorflow as tf

tf.set_random_seed(42)
np.random.seed(42)

n_steps = 2
n_inputs = 3
n_neurons = 5

X = tf.placeholder(tf.float32, [None, n_steps, n_inputs])
X_seqs = tf.unstack(tf.transpose(X, perm=[1, 0, 2]))

basic_cell = tf.nn.rnn_cell.BasicRNNCell(num_units=n_neurons)
output_seqs, states = tf.nn.static_rnn(basic_cell, X_seqs,
                                       dtype=tf.float32)
outputs = tf.transpose(tf.stack(output_seqs), perm=[1, 0, 2])

init = tf.global_variables_initializer()

X_batch = np.array([
        # t = 0      t = 1
        [[0, 1, 2], [9, 8, 7]], # instance 1
        [[3, 4, 5], [0, 0, 0]], # instance 2
        [[6, 7, 8], [6, 5, 4]], # instance 3
        [[9, 0, 1], [3, 2, 1]], # instance 4
    ])

with tf.Session() as sess:
    init.run()
    outputs_val = outputs.eval(feed_dict={X: X_batch})

print(outputs_val)
print(np.transpose(outputs_val, axes=[1, 0, 2])[1])
