# Source: aneezfatima/MNIST-Tensorflow deepmodel.py @8731821 (no licence file in the stored copy; written in the program's shape, no source text copied): a softmax model, then a small CNN, in one graph and one InteractiveSession.
# Adapted: Kaggle CSVs -> seeded numpy digits (8x8 images, 4 classes); the CNN's widths 4/8/16; 40 + 30 steps; seeded (tf.set_random_seed(2), numpy seed 0) so TF1's numbers can be compared; the predictions printed instead of written to a CSV.
import numpy as np
import tensorflow as tf

tf.set_random_seed(2)
rng = np.random.RandomState(0)
images = rng.rand(120, 64).astype(np.float32)
classes = (images[:, :16].sum(axis=1) > 8).astype(int) + 2 * (images[:, 16:32].sum(axis=1) > 8).astype(int)
labels = np.eye(4, dtype=np.float32)[classes]

sess = tf.InteractiveSession()
x = tf.placeholder(tf.float32, shape=[None, 64])
y_ = tf.placeholder(tf.float32, shape=[None, 4])
W = tf.Variable(tf.zeros([64, 4]))
b = tf.Variable(tf.zeros([4]))

sess.run(tf.global_variables_initializer())
y = tf.matmul(x, W) + b
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)

for _ in range(40):
    rows = rng.choice(120, 30)
    train_step.run(feed_dict={x: images[rows], y_: labels[rows]})
correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
print("softmax accuracy", accuracy.eval(feed_dict={x: images, y_: labels}))


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


W_conv1 = weight_variable([3, 3, 1, 4])
b_conv1 = bias_variable([4])
x_image = tf.reshape(x, [-1, 8, 8, 1])
h_conv1 = tf.nn.relu(conv2d(x_image, W_conv1) + b_conv1)
h_pool1 = max_pool_2x2(h_conv1)
W_conv2 = weight_variable([3, 3, 4, 8])
b_conv2 = bias_variable([8])
h_conv2 = tf.nn.relu(conv2d(h_pool1, W_conv2) + b_conv2)
h_pool2 = max_pool_2x2(h_conv2)
W_fc1 = weight_variable([2 * 2 * 8, 16])
b_fc1 = bias_variable([16])
h_pool2_flat = tf.reshape(h_pool2, [-1, 2 * 2 * 8])
h_fc1 = tf.nn.relu(tf.matmul(h_pool2_flat, W_fc1) + b_fc1)
keep_prob = tf.placeholder(tf.float32)
h_fc1_drop = tf.nn.dropout(h_fc1, keep_prob)
W_fc2 = weight_variable([16, 4])
b_fc2 = bias_variable([4])
y_conv = tf.matmul(h_fc1_drop, W_fc2) + b_fc2

cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y_conv))
train_step = tf.train.AdamOptimizer(1e-2).minimize(cross_entropy)
correct_prediction = tf.equal(tf.argmax(y_conv, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
sess.run(tf.global_variables_initializer())
print("softmax weights reset", W.eval().sum(), b.eval())

for i in range(30):
    rows = rng.choice(120, 20)
    if i % 10 == 0:
        train_accuracy = accuracy.eval(feed_dict={x: images[rows], y_: labels[rows], keep_prob: 1.0})
        print("step %d, training accuracy %g" % (i, train_accuracy))
    train_step.run(feed_dict={x: images[rows], y_: labels[rows], keep_prob: 0.5})

prediction = tf.argmax(y_conv, 1)
print(prediction.eval(feed_dict={x: images[:10], keep_prob: 1.0}))
print(cross_entropy.eval(feed_dict={x: images, y_: labels, keep_prob: 1.0}))
