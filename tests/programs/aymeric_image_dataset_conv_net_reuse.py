# Source: aymericdamien/TensorFlow-Examples examples/5_DataManagement/build_an_image_dataset.py (commit 91641ee; MIT licence)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the JPEG folder read through tf.train.slice_input_producer + tf.train.batch (a queue over files) -> two
# placeholders fed with 64 synthetic 16x16x3 images of 2 classes (numpy seed 0; class 1 brighter), a batch a step;
# filters 32/64 -> 4/8, dense 1024 -> 32; 1 step -> 40, displayed every 5; tf.contrib.layers.flatten ->
# tf.layers.flatten (tf.contrib is not part of tf.compat.v1); the closing saver.save left out (a tf.layers
# checkpoint keeps the graph tier: tests/test_layer_scopes.py); accuracy on all 64 images printed at the end.
from __future__ import print_function

import numpy as np
import tensorflow as tf

N_CLASSES = 2
IMG_HEIGHT = 16
IMG_WIDTH = 16
CHANNELS = 3

rng = np.random.RandomState(0)
labels_np = rng.randint(0, N_CLASSES, 64)
images_np = (rng.rand(64, IMG_HEIGHT, IMG_WIDTH, CHANNELS) + 0.5 * labels_np[:, None, None, None]) * 1.0 / 0.75 - 1.0

learning_rate = 0.001
num_steps = 40
batch_size = 16
display_step = 5

dropout = 0.75

X = tf.placeholder(tf.float32, [None, IMG_HEIGHT, IMG_WIDTH, CHANNELS])
Y = tf.placeholder(tf.int32, [None])


# the network: two convolution + pooling blocks, a dense layer with dropout, the class logits
def conv_net(x, n_classes, dropout, reuse, is_training):
    with tf.variable_scope('ConvNet', reuse=reuse):
        conv1 = tf.layers.conv2d(x, 4, 5, activation=tf.nn.relu)
        conv1 = tf.layers.max_pooling2d(conv1, 2, 2)

        conv2 = tf.layers.conv2d(conv1, 8, 3, activation=tf.nn.relu)
        conv2 = tf.layers.max_pooling2d(conv2, 2, 2)

        fc1 = tf.layers.flatten(conv2)
        fc1 = tf.layers.dense(fc1, 32)
        fc1 = tf.layers.dropout(fc1, rate=dropout, training=is_training)

        out = tf.layers.dense(fc1, n_classes)
        # softmax on the test network only (the loss applies its own)
        out = tf.nn.softmax(out) if not is_training else out

    return out


# a training network (dropout on) and a test network over the same weights (dropout off)
logits_train = conv_net(X, N_CLASSES, dropout, reuse=False, is_training=True)
logits_test = conv_net(X, N_CLASSES, dropout, reuse=True, is_training=False)

loss_op = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
    logits=logits_train, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate)
train_op = optimizer.minimize(loss_op)

correct_pred = tf.equal(tf.argmax(logits_test, 1), tf.cast(Y, tf.int64))
accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))

init = tf.global_variables_initializer()

with tf.Session() as sess:
    sess.run(init)

    for step in range(1, num_steps + 1):
        start = (step * batch_size) % len(images_np)
        batch_x, batch_y = images_np[start:start + batch_size], labels_np[start:start + batch_size]
        if step % display_step == 0:
            _, loss, acc = sess.run([train_op, loss_op, accuracy], feed_dict={X: batch_x, Y: batch_y})
            print("Step " + str(step) + ", Minibatch Loss= " + "{:.4f}".format(loss) + ", Training Accuracy= " + "{:.3f}".format(acc))
        else:
            sess.run(train_op, feed_dict={X: batch_x, Y: batch_y})

    print("Optimization Finished!")
    print("Accuracy:", sess.run(accuracy, feed_dict={X: images_np, Y: labels_np}))
    print(sess.run(logits_test, feed_dict={X: images_np[:2]}).shape)
