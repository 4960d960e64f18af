# Source: tfmigrate tests/programs/tfmigrate_variable_summaries_reset_sections.py (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
"""A tutorial's helpers defined before tf.reset_default_graph(): a variable_summaries(var) helper and numpy-only data
preparation. The first graph writes the helper's summaries (merged.eval every 10 steps) under name scopes; a second
reset starts a smaller model that reads the numpy helper again."""
import numpy as np
import tensorflow as tf


def variable_summaries(var):
    """Mean, standard deviation, extremes and a histogram of a tensor, for TensorBoard."""
    with tf.name_scope("summaries"):
        mean = tf.reduce_mean(var)
        tf.summary.scalar("mean", mean)
        with tf.name_scope("stddev"):
            stddev = tf.sqrt(tf.reduce_mean(tf.square(var - mean)))
        tf.summary.scalar("stddev", stddev)
        tf.summary.scalar("max", tf.reduce_max(var))
        tf.summary.scalar("min", tf.reduce_min(var))
        tf.summary.histogram("histogram", var)


def windows(series, width, ahead):
    """Inputs of `width` points and the point `ahead` steps after each."""
    count = len(series) - width - ahead + 1
    inputs = np.array([series[i : i + width] for i in range(count)])
    targets = np.array([series[i + width + ahead - 1] for i in range(count)])
    return inputs, targets


def prep_data(series, width, ahead, expand=True):
    inputs, targets = windows(series, width, ahead)
    if expand:
        inputs = np.expand_dims(inputs, axis=2)
    return inputs.astype(np.float32), targets.reshape(-1, 1).astype(np.float32)


tf.reset_default_graph()
WIDTH = 8
AHEAD = 2
N_ITERATIONS = 60
LEARNING_RATE = 0.05
series = np.sin(np.linspace(0.0, 6.0 * np.pi, 120))
x_in, y_out = prep_data(series, WIDTH, AHEAD)
train_x, train_y = x_in[:80], y_out[:80]
val_x, val_y = x_in[80:], y_out[80:]

with tf.name_scope("SETUP"):
    x = tf.placeholder(dtype=tf.float32, shape=[None, WIDTH, 1], name="X")
    variable_summaries(x)

with tf.name_scope("LR"):
    flat = tf.reshape(x, [-1, WIDTH])
    W = tf.Variable(tf.ones([WIDTH, 1]) * 0.1, name="W")
    b = tf.Variable(tf.zeros([1]), name="b")
    y_pred = tf.matmul(flat, W) + b
    variable_summaries(y_pred)

with tf.name_scope("LOSS"):
    y_true = tf.placeholder(dtype=tf.float32, shape=[None, 1], name="TRUTH")
    loss = tf.reduce_mean(tf.square(y_pred - y_true))
    train_step = tf.train.GradientDescentOptimizer(learning_rate=LEARNING_RATE).minimize(loss)
    variable_summaries(loss)

sess = tf.InteractiveSession()
sess.run(tf.global_variables_initializer())
merged = tf.summary.merge_all()
writer = tf.summary.FileWriter("graphs/windows", sess.graph)
for s in range(N_ITERATIONS):
    sess.run(train_step, feed_dict={x: train_x, y_true: train_y})
    if s % 10 == 0:
        print("step", s, loss.eval(feed_dict={x: train_x, y_true: train_y}))
        writer.add_summary(merged.eval(feed_dict={x: val_x, y_true: val_y}), s)
writer.close()
sess.close()

tf.reset_default_graph()
short_x, short_y = prep_data(series[:40], 4, 1, expand=False)
scale = tf.Variable(tf.zeros([4, 1]), name="scale")
error = tf.reduce_mean(tf.square(tf.matmul(short_x, scale) - short_y))
fit = tf.train.GradientDescentOptimizer(0.1).minimize(error)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(20):
        sess.run(fit)
    print("short fit", sess.run(error))
