# Source: nfmcclure/tensorflow_cookbook 06_Neural_Networks/05_Implementing_Different_Layers/05_implementing_different_layers.py (commit 3686c19; MIT)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: matplotlib left out.
import numpy as np
import tensorflow as tf
from tensorflow.python.framework import ops

# ---- 1-D data ----
ops.reset_default_graph()
sess = tf.Session()
size, conv_width, pool_width, stride = 25, 5, 5, 1
seed = 13
np.random.seed(seed)
tf.set_random_seed(seed)
data_1d = np.random.normal(size=size)
x_1d = tf.placeholder(dtype=tf.float32, shape=[size])


def conv_1d(signal, kernel, step):
    as_image = tf.expand_dims(tf.expand_dims(tf.expand_dims(signal, 0), 0), 3)
    convolved = tf.nn.conv2d(as_image, filter=kernel, strides=[1, 1, step, 1], padding="VALID")
    return tf.squeeze(convolved)


kernel = tf.Variable(tf.random_normal(shape=[1, conv_width, 1, 1]))
conv_out = conv_1d(x_1d, kernel, step=stride)


def activation(values):
    return tf.nn.relu(values)


relu_out = activation(conv_out)


def max_pool(signal, width, step):
    as_image = tf.expand_dims(tf.expand_dims(tf.expand_dims(signal, 0), 0), 3)
    pooled = tf.nn.max_pool(as_image, ksize=[1, 1, width, 1], strides=[1, 1, step, 1], padding="VALID")
    return tf.squeeze(pooled)


pool_out = max_pool(relu_out, width=pool_width, step=stride)


def fully_connected(layer, outputs):
    weight_shape = tf.squeeze(tf.stack([tf.shape(layer), [outputs]]))
    weight = tf.random_normal(weight_shape, stddev=0.1)
    bias = tf.random_normal(shape=[outputs])
    return tf.squeeze(tf.add(tf.matmul(tf.expand_dims(layer, 0), weight), bias))


dense_out = fully_connected(pool_out, 5)
sess.run(tf.global_variables_initializer())
feed = {x_1d: data_1d}

print("1-D input of length %d" % x_1d.shape.as_list()[0])
print("convolution (width %d, stride %d) -> length %d" % (conv_width, stride, conv_out.shape.as_list()[0]))
print(sess.run(conv_out, feed_dict=feed))
print("relu -> length %d" % relu_out.shape.as_list()[0])
print(sess.run(relu_out, feed_dict=feed))
print("max pool (width %d, stride %d) -> length %d" % (pool_width, stride, pool_out.shape.as_list()[0]))
print(sess.run(pool_out, feed_dict=feed))
print("dense -> %d outputs" % dense_out.shape.as_list()[0])
print(sess.run(dense_out, feed_dict=feed))

# ---- 2-D data, in a new graph ----
ops.reset_default_graph()
sess = tf.Session()
rows, cols, conv_size, conv_stride, pool_size, pool_stride = 10, 10, 2, 2, 2, 1
seed = 13
np.random.seed(seed)
tf.set_random_seed(seed)
data_2d = np.random.normal(size=[rows, cols])
x_2d = tf.placeholder(dtype=tf.float32, shape=[rows, cols])


def conv_2d(image, kernel, step):
    as_batch = tf.expand_dims(tf.expand_dims(image, 0), 3)
    convolved = tf.nn.conv2d(as_batch, filter=kernel, strides=[1, step, step, 1], padding="VALID")
    return tf.squeeze(convolved)


kernel = tf.Variable(tf.random_normal(shape=[conv_size, conv_size, 1, 1]))
conv_out = conv_2d(x_2d, kernel, step=conv_stride)


def activation(values):
    return tf.nn.relu(values)


relu_out = activation(conv_out)


def max_pool(image, width, height, step):
    as_batch = tf.expand_dims(tf.expand_dims(image, 0), 3)
    pooled = tf.nn.max_pool(as_batch, ksize=[1, height, width, 1], strides=[1, step, step, 1], padding="VALID")
    return tf.squeeze(pooled)


pool_out = max_pool(relu_out, width=pool_size, height=pool_size, step=pool_stride)


def fully_connected(layer, outputs):
    flat = tf.reshape(layer, [-1])
    weight_shape = tf.squeeze(tf.stack([tf.shape(flat), [outputs]]))
    weight = tf.random_normal(weight_shape, stddev=0.1)
    bias = tf.random_normal(shape=[outputs])
    return tf.squeeze(tf.add(tf.matmul(tf.expand_dims(flat, 0), weight), bias))


dense_out = fully_connected(pool_out, 5)
sess.run(tf.global_variables_initializer())
feed = {x_2d: data_2d}

print("2-D input %s" % x_2d.shape.as_list())
print("%s convolution, stride %d -> %s" % (kernel.get_shape().as_list()[:2], conv_stride, conv_out.shape.as_list()))
print(sess.run(conv_out, feed_dict=feed))
print("relu -> %s" % relu_out.shape.as_list())
print(sess.run(relu_out, feed_dict=feed))
print("max pool, stride %d -> %s" % (pool_stride, pool_out.shape.as_list()))
print(sess.run(pool_out, feed_dict=feed))
print("dense on %d rows -> %s outputs" % (pool_out.shape.as_list()[0], dense_out.shape.as_list()[0]))
print(sess.run(dense_out, feed_dict=feed))
