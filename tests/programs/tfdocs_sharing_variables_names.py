# Source: the TensorFlow 1.x guide "Sharing Variables" (tensorflow/tensorflow docs_src, Apache-2.0)
# Written for tfmigrate's test set in that guide's shape (constructs, order, output); no source text copied.
# Adapted: own names and sizes; no Session (the program only builds the graph and prints what it named).
import tensorflow as tf


def dense_relu(inputs, size):
    weights = tf.get_variable("weights", [inputs.get_shape()[1], size], initializer=tf.random_normal_initializer())
    biases = tf.get_variable("biases", [size], initializer=tf.constant_initializer(0.0))
    return tf.nn.relu(tf.matmul(inputs, weights) + biases)


def two_layers(inputs):
    with tf.variable_scope("hidden"):
        hidden = dense_relu(inputs, 8)
    with tf.variable_scope("output"):
        return dense_relu(hidden, 2)


left = tf.placeholder(tf.float32, [None, 4])
right = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope("towers") as scope:
    left_out = two_layers(left)
    scope.reuse_variables()
    right_out = two_layers(right)

for variable in tf.global_variables():
    print(variable.name, variable.get_shape().as_list())
print(left_out)
print(right_out)
print(len(tf.trainable_variables()), "shared variables")
