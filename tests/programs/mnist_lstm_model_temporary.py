# Source: a public GitHub file found by tfmigrate's search tool (stored copy 35064116507; the index names no
# repository), licence not stated: a hand-written LSTM over MNIST rows in a `Model` class whose constructor builds the
# placeholders, the network and Adam, whose train() opens `with tf.Session()`, writes the graph with a FileWriter and
# runs the initializer and the steps, the module running it as a temporary: `Model().train()` under
# `if __name__ == '__main__':`. Written for tfmigrate's test set in that program's shape; no source text copied.
# Adapted: MNIST -> 64 seeded numpy 28x28 images in 10 classes; the LSTM unrolled over the 28 rows (its gates'
# get_variable weights reused after the first row; an unrolled recurrence is not modelled by tfmigrate) -> one tanh
# layer of 8 over the reshaped rows, then the dense softmax layer; one step -> 6 steps, cost and accuracy printed;
# tf.set_random_seed(3); the FileWriter under logs/.
import numpy as np
import tensorflow as tf

BATCH_SIZE = 16
HIDDEN = 8
LEARNING_RATE = 1e-2
LOG_DIR = "logs/lstm"

rng = np.random.RandomState(0)
IMAGES = rng.rand(64, 28 * 28).astype(np.float32)
LABELS = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 64)]


class Model(object):
    def __init__(self):
        tf.set_random_seed(3)
        self.images = tf.placeholder(tf.float32, [BATCH_SIZE, 28 * 28])
        self.labels = tf.placeholder(tf.float32, [BATCH_SIZE, 10])
        rows = tf.reshape(self.images, shape=[BATCH_SIZE, 28, 28])

        w_h = tf.Variable(tf.random_normal([28 * 28, HIDDEN], stddev=0.1), name="w_h")
        b_h = tf.Variable(tf.zeros([HIDDEN]), name="b_h")
        h = tf.tanh(tf.matmul(tf.reshape(rows, [BATCH_SIZE, 28 * 28]), w_h) + b_h)
        weights = tf.Variable(tf.random_normal([HIDDEN, 10], stddev=0.1), name="weights")
        bias = tf.Variable(tf.zeros([10]), name="bias")
        pred = tf.matmul(h, weights) + bias

        self.cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=pred, labels=self.labels))
        self.optimizer = tf.train.AdamOptimizer(learning_rate=LEARNING_RATE).minimize(self.cost)
        correct_pred = tf.equal(tf.argmax(pred, 1), tf.argmax(self.labels, 1))
        self.accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))
        self.init = tf.global_variables_initializer()

    def train(self):
        with tf.Session() as sess:
            writer = tf.summary.FileWriter(LOG_DIR, sess.graph)
            sess.run(self.init)
            for step in range(6):
                start = (step * BATCH_SIZE) % 64
                batch_x, batch_y = IMAGES[start : start + BATCH_SIZE], LABELS[start : start + BATCH_SIZE]
                _, cost, acc = sess.run(
                    [self.optimizer, self.cost, self.accuracy], feed_dict={self.images: batch_x, self.labels: batch_y}
                )
                print("step", step, "cost", cost, "accuracy", acc)
            writer.close()


if __name__ == "__main__":
    Model().train()
