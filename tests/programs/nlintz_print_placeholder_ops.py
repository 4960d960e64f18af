# Source: nlintz/TensorFlow-Tutorials 00_multiply.py (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
# Placeholders of several shapes combined by broadcasting, reshape and reductions; each result printed as TF1
# shows it (name, static shape with ? for the batch dimension, dtype), then evaluated.
import numpy as np
import tensorflow as tf

a = tf.placeholder(tf.float32)
b = tf.placeholder(tf.float32)
adder = a + b
triple = adder * 3.0
print(adder)
print(triple)
pixels = tf.placeholder(tf.float32, [None, 4, 4])
flat = tf.reshape(pixels, [-1, 16])
column = tf.placeholder(tf.float32, [None, 1])
scale = tf.constant([1.0, 10.0, 100.0])
scaled = column * scale
total = tf.reduce_sum(scaled)
means = tf.reduce_mean(flat, 1)
counts = tf.placeholder(tf.int32, [3])
doubled = counts * 2 + 1
halves = counts / 2
print(flat, means)
print(scaled, total)
print(doubled, halves)
sess = tf.Session()
print(sess.run(adder, {a: 3, b: 4.5}))
print(sess.run(triple, {a: [1, 3], b: [2, 4]}))
print(sess.run(means, {pixels: np.arange(32, dtype=np.float32).reshape(2, 4, 4)}))
print(sess.run(total, {column: [[1.0], [2.0]]}))
print(sess.run([doubled, halves], {counts: [1, 2, 3]}))
