# Source: chiphuyen/stanford-tensorflow-tutorials examples/02_variables.py (commit 48ac942; MIT)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the second get_variable of "scalar" named "scalar_2" (as one script TF1 raises "Variable scalar already exists"; the lecture ran the examples one at a time).
import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"

import numpy as np
import tensorflow as tf

# variables made two ways
s = tf.Variable(2, name="scalar")
m = tf.Variable([[0, 1], [2, 3]], name="matrix")
W = tf.Variable(tf.zeros([784, 10]), name="big_matrix")
V = tf.Variable(tf.truncated_normal([784, 10]), name="normal_matrix")

s = tf.get_variable("scalar", initializer=tf.constant(2))
m = tf.get_variable("matrix", initializer=tf.constant([[0, 1], [2, 3]]))
W = tf.get_variable("big_matrix", shape=(784, 10), initializer=tf.zeros_initializer())
V = tf.get_variable("normal_matrix", shape=(784, 10), initializer=tf.truncated_normal_initializer())

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(V.eval())

# an assign op that is never run changes nothing
W = tf.Variable(10)
W.assign(100)
with tf.Session() as sess:
    sess.run(W.initializer)
    print(sess.run(W))

W = tf.Variable(10)
assign_op = W.assign(100)
with tf.Session() as sess:
    sess.run(assign_op)
    print(W.eval())

a = tf.get_variable("scalar_2", initializer=tf.constant(2))
doubled = a.assign(a * 2)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(doubled)
    sess.run(doubled)
    sess.run(doubled)

W = tf.Variable(10)
with tf.Session() as sess:
    sess.run(W.initializer)
    print(sess.run(W.assign_add(10)))
    print(sess.run(W.assign_sub(2)))

# each session keeps its own copy
W = tf.Variable(10)
sess1 = tf.Session()
sess2 = tf.Session()
sess1.run(W.initializer)
sess2.run(W.initializer)
print(sess1.run(W.assign_add(10)))
print(sess2.run(W.assign_sub(2)))
print(sess1.run(W.assign_add(100)))
print(sess2.run(W.assign_sub(50)))
sess1.close()
sess2.close()

W = tf.Variable(tf.truncated_normal([700, 10]))
U = tf.Variable(W * 2)
