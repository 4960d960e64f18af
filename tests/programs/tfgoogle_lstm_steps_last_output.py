# Source: the LSTM forward pass of "TensorFlow实战Google深度学习框架" chapter 8 (caicloud/tensorflow-tutorial
# Deep_Learning_with_TensorFlow/1.4.0/Chapter08, Apache-2.0), as copied by huangzewen/AutoEncoder
# demo/autoencoder_LSTM/test.py; written for tfmigrate's test set in that shape, no source text copied.
# Adapted: the book's pseudo-code (current_input, fully_connected, calc_loss undefined) made to run: the inputs a fed
# placeholder [batch, num_steps, 2] read step by step, lstm = BasicLSTMCell(lstm_hidden_size) with its zero_state,
# tf.get_variable_scope().reuse_variables() after the first step under tf.variable_scope("lstm"); the loss of the
# last step's output (a matmul) instead of a per-step loss; trained 5 steps of SGD, seeded.
import numpy as np
import tensorflow as tf

tf.set_random_seed(5)
np.random.seed(5)

lstm_hidden_size = 6
batch_size = 8
num_steps = 4

x = tf.placeholder(tf.float32, [batch_size, num_steps, 2])
expected_output = tf.placeholder(tf.float32, [batch_size, 1])

lstm = tf.nn.rnn_cell.BasicLSTMCell(lstm_hidden_size)
state = lstm.zero_state(batch_size, tf.float32)

with tf.variable_scope("lstm"):
    for i in range(num_steps):
        if i > 0:
            tf.get_variable_scope().reuse_variables()
        lstm_output, state = lstm(x[:, i, :], state)

w = tf.Variable(tf.truncated_normal([lstm_hidden_size, 1], stddev=0.1))
b = tf.Variable(tf.zeros([1]))
final_output = tf.matmul(lstm_output, w) + b
loss = tf.reduce_mean(tf.square(final_output - expected_output))
train_op = tf.train.GradientDescentOptimizer(0.3).minimize(loss)

data = np.random.rand(batch_size, num_steps, 2)
target = data.sum(axis=(1, 2)).reshape(-1, 1) / num_steps

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        _, loss_val = sess.run([train_op, loss], feed_dict={x: data, expected_output: target})
        print(step, loss_val)
    print(sess.run(state, feed_dict={x: data}))
    print(sess.run(final_output, feed_dict={x: data})[:3])
