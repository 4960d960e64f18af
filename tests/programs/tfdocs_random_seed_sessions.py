# Source: tensorflow/tensorflow tensorflow/python/framework/random_seed.py (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
"""The three cases of TF1's tf.set_random_seed guide, one Session after another: an op seed, a graph seed, both
reset with each new Session, printed twice per Session."""
import tensorflow as tf

tf.set_random_seed(1234)
a = tf.random_uniform([1])
b = tf.random_normal([1])
c = tf.random_uniform([2], seed=7)

print("Session 1")
with tf.Session() as sess1:
    print(sess1.run(a))
    print(sess1.run(a))
    print(sess1.run(b))
    print(sess1.run(c))

print("Session 2")
with tf.Session() as sess2:
    print(sess2.run(a))
    print(sess2.run(a))
    print(sess2.run(b))
    print(sess2.run(c))
