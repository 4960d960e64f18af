# Source: tensorflow/tensorflow tensorflow/examples/tutorials/mnist/fully_connected_feed.py and mnist.py, TF 1.x (Apache-2.0)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST -> 400 synthetic training and 100 validation samples of the same shape (numpy seed 0),
# DataSet.next_batch -> slices; argparse FLAGS -> constants; 2000 steps -> 60, reported every 20, checkpoint at
# the end; hidden 128/32 -> 32/16; log_dir relative to the working directory.
import math
import os

import numpy as np
import tensorflow as tf

NUM_CLASSES = 10
IMAGE_PIXELS = 784
learning_rate = 0.01
max_steps = 60
hidden1_units = 32
hidden2_units = 16
batch_size = 100
log_dir = "logs/fully_connected_feed"

rng = np.random.RandomState(0)
train_images = rng.rand(400, IMAGE_PIXELS).astype(np.float32)
train_labels = rng.randint(0, NUM_CLASSES, 400).astype(np.int32)
valid_images = rng.rand(100, IMAGE_PIXELS).astype(np.float32)
valid_labels = rng.randint(0, NUM_CLASSES, 100).astype(np.int32)


def inference(images, hidden1_units, hidden2_units):
    with tf.name_scope("hidden1"):
        weights = tf.Variable(
            tf.truncated_normal([IMAGE_PIXELS, hidden1_units], stddev=1.0 / math.sqrt(float(IMAGE_PIXELS))), name="weights"
        )
        biases = tf.Variable(tf.zeros([hidden1_units]), name="biases")
        hidden1 = tf.nn.relu(tf.matmul(images, weights) + biases)
    with tf.name_scope("hidden2"):
        weights = tf.Variable(
            tf.truncated_normal([hidden1_units, hidden2_units], stddev=1.0 / math.sqrt(float(hidden1_units))), name="weights"
        )
        biases = tf.Variable(tf.zeros([hidden2_units]), name="biases")
        hidden2 = tf.nn.relu(tf.matmul(hidden1, weights) + biases)
    with tf.name_scope("softmax_linear"):
        weights = tf.Variable(
            tf.truncated_normal([hidden2_units, NUM_CLASSES], stddev=1.0 / math.sqrt(float(hidden2_units))), name="weights"
        )
        biases = tf.Variable(tf.zeros([NUM_CLASSES]), name="biases")
        logits = tf.matmul(hidden2, weights) + biases
    return logits


def loss(logits, labels):
    labels = tf.to_int64(labels)
    return tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)


def training(loss, learning_rate):
    tf.summary.scalar("loss", loss)
    optimizer = tf.train.GradientDescentOptimizer(learning_rate)
    global_step = tf.Variable(0, name="global_step", trainable=False)
    return optimizer.minimize(loss, global_step=global_step)


def evaluation(logits, labels):
    correct = tf.nn.in_top_k(logits, labels, 1)
    return tf.reduce_sum(tf.cast(correct, tf.int32))


def fill_feed_dict(images, labels, step, images_pl, labels_pl):
    start = (step * batch_size) % len(images)
    return {images_pl: images[start:start + batch_size], labels_pl: labels[start:start + batch_size]}


def do_eval(sess, eval_correct, images_placeholder, labels_placeholder, images, labels):
    true_count = 0
    steps_per_epoch = len(images) // batch_size
    num_examples = steps_per_epoch * batch_size
    for step in range(steps_per_epoch):
        feed_dict = fill_feed_dict(images, labels, step, images_placeholder, labels_placeholder)
        true_count += sess.run(eval_correct, feed_dict=feed_dict)
    precision = float(true_count) / num_examples
    print("Num examples: %d  Num correct: %d  Precision @ 1: %0.04f" % (num_examples, true_count, precision))


def run_training():
    with tf.Graph().as_default():
        images_placeholder = tf.placeholder(tf.float32, shape=(batch_size, IMAGE_PIXELS))
        labels_placeholder = tf.placeholder(tf.int32, shape=(batch_size))
        logits = inference(images_placeholder, hidden1_units, hidden2_units)
        loss_op = loss(logits, labels_placeholder)
        train_op = training(loss_op, learning_rate)
        eval_correct = evaluation(logits, labels_placeholder)
        summary = tf.summary.merge_all()
        init = tf.global_variables_initializer()
        saver = tf.train.Saver()
        sess = tf.Session()
        summary_writer = tf.summary.FileWriter(log_dir, sess.graph)
        sess.run(init)

        for step in range(max_steps):
            feed_dict = fill_feed_dict(train_images, train_labels, step, images_placeholder, labels_placeholder)
            _, loss_value = sess.run([train_op, loss_op], feed_dict=feed_dict)
            if step % 20 == 0:
                print("Step %d: loss = %.2f" % (step, loss_value))
                summary_str = sess.run(summary, feed_dict=feed_dict)
                summary_writer.add_summary(summary_str, step)
                summary_writer.flush()
            if (step + 1) == max_steps:
                checkpoint_file = os.path.join(log_dir, "model.ckpt")
                saver.save(sess, checkpoint_file, global_step=step)
                print("Training Data Eval:")
                do_eval(sess, eval_correct, images_placeholder, labels_placeholder, train_images, train_labels)
                print("Validation Data Eval:")
                do_eval(sess, eval_correct, images_placeholder, labels_placeholder, valid_images, valid_labels)


def main(_):
    if tf.gfile.Exists(log_dir):
        tf.gfile.DeleteRecursively(log_dir)
    tf.gfile.MakeDirs(log_dir)
    run_training()


if __name__ == "__main__":
    main(None)
