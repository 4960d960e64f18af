# Source: tensorflow/tensorflow tensorflow/docs_src/get_started/mnist/pros.md, "Build a Multilayer Convolutional Network" (Apache-2.0)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: seeded with tf.set_random_seed(0) (the held-out finding's check: one dropout op drawn by the training
# runs at keep 0.5 and by the evaluations at keep 1.0 in between); MNIST -> 200 synthetic samples of the same shape,
# each a class template plus noise (numpy seed 1), next_batch -> slices; 20000 steps -> 61, the training accuracy
# and the minibatch cross-entropy every 20; conv depth 32/64 -> 4/8, fc 1024 -> 32.
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)
rng = np.random.RandomState(1)
templates = rng.rand(10, 784).astype(np.float32)
ids = rng.randint(0, 10, 200)
images = (0.5 * rng.rand(200, 784) + templates[ids]).astype(np.float32)
onehot = np.eye(10, dtype=np.float32)[ids]

sess = tf.InteractiveSession()
x = tf.placeholder(tf.float32, shape=[None, 784])
y_ = tf.placeholder(tf.float32, shape=[None, 10])


def weight_variable(shape):
    initial = tf.truncated_normal(shape, stddev=0.1)
    return tf.Variable(initial)


def bias_variable(shape):
    initial = tf.constant(0.1, shape=shape)
    return tf.Variable(initial)


def conv2d(x, W):
    return tf.nn.conv2d(x, W, strides=[1, 1, 1, 1], padding="SAME")


def max_pool_2x2(x):
    return tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")


x_image = tf.reshape(x, [-1, 28, 28, 1])
W_conv1 = weight_variable([5, 5, 1, 4])
b_conv1 = bias_variable([4])
h_pool1 = max_pool_2x2(tf.nn.relu(conv2d(x_image, W_conv1) + b_conv1))
W_conv2 = weight_variable([5, 5, 4, 8])
b_conv2 = bias_variable([8])
h_pool2 = max_pool_2x2(tf.nn.relu(conv2d(h_pool1, W_conv2) + b_conv2))

W_fc1 = weight_variable([7 * 7 * 8, 32])
b_fc1 = bias_variable([32])
h_pool2_flat = tf.reshape(h_pool2, [-1, 7 * 7 * 8])
h_fc1 = tf.nn.relu(tf.matmul(h_pool2_flat, W_fc1) + b_fc1)

keep_prob = tf.placeholder(tf.float32)
h_fc1_drop = tf.nn.dropout(h_fc1, keep_prob)

W_fc2 = weight_variable([32, 10])
b_fc2 = bias_variable([10])
y_conv = tf.matmul(h_fc1_drop, W_fc2) + b_fc2

cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y_conv))
train_step = tf.train.AdamOptimizer(1e-4).minimize(cross_entropy)
correct_prediction = tf.equal(tf.argmax(y_conv, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
sess.run(tf.global_variables_initializer())
for i in range(61):
    start = (i * 40) % 200
    batch = (images[start:start + 40], onehot[start:start + 40])
    if i % 20 == 0:
        train_accuracy = accuracy.eval(feed_dict={x: batch[0], y_: batch[1], keep_prob: 1.0})
        loss = cross_entropy.eval(feed_dict={x: batch[0], y_: batch[1], keep_prob: 1.0})
        print("step %d, training accuracy %g, cross-entropy %g" % (i, train_accuracy, loss))
    train_step.run(feed_dict={x: batch[0], y_: batch[1], keep_prob: 0.5})
print("test accuracy %g" % accuracy.eval(feed_dict={x: images, y_: onehot, keep_prob: 1.0}))
print("cross-entropy %g" % cross_entropy.eval(feed_dict={x: images, y_: onehot, keep_prob: 1.0}))
