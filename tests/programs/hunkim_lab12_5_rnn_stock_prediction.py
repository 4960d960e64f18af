# Source: hunkim/DeepLearningZeroToAll lab-12-5-rnn_stock_prediction.py (commit 0d83a06; no licence file in the
# stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: data-02-stock_daily.csv -> 40 synthetic days of the same 5 columns (numpy seed 0);
# tf.contrib.rnn.BasicLSTMCell -> tf.nn.rnn_cell.BasicLSTMCell and tf.contrib.layers.fully_connected(activation_fn=None)
# -> tf.layers.dense (the same glorot-uniform kernel and zero bias; tf.contrib is not part of tf.compat.v1);
# 500 iterations -> 30; matplotlib left out.
import numpy as np
import tensorflow as tf

tf.set_random_seed(777)  # reproducibility


def MinMaxScaler(data):
    """Min-max normalisation of each column."""
    numerator = data - np.min(data, 0)
    denominator = np.max(data, 0)
    # the noise term prevents a division by zero
    return numerator / (denominator + 1e-7), np.min(data, 0)[-1], np.max(data, 0)[-1]


def OriginalScaler(data, min_value, max_value):
    return data * (max_value + 1e-7) + min_value


seq_length = 7
data_dim = 5
hidden_dim = 10
output_dim = 1
learning_rate = 0.01
iterations = 30

# Open, High, Low, Volume, Close
rng = np.random.RandomState(0)
prices = 800 + np.cumsum(rng.normal(0, 5, size=40))
xy = np.stack([prices + 2, prices + 6, prices - 4, rng.uniform(1e6, 3e6, size=40), prices], axis=1)
xy = xy[::-1]  # chronological order
xy, min_y, max_y = MinMaxScaler(xy)
x = xy
y = xy[:, [-1]]  # Close as label

dataX = []
dataY = []
for i in range(0, len(y) - seq_length):
    _x = x[i : i + seq_length]
    _y = y[i + seq_length]  # the next close
    dataX.append(_x)
    dataY.append(_y)
print(len(dataX), "windows")

train_size = int(len(dataY) * 0.7)
test_size = len(dataY) - train_size
trainX, testX = np.array(dataX[0:train_size]), np.array(dataX[train_size : len(dataX)])
trainY, testY = np.array(dataY[0:train_size]), np.array(dataY[train_size : len(dataY)])

X = tf.placeholder(tf.float32, [None, seq_length, data_dim])
Y = tf.placeholder(tf.float32, [None, 1])

# an LSTM network
cell = tf.nn.rnn_cell.BasicLSTMCell(num_units=hidden_dim, state_is_tuple=True, activation=tf.tanh)
outputs, _states = tf.nn.dynamic_rnn(cell, X, dtype=tf.float32)
Y_pred = tf.layers.dense(outputs[:, -1], output_dim)  # the last step's output

loss = tf.reduce_sum(tf.square(Y_pred - Y))  # sum of the squares
optimizer = tf.train.AdamOptimizer(learning_rate)
train = optimizer.minimize(loss)

# RMSE
targets = tf.placeholder(tf.float32, [None, 1])
predictions = tf.placeholder(tf.float32, [None, 1])
rmse = tf.sqrt(tf.reduce_mean(tf.square(targets - predictions)))

with tf.Session() as sess:
    init = tf.global_variables_initializer()
    sess.run(init)

    for i in range(iterations):
        _, step_loss = sess.run([train, loss], feed_dict={X: trainX, Y: trainY})
        print("[step: {}] loss: {}".format(i, step_loss))

    test_predict = sess.run(Y_pred, feed_dict={X: testX})
    rmse_val = sess.run(rmse, feed_dict={targets: testY, predictions: test_predict})
    print("RMSE: {}".format(rmse_val))
    print(OriginalScaler(test_predict, min_y, max_y).shape)
