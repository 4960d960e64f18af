# Source: tfmigrate (issue 16) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
# Written for tfmigrate's test set in the shape of public TF1 softmax-regression scripts that keep the learning
# rate in a graph variable (`learning_rate = tf.Variable(0.5, trainable=False)`, never assigned) and train with
# MomentumOptimizer(learning_rate, 0.9). Own code, no source text copied.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(11)
images = rng.rand(100, 10).astype(np.float32)
classes = np.eye(3, dtype=np.float32)[rng.randint(0, 3, 100)]

x = tf.placeholder(tf.float32, [None, 10])
y_ = tf.placeholder(tf.float32, [None, 3])
W = tf.Variable(tf.zeros([10, 3]))
b = tf.Variable(tf.zeros([3]))
learning_rate = tf.Variable(0.5, trainable=False)
y = tf.nn.softmax(tf.matmul(x, W) + b)
cross_entropy = tf.reduce_mean(-tf.reduce_sum(y_ * tf.log(y + 1e-8), axis=1))
train_step = tf.train.MomentumOptimizer(learning_rate, 0.9).minimize(cross_entropy)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(50):
        _, loss = sess.run([train_step, cross_entropy], feed_dict={x: images, y_: classes})
        if i % 10 == 0:
            print(i, loss)
    print(sess.run(W)[0], sess.run(b), sess.run(learning_rate))
