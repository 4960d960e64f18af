# Source: golbin/TensorFlow-Tutorials "07 - CNN/02 - tf.layers.py" (commit 909a8b7; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST -> 128 synthetic samples of the same shape (numpy seed 0) and 32 test samples; 15 epochs -> 2;
# filters 32/64 -> 8/16, dense 256 -> 32; tf.contrib.layers.flatten -> tf.layers.flatten (tf.contrib is not part of
# tf.compat.v1).
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
train_images = rng.rand(128, 784).astype(np.float32)
train_labels = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 128)]
test_images = rng.rand(32, 784).astype(np.float32)
test_labels = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 32)]

X = tf.placeholder(tf.float32, [None, 28, 28, 1])
Y = tf.placeholder(tf.float32, [None, 10])
is_training = tf.placeholder(tf.bool)

L1 = tf.layers.conv2d(X, 8, [3, 3], activation=tf.nn.relu)
L1 = tf.layers.max_pooling2d(L1, [2, 2], [2, 2])
L1 = tf.layers.dropout(L1, 0.7, is_training)

L2 = tf.layers.conv2d(L1, 16, [3, 3], activation=tf.nn.relu)
L2 = tf.layers.max_pooling2d(L2, [2, 2], [2, 2])
L2 = tf.layers.dropout(L2, 0.7, is_training)

L3 = tf.layers.flatten(L2)
L3 = tf.layers.dense(L3, 32, activation=tf.nn.relu)
L3 = tf.layers.dropout(L3, 0.5, is_training)

model = tf.layers.dense(L3, 10, activation=None)

cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=model, labels=Y))
optimizer = tf.train.AdamOptimizer(0.001).minimize(cost)

init = tf.global_variables_initializer()
sess = tf.Session()
sess.run(init)

batch_size = 64
total_batch = int(len(train_images) / batch_size)

for epoch in range(2):
    total_cost = 0
    for i in range(total_batch):
        batch_xs = train_images[i * batch_size:(i + 1) * batch_size].reshape(-1, 28, 28, 1)
        batch_ys = train_labels[i * batch_size:(i + 1) * batch_size]
        _, cost_val = sess.run([optimizer, cost], feed_dict={X: batch_xs, Y: batch_ys, is_training: True})
        total_cost += cost_val
    print("Epoch:", "%04d" % (epoch + 1), "Avg. cost =", "{:.4f}".format(total_cost / total_batch))
print("done")

is_correct = tf.equal(tf.argmax(model, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(is_correct, tf.float32))
print("accuracy:", sess.run(accuracy, feed_dict={X: test_images.reshape(-1, 28, 28, 1), Y: test_labels, is_training: False}))
