# Source: nfmcclure/tensorflow_cookbook 06_Neural_Networks/02_Implementing_an_Operational_Gate/02_gates.py (commit 1802bf9; MIT)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: tf.sub -> tf.subtract.
import tensorflow as tf
from tensorflow.python.framework import ops

ops.reset_default_graph()
sess = tf.Session()

# a * x towards 50
a = tf.Variable(tf.constant(4.0))
x_val = 5.0
x_in = tf.placeholder(dtype=tf.float32)
product = tf.multiply(a, x_in)
loss = tf.square(tf.subtract(product, 50.0))
sess.run(tf.global_variables_initializer())
train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)

print("gate a * x -> 50")
for _ in range(10):
    sess.run(train, feed_dict={x_in: x_val})
    print(sess.run(a), "*", x_val, "=", sess.run(product, feed_dict={x_in: x_val}))

# a * x + b towards 50, in a new graph
ops.reset_default_graph()
sess = tf.Session()
a = tf.Variable(tf.constant(1.0))
b = tf.Variable(tf.constant(1.0))
x_val = 5.0
x_in = tf.placeholder(dtype=tf.float32)
gate = tf.add(tf.multiply(a, x_in), b)
loss = tf.square(tf.subtract(gate, 50.0))
sess.run(tf.global_variables_initializer())
train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)

print("gate a * x + b -> 50")
for _ in range(10):
    sess.run(train, feed_dict={x_in: x_val})
    a_now, b_now = (sess.run(a), sess.run(b))
    print(a_now, "*", x_val, "+", b_now, "=", sess.run(gate, feed_dict={x_in: x_val}))
