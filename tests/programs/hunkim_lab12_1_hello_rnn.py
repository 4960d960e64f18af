# Source: hunkim/DeepLearningZeroToAll lab-12-1-hello-rnn.py (no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: tf.contrib.rnn.BasicLSTMCell -> tf.nn.rnn_cell.BasicLSTMCell (tf.contrib is not part of tf.compat.v1),
# tf.contrib.seq2seq.sequence_loss -> the same mean of sparse softmax cross-entropy; 50 steps -> 20.
import numpy as np
import tensorflow as tf

tf.set_random_seed(777)

idx2char = ["h", "i", "e", "l", "o"]
x_data = [[0, 1, 0, 2, 3, 3]]
x_one_hot = [[[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [1, 0, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 1, 0]]]
y_data = [[1, 0, 2, 3, 3, 4]]

num_classes = 5
input_dim = 5
hidden_size = 5
batch_size = 1
sequence_length = 6
learning_rate = 0.1

X = tf.placeholder(tf.float32, [None, sequence_length, input_dim])
Y = tf.placeholder(tf.int32, [None, sequence_length])

cell = tf.nn.rnn_cell.BasicLSTMCell(num_units=hidden_size, state_is_tuple=True)
initial_state = cell.zero_state(batch_size, tf.float32)
outputs, _states = tf.nn.dynamic_rnn(cell, X, initial_state=initial_state, dtype=tf.float32)

X_for_fc = tf.reshape(outputs, [-1, hidden_size])
W = tf.get_variable("fc_w", [hidden_size, num_classes])
b = tf.get_variable("fc_b", [num_classes], initializer=tf.zeros_initializer())
outputs = tf.matmul(X_for_fc, W) + b
outputs = tf.reshape(outputs, [batch_size, sequence_length, num_classes])

loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=Y, logits=outputs))
train = tf.train.AdamOptimizer(learning_rate=learning_rate).minimize(loss)
prediction = tf.argmax(outputs, axis=2)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(20):
        l, _ = sess.run([loss, train], feed_dict={X: x_one_hot, Y: y_data})
        result = sess.run(prediction, feed_dict={X: x_one_hot})
        if i % 5 == 0:
            print(i, "loss:", l, "prediction: ", result, "true Y: ", y_data)
            result_str = [idx2char[c] for c in np.squeeze(result)]
            print("\tPrediction str: ", "".join(result_str))
