# Source: golbin/TensorFlow-Tutorials "10 - RNN/01 - MNIST.py" (commit 909a8b7; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST -> 256 synthetic training and 64 test images of the same shape, numpy seed 0, next_batch -> slices;
# 30 epochs -> 4; hidden 128 -> 32; the comments translated and shortened.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
train_images = (rng.uniform(size=(256, 784)) < 0.2).astype(np.float32)
train_labels = np.eye(10)[train_images[:, :10].argmax(axis=1)].astype(np.float32)
test_images = (rng.uniform(size=(64, 784)) < 0.2).astype(np.float32)
test_labels = np.eye(10)[test_images[:, :10].argmax(axis=1)].astype(np.float32)

learning_rate = 0.001
total_epoch = 4
batch_size = 64

# each image row is one step: 28 steps of 28 pixels
n_input = 28
n_step = 28
n_hidden = 32
n_class = 10

X = tf.placeholder(tf.float32, [None, n_step, n_input])
Y = tf.placeholder(tf.float32, [None, n_class])

W = tf.Variable(tf.random_normal([n_hidden, n_class]))
b = tf.Variable(tf.random_normal([n_class]))

# BasicRNNCell, BasicLSTMCell or GRUCell
cell = tf.nn.rnn_cell.BasicRNNCell(n_hidden)

outputs, states = tf.nn.dynamic_rnn(cell, X, dtype=tf.float32)

# [batch, step, hidden] -> [step, batch, hidden] -> the last step
outputs = tf.transpose(outputs, [1, 0, 2])
outputs = outputs[-1]
model = tf.matmul(outputs, W) + b

cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=model, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate).minimize(cost)

sess = tf.Session()
sess.run(tf.global_variables_initializer())

total_batch = int(len(train_images) / batch_size)

for epoch in range(total_epoch):
    total_cost = 0

    for i in range(total_batch):
        batch_xs = train_images[i * batch_size : (i + 1) * batch_size]
        batch_ys = train_labels[i * batch_size : (i + 1) * batch_size]
        batch_xs = batch_xs.reshape((batch_size, n_step, n_input))

        _, cost_val = sess.run([optimizer, cost], feed_dict={X: batch_xs, Y: batch_ys})
        total_cost += cost_val

    print("Epoch:", "%04d" % (epoch + 1), "Avg. cost =", "{:.3f}".format(total_cost / total_batch))

print("optimization done")

is_correct = tf.equal(tf.argmax(model, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(is_correct, tf.float32))

test_batch_size = len(test_images)
test_xs = test_images.reshape(test_batch_size, n_step, n_input)
test_ys = test_labels

print("accuracy:", sess.run(accuracy, feed_dict={X: test_xs, Y: test_ys}))
