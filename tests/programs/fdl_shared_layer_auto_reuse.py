# Source: Fundamentals of Deep Learning (Buduma), chapter 3's variable-sharing example, as in Mariadre/machine_learning
# deeplearning/sample_3.8_02.py: layer(input, weight_shape, bias_shape) making W and b with tf.get_variable, called
# by my_network(input) under layer-1..3 scopes, my_network built for two inputs under one shared scope
# Written for tfmigrate's test set in that shape (constructs, order, output); no source text copied.
# Adapted: the shared scope opened with reuse=tf.AUTO_REUSE in each call of a helper (the pattern that replaced
# scope.reuse_variables() in later TF1 code) instead of reuse_variables() between the two builds; 784-100-50-10 ->
# 4-6-5-3; a Session evaluating both networks on synthetic inputs added (the original prints the tensors), seeded.
import numpy as np
import tensorflow as tf

tf.set_random_seed(3)


def layer(input, weight_shape, bias_shape):
    weight_init = tf.random_uniform_initializer(minval=-1, maxval=1)
    bias_init = tf.constant_initializer(value=0)
    W = tf.get_variable("W", weight_shape, initializer=weight_init)
    b = tf.get_variable("b", bias_shape, initializer=bias_init)
    return tf.matmul(input, W) + b


def my_network(input):
    with tf.variable_scope("layer_1", reuse=tf.AUTO_REUSE):
        output_1 = layer(input, [4, 6], [6])
    with tf.variable_scope("layer_2", reuse=tf.AUTO_REUSE):
        output_2 = layer(output_1, [6, 5], [5])
    with tf.variable_scope("layer_3", reuse=tf.AUTO_REUSE):
        output_3 = layer(output_2, [5, 3], [3])
    return output_3


i_1 = tf.placeholder(tf.float32, [None, 4], name="i_1")
net_1 = my_network(i_1)
i_2 = tf.placeholder(tf.float32, [None, 4], name="i_2")
net_2 = my_network(i_2)

data = np.random.RandomState(0).rand(2, 4)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out_1 = sess.run(net_1, feed_dict={i_1: data})
    out_2 = sess.run(net_2, feed_dict={i_2: data})
    print(out_1)
    print(np.allclose(out_1, out_2))
