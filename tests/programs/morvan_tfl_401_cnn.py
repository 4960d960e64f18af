# Source: MorvanZhou/Tensorflow-Tutorial tutorial-contents/401_CNN.py (commit 158be77; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST -> 64 synthetic training and 16 test images of the same shape (numpy seed 1), next_batch -> slices;
# tf.metrics.accuracy (a running mean kept in local variables) -> the batch accuracy; 600 steps -> 6, reported every
# 2; filters 16/32 -> 4/8; matplotlib and the t-SNE plot left out.
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
np.random.seed(1)

BATCH_SIZE = 32
LR = 0.001

train_x = np.random.rand(64, 28 * 28).astype(np.float32)
train_y = np.eye(10, dtype=np.float32)[np.random.randint(0, 10, 64)]
test_x = np.random.rand(16, 28 * 28).astype(np.float32)
test_y = np.eye(10, dtype=np.float32)[np.random.randint(0, 10, 16)]

tf_x = tf.placeholder(tf.float32, [None, 28 * 28])
image = tf.reshape(tf_x, [-1, 28, 28, 1])
tf_y = tf.placeholder(tf.int32, [None, 10])

conv1 = tf.layers.conv2d(
    inputs=image,
    filters=4,
    kernel_size=5,
    strides=1,
    padding="same",
    activation=tf.nn.relu,
)
pool1 = tf.layers.max_pooling2d(conv1, pool_size=2, strides=2)
conv2 = tf.layers.conv2d(pool1, 8, 5, 1, "same", activation=tf.nn.relu)
pool2 = tf.layers.max_pooling2d(conv2, 2, 2)
flat = tf.reshape(pool2, [-1, 7 * 7 * 8])
output = tf.layers.dense(flat, 10)

loss = tf.losses.softmax_cross_entropy(onehot_labels=tf_y, logits=output)
train_op = tf.train.AdamOptimizer(LR).minimize(loss)

accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(tf_y, axis=1), tf.argmax(output, axis=1)), tf.float32))

sess = tf.Session()
sess.run(tf.global_variables_initializer())

for step in range(6):
    start = (step * BATCH_SIZE) % 64
    b_x, b_y = train_x[start:start + BATCH_SIZE], train_y[start:start + BATCH_SIZE]
    _, loss_ = sess.run([train_op, loss], {tf_x: b_x, tf_y: b_y})
    if step % 2 == 0:
        accuracy_ = sess.run(accuracy, {tf_x: test_x, tf_y: test_y})
        print("Step:", step, "| train loss: %.4f" % loss_, "| test accuracy: %.2f" % accuracy_)

test_output = sess.run(output, {tf_x: test_x[:10]})
print(np.argmax(test_output, 1), "prediction number")
print(np.argmax(test_y[:10], 1), "real number")
