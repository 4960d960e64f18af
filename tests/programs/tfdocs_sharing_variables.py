# Source: tensorflow/docs site/en/r1/guide/variables.md, "Sharing variables" (Apache-2.0)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the guide's functions run on two fixed inputs; the names and results printed.
import numpy as np
import tensorflow as tf


def conv_relu(input, kernel_shape, bias_shape):
    weights = tf.get_variable("weights", kernel_shape, initializer=tf.random_normal_initializer())
    biases = tf.get_variable("biases", bias_shape, initializer=tf.constant_initializer(0.0))
    conv = tf.nn.conv2d(input, weights, strides=[1, 1, 1, 1], padding="SAME")
    return tf.nn.relu(conv + biases)


def my_image_filter(input_images):
    with tf.variable_scope("conv1"):
        relu1 = conv_relu(input_images, [5, 5, 32, 32], [32])
    with tf.variable_scope("conv2"):
        return conv_relu(relu1, [5, 5, 32, 32], [32])


image = np.linspace(0.0, 1.0, 10 * 10 * 32, dtype=np.float32).reshape(1, 10, 10, 32)
input1 = tf.constant(image)
input2 = tf.constant(image)

with tf.variable_scope("model"):
    output1 = my_image_filter(input1)
with tf.variable_scope("model", reuse=True):
    output2 = my_image_filter(input2)

with tf.variable_scope("model2") as scope:
    output3 = my_image_filter(input1)
    scope.reuse_variables()
    output4 = my_image_filter(input2)

print(sorted(v.name for v in tf.global_variables()))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    o1, o2, o3, o4 = sess.run([output1, output2, output3, output4])
    print(o1.shape, np.allclose(o1, o2), np.allclose(o3, o4))
