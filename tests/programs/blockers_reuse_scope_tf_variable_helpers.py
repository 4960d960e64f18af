# Source: tfmigrate (issue 16) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
# Written for tfmigrate's test set in the shape of public TF1 learner programs that build a train net, call
# `tf.get_variable_scope().reuse_variables()` and build the test net with the same `tf.Variable` helpers (which
# share nothing: TF1 gives the test net new variables).
import numpy as np
import tensorflow as tf

tf.set_random_seed(777)
rng = np.random.RandomState(11)
train_x = rng.rand(120, 6).astype(np.float32)
train_y = np.eye(3, dtype=np.float32)[(train_x[:, 0] + train_x[:, 1] * 2 > 1.4).astype(int) + (train_x[:, 2] > 0.7)]
test_x, test_y = train_x[:30], train_y[:30]


def weight_variable(shape):
    return tf.Variable(tf.truncated_normal(shape, stddev=0.1))


def bias_variable(shape):
    return tf.Variable(tf.constant(0.1, shape=shape))


def network(inputs):
    w1 = weight_variable([6, 16])
    b1 = bias_variable([16])
    hidden = tf.nn.relu(tf.matmul(inputs, w1) + b1)
    w2 = weight_variable([16, 3])
    b2 = bias_variable([3])
    return tf.matmul(hidden, w2) + b2


x = tf.placeholder(tf.float32, [None, 6])
y = tf.placeholder(tf.float32, [None, 3])
with tf.variable_scope("model"):
    train_logits = network(x)
    tf.get_variable_scope().reuse_variables()
    test_logits = network(x)

loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=train_logits))
train_op = tf.train.AdamOptimizer(0.01).minimize(loss)
train_accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(train_logits, 1), tf.argmax(y, 1)), tf.float32))
test_accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(test_logits, 1), tf.argmax(y, 1)), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(8):
        for start in range(0, 120, 30):
            sess.run(train_op, feed_dict={x: train_x[start:start + 30], y: train_y[start:start + 30]})
        print("epoch %d loss %.5f" % (epoch, sess.run(loss, feed_dict={x: train_x, y: train_y})))
    print("train accuracy", sess.run(train_accuracy, feed_dict={x: test_x, y: test_y}))
    print("test-net accuracy", sess.run(test_accuracy, feed_dict={x: test_x, y: test_y}))
    print("test-net logits", sess.run(test_logits, feed_dict={x: test_x[:2]}))
