# Source: YangXiaoo/Lookoop MachineLearning/TensorFlow/minist/mnist_inference.py (the "TensorFlow: Google deep
# learning framework in practice" book's chapter 5 model; licence not read in the stored copy). Written for
# tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: get_weight_variable(shape, regularizer) and inference(input_tensor, regularizer) as the book writes them,
# called with regularizer None (what the book's evaluation script passes); MNIST -> 128 synthetic samples (numpy
# seed 0); hidden 500 -> 16; its training script's loop reduced to 3 epochs of plain gradient descent with a
# global_step, saved and resumed from get_checkpoint_state so that the scoped weights (layer1/weights, ...) restore.
import os

import numpy as np
import tensorflow as tf

INPUT_NODE = 20
OUTPUT_NODE = 4
LAYER1_NODE = 16
MODEL_SAVE_PATH = "model"

rng = np.random.RandomState(0)
xs = rng.rand(128, INPUT_NODE).astype(np.float32)
ys = np.eye(OUTPUT_NODE, dtype=np.float32)[rng.randint(0, OUTPUT_NODE, 128)]


def get_weight_variable(shape, regularizer):
    weights = tf.get_variable("weights", shape, initializer=tf.truncated_normal_initializer(stddev=0.1))
    if regularizer != None:
        tf.add_to_collection("losses", regularizer(weights))
    return weights


def inference(input_tensor, regularizer):
    with tf.variable_scope("layer1"):
        weights = get_weight_variable([INPUT_NODE, LAYER1_NODE], regularizer)
        biases = tf.get_variable("biases", [LAYER1_NODE], initializer=tf.constant_initializer(0.0))
        layer1 = tf.nn.relu(tf.matmul(input_tensor, weights) + biases)
    with tf.variable_scope("layer2"):
        weights = get_weight_variable([LAYER1_NODE, OUTPUT_NODE], regularizer)
        biases = tf.get_variable("biases", [OUTPUT_NODE], initializer=tf.constant_initializer(0.0))
        layer2 = tf.matmul(layer1, weights) + biases
    return layer2


tf.set_random_seed(2)
x = tf.placeholder(tf.float32, [None, INPUT_NODE], name="x-input")
y_ = tf.placeholder(tf.float32, [None, OUTPUT_NODE], name="y-input")
y = inference(x, None)
global_step = tf.Variable(0, trainable=False)
cross_entropy = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=y, labels=tf.argmax(y_, 1))
loss = tf.reduce_mean(cross_entropy)
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(loss, global_step=global_step)
correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
saver = tf.train.Saver()

with tf.Session() as sess:
    tf.global_variables_initializer().run()
    ckpt = tf.train.get_checkpoint_state(MODEL_SAVE_PATH)
    if ckpt and ckpt.model_checkpoint_path:
        print("restoring")
        saver.restore(sess, ckpt.model_checkpoint_path)
    for i in range(3):
        _, loss_value, step = sess.run([train_step, loss, global_step], feed_dict={x: xs, y_: ys})
        print("After %d training step(s), loss on training batch is %g." % (step, loss_value))
    print("accuracy", sess.run(accuracy, feed_dict={x: xs, y_: ys}))
    if not os.path.exists(MODEL_SAVE_PATH):
        os.makedirs(MODEL_SAVE_PATH)
    saver.save(sess, os.path.join(MODEL_SAVE_PATH, "model.ckpt"), global_step=global_step)
