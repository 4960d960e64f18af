# Source: chiphuyen/stanford-tensorflow-tutorials examples/03_logreg_placeholder.py (commit e99c50e; MIT)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST (input_data + the course's utils) -> 1024 synthetic training and 256 test images of the same shape, numpy seed 0, next_batch -> slices; 30 epochs -> 3; the elapsed time not printed.
import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"

import time

import numpy as np
import tensorflow as tf

learning_rate = 0.01
batch_size = 128
n_epochs = 3

rng = np.random.RandomState(0)
train_x = (rng.uniform(size=(1024, 784)) < 0.2).astype(np.float32)
train_y = np.eye(10)[train_x[:, :10].argmax(axis=1)].astype(np.int32)
test_x = (rng.uniform(size=(256, 784)) < 0.2).astype(np.float32)
test_y = np.eye(10)[test_x[:, :10].argmax(axis=1)].astype(np.int32)

X = tf.placeholder(tf.float32, [batch_size, 784], name="image")
Y = tf.placeholder(tf.int32, [batch_size, 10], name="label")
w = tf.get_variable(name="weights", shape=(784, 10), initializer=tf.random_normal_initializer())
b = tf.get_variable(name="bias", shape=(1, 10), initializer=tf.zeros_initializer())
logits = tf.matmul(X, w) + b
entropy = tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y, name="loss")
loss = tf.reduce_mean(entropy)
optimizer = tf.train.AdamOptimizer(learning_rate).minimize(loss)

preds = tf.nn.softmax(logits)
correct = tf.equal(tf.argmax(preds, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_sum(tf.cast(correct, tf.float32))

writer = tf.summary.FileWriter("./graphs/logreg_placeholder", tf.get_default_graph())
with tf.Session() as sess:
    start = time.time()
    sess.run(tf.global_variables_initializer())
    n_batches = int(len(train_x) / batch_size)
    for epoch in range(n_epochs):
        total = 0
        for j in range(n_batches):
            xb = train_x[j * batch_size : (j + 1) * batch_size]
            yb = train_y[j * batch_size : (j + 1) * batch_size]
            _, batch_loss = sess.run([optimizer, loss], {X: xb, Y: yb})
            total += batch_loss
        print("Average loss epoch {0}: {1}".format(epoch, total / n_batches))

    n_batches = int(len(test_x) / batch_size)
    right = 0
    for j in range(n_batches):
        xb = test_x[j * batch_size : (j + 1) * batch_size]
        yb = test_y[j * batch_size : (j + 1) * batch_size]
        right += sess.run(accuracy, {X: xb, Y: yb})
    print("Accuracy {0}".format(right / len(test_x)))

writer.close()
