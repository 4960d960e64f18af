# Source: chiphuyen/stanford-tensorflow-tutorials examples/03_logreg.py (commit 7395c45; MIT)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST (the course's utils) -> 1000 synthetic training and 256 test rows of the same shape, numpy seed 0; no shuffle; 30 epochs -> 3; the elapsed time not printed.
import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"

import time

import numpy as np
import tensorflow as tf

learning_rate = 0.01
batch_size = 128
n_epochs = 3
n_test = 256

rng = np.random.RandomState(0)
train_x = (rng.uniform(size=(1000, 784)) < 0.2).astype(np.float32)
train_y = np.eye(10)[train_x[:, :10].argmax(axis=1)].astype(np.float32)
test_x = (rng.uniform(size=(n_test, 784)) < 0.2).astype(np.float32)
test_y = np.eye(10)[test_x[:, :10].argmax(axis=1)].astype(np.float32)

train_data = tf.data.Dataset.from_tensor_slices((train_x, train_y)).batch(batch_size)
test_data = tf.data.Dataset.from_tensor_slices((test_x, test_y)).batch(batch_size)
iterator = tf.data.Iterator.from_structure(train_data.output_types, train_data.output_shapes)
img, label = iterator.get_next()
train_init = iterator.make_initializer(train_data)
test_init = iterator.make_initializer(test_data)

w = tf.get_variable(name="weights", shape=(784, 10), initializer=tf.random_normal_initializer(0, 0.01))
b = tf.get_variable(name="bias", shape=(1, 10), initializer=tf.zeros_initializer())
logits = tf.matmul(img, w) + b
entropy = tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=label, name="entropy")
loss = tf.reduce_mean(entropy, name="loss")
optimizer = tf.train.AdamOptimizer(learning_rate).minimize(loss)

preds = tf.nn.softmax(logits)
correct = tf.equal(tf.argmax(preds, 1), tf.argmax(label, 1))
accuracy = tf.reduce_sum(tf.cast(correct, tf.float32))

writer = tf.summary.FileWriter("./graphs/logreg", tf.get_default_graph())
with tf.Session() as sess:
    start = time.time()
    sess.run(tf.global_variables_initializer())
    for epoch in range(n_epochs):
        sess.run(train_init)
        total, batches = 0, 0
        try:
            while True:
                _, value = sess.run([optimizer, loss])
                total += value
                batches += 1
        except tf.errors.OutOfRangeError:
            pass
        print("Average loss epoch {0}: {1}".format(epoch, total / batches))

    sess.run(test_init)
    right = 0
    try:
        while True:
            right += sess.run(accuracy)
    except tf.errors.OutOfRangeError:
        pass
    print("Accuracy {0}".format(right / n_test))
writer.close()
