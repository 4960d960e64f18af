# Source: nlintz/TensorFlow-Tutorials 04_modern_net.py (commit 8ab812e; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST -> 256 synthetic training and 64 test samples of the same shape (numpy seed 0);
# hidden 625 -> 64; 100 epochs -> 3; batch 128 -> 64.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
trX = rng.rand(256, 784).astype(np.float32)
trY = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 256)]
teX = rng.rand(64, 784).astype(np.float32)
teY = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 64)]


def init_weights(shape):
    return tf.Variable(tf.random_normal(shape, stddev=0.01))


def model(X, w_h, w_h2, w_o, p_keep_input, p_keep_hidden):
    X = tf.nn.dropout(X, p_keep_input)
    h = tf.nn.relu(tf.matmul(X, w_h))
    h = tf.nn.dropout(h, p_keep_hidden)
    h2 = tf.nn.relu(tf.matmul(h, w_h2))
    h2 = tf.nn.dropout(h2, p_keep_hidden)
    return tf.matmul(h2, w_o)


X = tf.placeholder("float", [None, 784])
Y = tf.placeholder("float", [None, 10])
w_h = init_weights([784, 64])
w_h2 = init_weights([64, 64])
w_o = init_weights([64, 10])
p_keep_input = tf.placeholder("float")
p_keep_hidden = tf.placeholder("float")
py_x = model(X, w_h, w_h2, w_o, p_keep_input, p_keep_hidden)

cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=py_x, labels=Y))
train_op = tf.train.RMSPropOptimizer(0.001, 0.9).minimize(cost)
predict_op = tf.argmax(py_x, 1)

with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for i in range(3):
        for start, end in zip(range(0, len(trX), 64), range(64, len(trX) + 1, 64)):
            sess.run(train_op, feed_dict={X: trX[start:end], Y: trY[start:end], p_keep_input: 0.8, p_keep_hidden: 0.5})
        print(i, np.mean(np.argmax(teY, axis=1) == sess.run(predict_op, feed_dict={X: teX, p_keep_input: 1.0, p_keep_hidden: 1.0})))
