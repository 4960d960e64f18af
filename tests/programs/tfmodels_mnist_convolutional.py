# Source: tensorflow/models tutorials/image/mnist/convolutional.py (Apache-2.0)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST download and extraction -> 128 synthetic training and 64 validation images of the same shape
# (numpy seed 0); conv depth 32/64 -> 8/16, fc 512 -> 32; 10 epochs -> 3 steps per report, 6 steps in all;
# FLAGS and the fp16 switch -> constants.
import time

import numpy as np
import tensorflow as tf

IMAGE_SIZE = 28
NUM_CHANNELS = 1
PIXEL_DEPTH = 255
NUM_LABELS = 10
SEED = 66478
BATCH_SIZE = 32
NUM_STEPS = 6
EVAL_BATCH_SIZE = 32
EVAL_FREQUENCY = 3

rng = np.random.RandomState(0)
train_data = (rng.randint(0, 256, (128, IMAGE_SIZE, IMAGE_SIZE, 1)).astype(np.float32) - PIXEL_DEPTH / 2.0) / PIXEL_DEPTH
train_labels = rng.randint(0, NUM_LABELS, 128).astype(np.int64)
validation_data = (rng.randint(0, 256, (64, IMAGE_SIZE, IMAGE_SIZE, 1)).astype(np.float32) - PIXEL_DEPTH / 2.0) / PIXEL_DEPTH
validation_labels = rng.randint(0, NUM_LABELS, 64).astype(np.int64)
train_size = train_labels.shape[0]


def error_rate(predictions, labels):
    return 100.0 - (100.0 * np.sum(np.argmax(predictions, 1) == labels) / predictions.shape[0])


train_data_node = tf.placeholder(tf.float32, shape=(BATCH_SIZE, IMAGE_SIZE, IMAGE_SIZE, NUM_CHANNELS))
train_labels_node = tf.placeholder(tf.int64, shape=(BATCH_SIZE,))
eval_data = tf.placeholder(tf.float32, shape=(EVAL_BATCH_SIZE, IMAGE_SIZE, IMAGE_SIZE, NUM_CHANNELS))

conv1_weights = tf.Variable(tf.truncated_normal([5, 5, NUM_CHANNELS, 8], stddev=0.1, seed=SEED, dtype=tf.float32))
conv1_biases = tf.Variable(tf.zeros([8], dtype=tf.float32))
conv2_weights = tf.Variable(tf.truncated_normal([5, 5, 8, 16], stddev=0.1, seed=SEED, dtype=tf.float32))
conv2_biases = tf.Variable(tf.constant(0.1, shape=[16], dtype=tf.float32))
fc1_weights = tf.Variable(
    tf.truncated_normal([IMAGE_SIZE // 4 * IMAGE_SIZE // 4 * 16, 32], stddev=0.1, seed=SEED, dtype=tf.float32)
)
fc1_biases = tf.Variable(tf.constant(0.1, shape=[32], dtype=tf.float32))
fc2_weights = tf.Variable(tf.truncated_normal([32, NUM_LABELS], stddev=0.1, seed=SEED, dtype=tf.float32))
fc2_biases = tf.Variable(tf.constant(0.1, shape=[NUM_LABELS], dtype=tf.float32))


def model(data, train=False):
    conv = tf.nn.conv2d(data, conv1_weights, strides=[1, 1, 1, 1], padding="SAME")
    relu = tf.nn.relu(tf.nn.bias_add(conv, conv1_biases))
    pool = tf.nn.max_pool(relu, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")
    conv = tf.nn.conv2d(pool, conv2_weights, strides=[1, 1, 1, 1], padding="SAME")
    relu = tf.nn.relu(tf.nn.bias_add(conv, conv2_biases))
    pool = tf.nn.max_pool(relu, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")
    pool_shape = pool.get_shape().as_list()
    reshape = tf.reshape(pool, [pool_shape[0], pool_shape[1] * pool_shape[2] * pool_shape[3]])
    hidden = tf.nn.relu(tf.matmul(reshape, fc1_weights) + fc1_biases)
    if train:
        hidden = tf.nn.dropout(hidden, 0.5, seed=SEED)
    return tf.matmul(hidden, fc2_weights) + fc2_biases


logits = model(train_data_node, True)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=train_labels_node, logits=logits))
regularizers = tf.nn.l2_loss(fc1_weights) + tf.nn.l2_loss(fc1_biases) + tf.nn.l2_loss(fc2_weights) + tf.nn.l2_loss(fc2_biases)
loss += 5e-4 * regularizers

batch = tf.Variable(0, dtype=tf.float32)
learning_rate = tf.train.exponential_decay(0.01, batch * BATCH_SIZE, train_size, 0.95, staircase=True)
optimizer = tf.train.MomentumOptimizer(learning_rate, 0.9).minimize(loss, global_step=batch)

train_prediction = tf.nn.softmax(logits)
eval_prediction = tf.nn.softmax(model(eval_data))


def eval_in_batches(data, sess):
    size = data.shape[0]
    predictions = np.ndarray(shape=(size, NUM_LABELS), dtype=np.float32)
    for begin in range(0, size, EVAL_BATCH_SIZE):
        end = begin + EVAL_BATCH_SIZE
        predictions[begin:end, :] = sess.run(eval_prediction, feed_dict={eval_data: data[begin:end, ...]})
    return predictions


start_time = time.time()
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    print("Initialized!")
    for step in range(NUM_STEPS):
        offset = (step * BATCH_SIZE) % (train_size - BATCH_SIZE)
        batch_data = train_data[offset:(offset + BATCH_SIZE), ...]
        batch_labels = train_labels[offset:(offset + BATCH_SIZE)]
        feed_dict = {train_data_node: batch_data, train_labels_node: batch_labels}
        sess.run(optimizer, feed_dict=feed_dict)
        if step % EVAL_FREQUENCY == 0:
            l, lr, predictions = sess.run([loss, learning_rate, train_prediction], feed_dict=feed_dict)
            print("Step %d (epoch %.2f)" % (step, float(step) * BATCH_SIZE / train_size))
            print("Minibatch loss: %.3f, learning rate: %.6f" % (l, lr))
            print("Minibatch error: %.1f%%" % error_rate(predictions, batch_labels))
            print("Validation error: %.1f%%" % error_rate(eval_in_batches(validation_data, sess), validation_labels))
