# Source: golbin/TensorFlow-Tutorials "06 - MNIST/02 - Dropout.py" (commit 909a8b7; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST -> 500 synthetic training and 100 test images of the same shape, numpy seed 0, next_batch -> slices; 30 epochs -> 3; the matplotlib figure left out (the predictions' shape printed).
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
train_images = (rng.uniform(size=(500, 784)) < 0.2).astype(np.float32)
train_labels = np.eye(10)[train_images[:, :10].argmax(axis=1)].astype(np.float32)
test_images = (rng.uniform(size=(100, 784)) < 0.2).astype(np.float32)
test_labels = np.eye(10)[test_images[:, :10].argmax(axis=1)].astype(np.float32)

X = tf.placeholder(tf.float32, [None, 784])
Y = tf.placeholder(tf.float32, [None, 10])
keep_prob = tf.placeholder(tf.float32)

W1 = tf.Variable(tf.random_normal([784, 256], stddev=0.01))
L1 = tf.nn.dropout(tf.nn.relu(tf.matmul(X, W1)), keep_prob)
W2 = tf.Variable(tf.random_normal([256, 256], stddev=0.01))
L2 = tf.nn.dropout(tf.nn.relu(tf.matmul(L1, W2)), keep_prob)
W3 = tf.Variable(tf.random_normal([256, 10], stddev=0.01))
model = tf.matmul(L2, W3)

cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=model, labels=Y))
optimizer = tf.train.AdamOptimizer(0.001).minimize(cost)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
batch_size = 100
total_batch = int(len(train_images) / batch_size)
for epoch in range(3):
    total_cost = 0
    for i in range(total_batch):
        xs = train_images[i * batch_size : (i + 1) * batch_size]
        ys = train_labels[i * batch_size : (i + 1) * batch_size]
        _, cost_val = sess.run([optimizer, cost], feed_dict={X: xs, Y: ys, keep_prob: 0.8})
        total_cost += cost_val
    print("Epoch:", "%04d" % (epoch + 1), "Avg. cost =", "{:.3f}".format(total_cost / total_batch))
print("done")

is_correct = tf.equal(tf.argmax(model, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(is_correct, tf.float32))
print("accuracy:", sess.run(accuracy, feed_dict={X: test_images, Y: test_labels, keep_prob: 1}))
labels = sess.run(model, feed_dict={X: test_images, Y: test_labels, keep_prob: 1})
print(labels.shape)
