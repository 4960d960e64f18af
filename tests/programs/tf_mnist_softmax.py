# Source: tensorflow/tensorflow tensorflow/examples/tutorials/mnist/mnist_softmax.py (Apache-2.0), the TF 1.x version
# kept in miglopst/cs263_spring2018 @51d0e2c.
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: input_data.read_data_sets -> 1000 synthetic training and 200 test images of the same shape (mostly
# dark) with sparse labels a linear rule gives (numpy seed 0), next_batch(1000) -> slices of 100; the cross-entropy
# of each step printed.
import argparse
import sys

import numpy as np
import tensorflow as tf

FLAGS = None


def read_data_sets(data_dir):
    rng = np.random.RandomState(0)
    images = (rng.rand(1200, 784) * (rng.rand(1200, 784) < 0.15)).astype(np.float32)  # mostly dark, like digits
    labels = np.argmax((images - images.mean(axis=0)) @ rng.randn(784, 10), axis=1).astype(np.int64)
    return images[:1000], labels[:1000], images[1000:], labels[1000:]


def main(_):
    train_images, train_labels, test_images, test_labels = read_data_sets(FLAGS.data_dir)

    x = tf.placeholder(tf.float32, [None, 784])
    W = tf.Variable(tf.zeros([784, 10]))
    b = tf.Variable(tf.zeros([10]))
    y = tf.matmul(x, W) + b

    y_ = tf.placeholder(tf.int64, [None])

    # sparse_softmax_cross_entropy on the raw logits rather than log(softmax(y)): numerically stable.
    cross_entropy = tf.losses.sparse_softmax_cross_entropy(labels=y_, logits=y)
    train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)

    sess = tf.InteractiveSession()
    tf.global_variables_initializer().run()
    for step in range(10):
        batch_xs = train_images[step * 100 : (step + 1) * 100]
        batch_ys = train_labels[step * 100 : (step + 1) * 100]
        _, loss = sess.run([train_step, cross_entropy], feed_dict={x: batch_xs, y_: batch_ys})
        print("step %d, cross entropy %g" % (step, loss))

    correct_prediction = tf.equal(tf.argmax(y, 1), y_)
    accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
    print(sess.run(accuracy, feed_dict={x: test_images, y_: test_labels}))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--data_dir", type=str, default="/tmp/tensorflow/mnist/input_data", help="input data")
    FLAGS, unparsed = parser.parse_known_args()
    tf.app.run(main=main, argv=[sys.argv[0]] + unparsed)
