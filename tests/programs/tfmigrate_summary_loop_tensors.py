# Source: tfmigrate tests/programs/tfmigrate_summary_loop_tensors.py (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
"""Summaries made in loops at module level: one over a tuple of tensors named by their TF1 op names (default op names
in a name scope, a name= given, operators), one over tf.trainable_variables() named by the variables' names, one over (tag, tensor) pairs."""
import numpy as np
import tensorflow as tf

x_data = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 4.0], [4.0, 3.0]], dtype=np.float32)
y_data = np.array([[3.0], [3.0], [7.0], [7.0]], dtype=np.float32)

X = tf.placeholder(tf.float32, [None, 2], name="X")
Y = tf.placeholder(tf.float32, [None, 1], name="Y")
with tf.name_scope("layer"):
    W = tf.Variable(tf.ones([2, 1]) * 0.1)
    b = tf.Variable(tf.zeros([1]), name="bias")
    hypothesis = tf.matmul(X, W) + b
error = hypothesis - Y
loss = tf.reduce_mean(tf.square(error))

for tensor in (W, b, hypothesis, error, loss):
    tf.summary.scalar(tensor.op.name, tf.reduce_mean(tensor))
for var in tf.trainable_variables():
    tf.summary.histogram(var.name, var)
for tag, value in [("loss/train", loss), ("cost", loss)]:
    tf.summary.scalar(tag, value)

train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
merged = tf.summary.merge_all()

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    writer = tf.summary.FileWriter("logs/loops", sess.graph)
    for step in range(40):
        sess.run(train, feed_dict={X: x_data, Y: y_data})
        if step % 5 == 0:
            summary, cost = sess.run([merged, loss], feed_dict={X: x_data, Y: y_data})
            writer.add_summary(summary, step)
            print(step, cost)
    writer.close()
