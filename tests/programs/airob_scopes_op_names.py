# Source: AIRob/tensorflow_source 4.3.7_作用域.py @9db7de9 (no licence file stored)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: none.
import numpy as np
import tensorflow as tf

tf.reset_default_graph()

with tf.variable_scope("first") as first_scope:
    a = tf.get_variable("w", [1])

print("first_scope:", first_scope.name)
print("a:", a.name)

with tf.variable_scope("second"):
    b = tf.get_variable("w", [1])
    with tf.variable_scope(first_scope) as again:
        c = tf.get_variable("w3", [1])
        with tf.variable_scope(""):
            d = tf.get_variable("w4", [1])

print("again:", again.name)
print("b:", b.name)
print("c:", c.name)
print("d:", d.name)

with tf.variable_scope("layer"):
    with tf.name_scope("ops"):
        w = tf.get_variable("w", [1])
        shifted = 1.0 + w
        with tf.name_scope(""):
            doubled = 2.0 + w

print("w:", w.name)
print("shifted.op:", shifted.op.name)
print("doubled.op:", doubled.op.name)
