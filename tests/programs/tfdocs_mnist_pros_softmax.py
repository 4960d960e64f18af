# Source: tensorflow/tensorflow tensorflow/docs_src/get_started/mnist/pros.md, "Build a Softmax Regression Model" (Apache-2.0)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST -> 500 synthetic samples of the same shape (numpy seed 0) and 100 test samples,
# next_batch -> slices; 1000 steps -> 20.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
train_images = rng.rand(500, 784).astype(np.float32)
train_labels = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 500)]
test_images = rng.rand(100, 784).astype(np.float32)
test_labels = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 100)]

sess = tf.InteractiveSession()

x = tf.placeholder(tf.float32, shape=[None, 784])
y_ = tf.placeholder(tf.float32, shape=[None, 10])
W = tf.Variable(tf.zeros([784, 10]))
b = tf.Variable(tf.zeros([10]))
sess.run(tf.global_variables_initializer())

y = tf.matmul(x, W) + b
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)

for i in range(20):
    start = (i * 100) % len(train_images)
    batch = (train_images[start:start + 100], train_labels[start:start + 100])
    train_step.run(feed_dict={x: batch[0], y_: batch[1]})

correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
print(accuracy.eval(feed_dict={x: test_images, y_: test_labels}))
print(cross_entropy.eval(feed_dict={x: train_images, y_: train_labels}))
