# Source: chiphuyen/stanford-tensorflow-tutorials 2017/examples/02_simple_tf.py (commit ca70cdf; MIT licence)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the FileWriter / graph_def prints (graph-only output), the lines that fail in TF1 itself (an undefined
# `shape`, ones_like of strings), the unseeded multinomial draw and the get_variable / tf.gradients tail left out.
import numpy as np
import tensorflow as tf

a = tf.constant(2)
b = tf.constant(3)
x = tf.add(a, b)
with tf.Session() as sess:
    print(sess.run(x))

a = tf.constant([2, 2], name="a")
b = tf.constant([[0, 1], [2, 3]], name="b")
x = tf.multiply(a, b, name="dot_product")
with tf.Session() as sess:
    print(sess.run(x))

x = tf.zeros([2, 3], tf.int32)
y = tf.zeros_like(x, optimize=True)
with tf.Session() as sess:
    y = sess.run(y)
print(y)

with tf.Session() as sess:
    print(sess.run(tf.linspace(10.0, 13.0, 4)))
    print(sess.run(tf.range(5)))
    for i in np.arange(5):
        print(i)

t_0 = 19
x = tf.zeros_like(t_0)
y = tf.ones_like(t_0)
with tf.Session() as sess:
    print(sess.run([x, y]))

t_2 = [[True, False, False], [False, False, True], [False, True, False]]
x = tf.zeros_like(t_2)
y = tf.ones_like(t_2)
with tf.Session() as sess:
    print(sess.run([x, y]))
