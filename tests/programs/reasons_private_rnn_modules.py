# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import numpy as np
import tensorflow as tf
from tensorflow.python.ops import rnn, rnn_cell

tf.set_random_seed(3)
n_steps, n_input, n_hidden, n_classes = 5, 3, 8, 2
x_ = tf.placeholder(tf.float32, [None, n_steps, n_input])
y_ = tf.placeholder(tf.float32, [None, n_classes])
cell = rnn_cell.GRUCell(n_hidden)
outputs, state = rnn.dynamic_rnn(cell, x_, dtype=tf.float32)
W = tf.Variable(tf.random_normal([n_hidden, n_classes], stddev=0.5))
b = tf.Variable(tf.zeros([n_classes]))
logits = tf.matmul(state, W) + b
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=logits))
train = tf.train.AdamOptimizer(0.01).minimize(loss)
rng = np.random.RandomState(0)
xs = rng.rand(16, n_steps, n_input).astype(np.float32)
ys = np.eye(n_classes, dtype=np.float32)[(xs.sum(axis=(1, 2)) > 7.5).astype(int)]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(20):
        _, l = sess.run([train, loss], feed_dict={x_: xs, y_: ys})
        if i % 5 == 0:
            print(i, l)
