# Source: nfmcclure/tensorflow_cookbook 06_Neural_Networks/04_Single_Hidden_Layer_Network/04_single_hidden_layer_network.py (commit 050d02e; MIT)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: iris (sklearn) -> 150 synthetic rows of three features and a target, numpy seed 0; the loss plot left out.
import numpy as np
import tensorflow as tf
from tensorflow.python.framework import ops

ops.reset_default_graph()
np.random.seed(0)
features = np.random.uniform(1, 7, (150, 3))
target = 0.4 * features[:, 2] - 0.2 * features[:, 0] + 0.1 * features[:, 1] + np.random.normal(0, 0.1, 150)

sess = tf.Session()

train_rows = np.random.choice(len(features), round(len(features) * 0.8), replace=False)
test_rows = np.array(list(set(range(len(features))) - set(train_rows)))
x_train, x_test = features[train_rows], features[test_rows]
y_train, y_test = target[train_rows], target[test_rows]


def min_max(m):
    low, high = m.min(axis=0), m.max(axis=0)
    return (m - low) / (high - low)


x_train = np.nan_to_num(min_max(x_train))
x_test = np.nan_to_num(min_max(x_test))
batch = 50

x_in = tf.placeholder(shape=[None, 3], dtype=tf.float32)
y_in = tf.placeholder(shape=[None, 1], dtype=tf.float32)
hidden_nodes = 10
A1 = tf.Variable(tf.random_normal(shape=[3, hidden_nodes]))
b1 = tf.Variable(tf.random_normal(shape=[hidden_nodes]))
A2 = tf.Variable(tf.random_normal(shape=[hidden_nodes, 1]))
b2 = tf.Variable(tf.random_normal(shape=[1]))
hidden = tf.nn.relu(tf.add(tf.matmul(x_in, A1), b1))
output = tf.nn.relu(tf.add(tf.matmul(hidden, A2), b2))
loss = tf.reduce_mean(tf.square(y_in - output))
train = tf.train.GradientDescentOptimizer(0.005).minimize(loss)

sess.run(tf.initialize_all_variables())

train_history, test_history = [], []
for step in range(500):
    k = np.random.choice(len(x_train), size=batch)
    feed = {x_in: x_train[k], y_in: np.transpose([y_train[k]])}
    sess.run(train, feed_dict=feed)
    current = sess.run(loss, feed_dict=feed)
    train_history.append(np.sqrt(current))
    test_history.append(np.sqrt(sess.run(loss, feed_dict={x_in: x_test, y_in: np.transpose([y_test])})))
    if (step + 1) % 50 == 0:
        print("generation", step + 1, "loss", current)
