# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import collections

import numpy as np
import tensorflow as tf

sess = tf.Session()

a = tf.constant(6)
b = tf.constant(7)
c = a * b
pair = tf.constant([4, 8])
halves = tf.constant([0.25, 0.75])

value = sess.run(c)
print("%s: %r" % (type(value), value))
value = sess.run([pair, halves])
print("%s: %r" % (type(value), value))

Couple = collections.namedtuple("Couple", ["left", "right"])
value = sess.run({"both": Couple(pair, halves), "swapped": [halves, pair]})
print("%s: %r" % (type(value), value))
print(value["both"].right, value["swapped"][1])

x = tf.placeholder(tf.float32, [None, 2])
w = tf.Variable([[1.0], [-1.0]])
scores = tf.matmul(x, w)
Summary = collections.namedtuple("Summary", "mean spread")
mean = tf.reduce_mean(scores)
spread = tf.reduce_max(scores) - tf.reduce_min(scores)
sess.run(tf.global_variables_initializer())
batch = np.array([[1.0, 2.0], [3.0, 1.0], [0.5, 0.5]], dtype=np.float32)
result = sess.run(Summary(mean, spread), feed_dict={x: batch})
print(result, result.mean + result.spread)
print(sess.run({"weights": (w, Couple(left=a, right=b))}))
sess.close()
