# Source: tensorflow/docs site/en/r1/guide/variables.md, "Sharing variables" (Apache-2.0)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the guide's advice (a model function making its variables with tf.get_variable in nested variable scopes,
# called a second time under tf.variable_scope("model", reuse=True) to share them) as a train tower and a test
# tower over 64 training and 16 test samples drawn with numpy (seed 0); the test tower's accuracy printed.
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)
rng = np.random.RandomState(0)
train_x = rng.rand(64, 4).astype(np.float32)
train_y = (train_x.sum(axis=1, keepdims=True) > 2).astype(np.float32)
test_x = rng.rand(16, 4).astype(np.float32)
test_y = (test_x.sum(axis=1, keepdims=True) > 2).astype(np.float32)


def layer(input, weight_shape, bias_shape):
    W = tf.get_variable("W", weight_shape, initializer=tf.random_normal_initializer(stddev=0.5))
    b = tf.get_variable("b", bias_shape, initializer=tf.constant_initializer(0.0))
    return tf.matmul(input, W) + b


def model(x):
    with tf.variable_scope("hidden"):
        hidden = tf.nn.relu(layer(x, [4, 8], [8]))
    with tf.variable_scope("logits"):
        logits = layer(hidden, [8, 1], [1])
    return logits


x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 1])
x_test = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope("model"):
    train_logits = model(x)
with tf.variable_scope("model", reuse=True):
    test_logits = model(x_test)
loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=train_logits))
train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
test_accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.cast(test_logits > 0, tf.float32), y), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(30):
        _, l = sess.run([train_op, loss], feed_dict={x: train_x, y: train_y})
        if step % 10 == 0:
            print(step, l, sess.run(test_accuracy, feed_dict={x_test: test_x, y: test_y}))
