# Source: darksigma/Fundamentals-of-Deep-Learning-Book convnet_mnist.py (commit bddf457; no licence file in the
# stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: conv2d/max_pool/layer helpers under one tf.variable_scope per layer inside "mnist_conv_model", keep_prob
# fed 1.0; MNIST -> 64 synthetic samples of the same shape (numpy seed 0); 32/64 filters -> 8/16, fc 1024 -> 32;
# 3 full-batch epochs; tf.set_random_seed(1) so that the numbers can be compared; the summaries left out.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
train_x = rng.rand(64, 784).astype(np.float32)
train_y = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 64)]


def conv2d(input, weight_shape, bias_shape):
    incoming = weight_shape[0] * weight_shape[1] * weight_shape[2]
    weight_init = tf.random_normal_initializer(stddev=(2.0 / incoming) ** 0.5)
    W = tf.get_variable("W", weight_shape, initializer=weight_init)
    bias_init = tf.constant_initializer(value=0)
    b = tf.get_variable("b", bias_shape, initializer=bias_init)
    return tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(input, W, strides=[1, 1, 1, 1], padding="SAME"), b))


def max_pool(input, k=2):
    return tf.nn.max_pool(input, ksize=[1, k, k, 1], strides=[1, k, k, 1], padding="SAME")


def layer(input, weight_shape, bias_shape):
    weight_init = tf.random_normal_initializer(stddev=(2.0 / weight_shape[0]) ** 0.5)
    bias_init = tf.constant_initializer(value=0)
    W = tf.get_variable("W", weight_shape, initializer=weight_init)
    b = tf.get_variable("b", bias_shape, initializer=bias_init)
    return tf.nn.relu(tf.matmul(input, W) + b)


def inference(x, keep_prob):
    x = tf.reshape(x, shape=[-1, 28, 28, 1])
    with tf.variable_scope("conv_1"):
        conv_1 = conv2d(x, [5, 5, 1, 8], [8])
        pool_1 = max_pool(conv_1)
    with tf.variable_scope("conv_2"):
        conv_2 = conv2d(pool_1, [5, 5, 8, 16], [16])
        pool_2 = max_pool(conv_2)
    with tf.variable_scope("fc"):
        pool_2_flat = tf.reshape(pool_2, [-1, 7 * 7 * 16])
        fc_1 = layer(pool_2_flat, [7 * 7 * 16, 32], [32])
        fc_1_drop = tf.nn.dropout(fc_1, keep_prob)
    with tf.variable_scope("output"):
        output = layer(fc_1_drop, [32, 10], [10])
    return output


def loss(output, y):
    xentropy = tf.nn.softmax_cross_entropy_with_logits(logits=output, labels=y)
    loss = tf.reduce_mean(xentropy)
    return loss


def training(cost, global_step):
    optimizer = tf.train.AdamOptimizer(0.001)
    train_op = optimizer.minimize(cost, global_step=global_step)
    return train_op


with tf.Graph().as_default():
    tf.set_random_seed(1)
    with tf.variable_scope("mnist_conv_model"):
        x = tf.placeholder("float", [None, 784])
        y = tf.placeholder("float", [None, 10])
        keep_prob = tf.placeholder(tf.float32)
        output = inference(x, keep_prob)
        cost = loss(output, y)
        global_step = tf.Variable(0, name="global_step", trainable=False)
        train_op = training(cost, global_step)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for epoch in range(3):
            sess.run(train_op, feed_dict={x: train_x, y: train_y, keep_prob: 1.0})
            print("Epoch:", epoch, "cost =", sess.run(cost, feed_dict={x: train_x, y: train_y, keep_prob: 1.0}))
