# Source: tfmigrate tests/programs/tfmigrate_variable_summaries_scopes.py (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
"""The variable_summaries(var) helper of the TensorBoard tutorials called in `with tf.name_scope` blocks at module
level; the merged summaries written every step by FileWriter.add_summary, the training run apart."""
import numpy as np
import tensorflow as tf


def variable_summaries(var):
    with tf.name_scope("summaries"):
        mean = tf.reduce_mean(var)
        tf.summary.scalar("mean", mean)
        with tf.name_scope("stddev"):
            stddev = tf.sqrt(tf.reduce_mean(tf.square(var - mean)))
        tf.summary.scalar("stddev", stddev)
        tf.summary.scalar("max", tf.reduce_max(var))
        tf.summary.scalar("min", tf.reduce_min(var))
        tf.summary.histogram("histogram", var)


x = tf.placeholder(tf.float32, [None, 4])
y_ = tf.placeholder(tf.float32, [None, 2])
with tf.name_scope("layer1"):
    with tf.name_scope("weights"):
        w = tf.Variable(tf.constant(0.1, shape=[4, 2]))
        variable_summaries(w)
    with tf.name_scope("biases"):
        b = tf.Variable(tf.constant(0.1, shape=[2]))
        variable_summaries(b)
    y = tf.matmul(x, w) + b
loss = tf.reduce_mean(tf.square(y - y_))
tf.summary.scalar("loss", loss)
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
merged = tf.summary.merge_all()

data = np.linspace(0.0, 1.0, 32, dtype=np.float32).reshape(8, 4)
labels = np.stack([data.sum(1), data[:, 0]], 1)
with tf.Session() as sess:
    writer = tf.summary.FileWriter("logs", sess.graph)
    sess.run(tf.global_variables_initializer())
    for i in range(5):
        summary = sess.run(merged, feed_dict={x: data, y_: labels})
        writer.add_summary(summary, i)
        sess.run(train, feed_dict={x: data, y_: labels})
        print(i, sess.run(loss, feed_dict={x: data, y_: labels}))
    writer.close()
