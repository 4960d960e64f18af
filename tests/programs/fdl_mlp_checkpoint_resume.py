# Source: darksigma/Fundamentals-of-Deep-Learning-Book fdl_examples/chapter3/multilayer_perceptron_updated.py and
# fdl_examples/chapter4/linear_interpolation_updated.py (commit a5a4cdf; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the chapter 3 model (layer() under one tf.variable_scope per layer, inside "mlp_model") trained and
# saved, and restored from its checkpoint as chapter 4 does (get_checkpoint_state here, so that a second run resumes
# and trains one more epoch); MNIST -> 256 synthetic training and 64 test samples (numpy seed 0); hidden 256 -> 32;
# tf.set_random_seed(1) so that the numbers can be compared.
import os

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
train_x = rng.rand(256, 784).astype(np.float32)
train_y = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 256)]
test_x = rng.rand(64, 784).astype(np.float32)
test_y = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 64)]

learning_rate = 0.05
batch_size = 64
checkpoint_dir = "mlp_logs"


def layer(input, weight_shape, bias_shape):
    weight_init = tf.random_normal_initializer(stddev=(2.0 / weight_shape[0]) ** 0.5)
    bias_init = tf.constant_initializer(value=0)
    W = tf.get_variable("W", weight_shape, initializer=weight_init)
    b = tf.get_variable("b", bias_shape, initializer=bias_init)
    return tf.nn.relu(tf.matmul(input, W) + b)


def inference(x):
    with tf.variable_scope("hidden_1"):
        hidden_1 = layer(x, [784, 32], [32])
    with tf.variable_scope("hidden_2"):
        hidden_2 = layer(hidden_1, [32, 32], [32])
    with tf.variable_scope("output"):
        output = layer(hidden_2, [32, 10], [10])
    return output


def loss(output, y):
    xentropy = tf.nn.softmax_cross_entropy_with_logits(logits=output, labels=y)
    return tf.reduce_mean(xentropy)


def training(cost, global_step):
    optimizer = tf.train.GradientDescentOptimizer(learning_rate)
    return optimizer.minimize(cost, global_step=global_step)


def evaluate(output, y):
    correct_prediction = tf.equal(tf.argmax(output, 1), tf.argmax(y, 1))
    return tf.reduce_mean(tf.cast(correct_prediction, tf.float32))


tf.set_random_seed(1)
with tf.variable_scope("mlp_model"):
    x = tf.placeholder("float", [None, 784])
    y = tf.placeholder("float", [None, 10])
    output = inference(x)
    cost = loss(output, y)
    global_step = tf.Variable(0, name="global_step", trainable=False)
    train_op = training(cost, global_step)
    eval_op = evaluate(output, y)

if not os.path.exists(checkpoint_dir):
    os.makedirs(checkpoint_dir)
saver = tf.train.Saver()

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    ckpt = tf.train.get_checkpoint_state(checkpoint_dir)
    if ckpt and ckpt.model_checkpoint_path:
        print("restoring")
        saver.restore(sess, ckpt.model_checkpoint_path)
    start = sess.run(global_step) // (len(train_x) // batch_size)
    print("Start from epoch:", start)
    for epoch in range(start, start + 3 if start == 0 else start + 1):
        avg_cost = 0.0
        for i in range(len(train_x) // batch_size):
            minibatch_x = train_x[i * batch_size:(i + 1) * batch_size]
            minibatch_y = train_y[i * batch_size:(i + 1) * batch_size]
            _, new_cost = sess.run([train_op, cost], feed_dict={x: minibatch_x, y: minibatch_y})
            avg_cost += new_cost / (len(train_x) // batch_size)
        print("Epoch:", "%04d" % (epoch + 1), "cost =", "{:.9f}".format(avg_cost))
        saver.save(sess, os.path.join(checkpoint_dir, "model-checkpoint"), global_step=global_step)
        print("Validation Error:", 1 - sess.run(eval_op, feed_dict={x: test_x, y: test_y}))
    print("Test Accuracy:", sess.run(eval_op, feed_dict={x: test_x, y: test_y}))
