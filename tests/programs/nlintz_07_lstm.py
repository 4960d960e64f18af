# Source: nlintz/TensorFlow-Tutorials 07_lstm.py (commit 1519715; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST -> 256 synthetic training and 64 test images of the same shape (numpy seed 0); tf.contrib.rnn ->
# tf.nn.rnn_cell / tf.nn.static_rnn (tf.contrib is not part of tf.compat.v1); 100 epochs -> 3; test batch 256 -> 32.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)

# each input row is one step of the LSTM; the LSTM has as many units as a row has pixels
input_vec_size = lstm_size = 28
time_step_size = 28

batch_size = 64
test_size = 32


def init_weights(shape):
    return tf.Variable(tf.random_normal(shape, stddev=0.01))


def model(X, W, B, lstm_size):
    # (batch, steps, inputs) -> (steps, batch, inputs)
    XT = tf.transpose(X, [1, 0, 2])
    # (steps * batch, inputs)
    XR = tf.reshape(XT, [-1, lstm_size])
    # `time_step_size` arrays of (batch, inputs)
    X_split = tf.split(XR, time_step_size, 0)

    lstm = tf.nn.rnn_cell.BasicLSTMCell(lstm_size, forget_bias=1.0, state_is_tuple=True)

    outputs, _states = tf.nn.static_rnn(lstm, X_split, dtype=tf.float32)

    # the last output, linear
    return tf.matmul(outputs[-1], W) + B, lstm.state_size


trX = (rng.uniform(size=(256, 784)) < 0.2).astype(np.float32)
trY = np.eye(10)[trX[:, :10].argmax(axis=1)].astype(np.float32)
teX = (rng.uniform(size=(64, 784)) < 0.2).astype(np.float32)
teY = np.eye(10)[teX[:, :10].argmax(axis=1)].astype(np.float32)
trX = trX.reshape(-1, 28, 28)
teX = teX.reshape(-1, 28, 28)

X = tf.placeholder("float", [None, 28, 28])
Y = tf.placeholder("float", [None, 10])

W = init_weights([lstm_size, 10])
B = init_weights([10])

py_x, state_size = model(X, W, B, lstm_size)

cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=py_x, labels=Y))
train_op = tf.train.RMSPropOptimizer(0.001, 0.9).minimize(cost)
predict_op = tf.argmax(py_x, 1)

session_conf = tf.ConfigProto()
session_conf.gpu_options.allow_growth = True

with tf.Session(config=session_conf) as sess:
    tf.global_variables_initializer().run()

    for i in range(3):
        for start, end in zip(range(0, len(trX), batch_size), range(batch_size, len(trX) + 1, batch_size)):
            sess.run(train_op, feed_dict={X: trX[start:end], Y: trY[start:end]})

        test_indices = np.arange(len(teX))
        np.random.shuffle(test_indices)
        test_indices = test_indices[0:test_size]

        print(i, np.mean(np.argmax(teY[test_indices], axis=1) == sess.run(predict_op, feed_dict={X: teX[test_indices]})))
