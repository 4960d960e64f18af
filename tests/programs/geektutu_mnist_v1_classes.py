# Source: geektutu/tensorflow-tutorial-samples mnist/v1/model.py + mnist/v1/train.py (no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the two files in one (model.py's Network class first); MNIST -> 256 synthetic samples of the same shape
# (numpy seed 0) and 64 test samples, next_batch -> slices; 2000 steps -> 40, the loss printed every 10.
import numpy as np
import tensorflow as tf


class Network:
    def __init__(self):
        self.x = tf.placeholder(tf.float32, [None, 784])
        self.w = tf.Variable(tf.zeros([784, 10]))
        self.b = tf.Variable(tf.zeros([10]))
        self.y = tf.nn.softmax(tf.matmul(self.x, self.w) + self.b)

        self.learning_rate = 0.001

        self.label = tf.placeholder(tf.float32, [None, 10])
        self.loss = -tf.reduce_sum(self.label * tf.log(self.y + 1e-10))
        self.train = tf.train.GradientDescentOptimizer(self.learning_rate).minimize(self.loss)

        predict = tf.equal(tf.argmax(self.label, 1), tf.argmax(self.y, 1))
        self.accuracy = tf.reduce_mean(tf.cast(predict, "float"))


class Train:
    def __init__(self):
        self.net = Network()
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())
        rng = np.random.RandomState(0)
        self.images = rng.rand(256, 784).astype(np.float32)
        self.labels = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 256)]
        self.test_images = rng.rand(64, 784).astype(np.float32)
        self.test_labels = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 64)]

    def train(self):
        batch_size = 64
        train_step = 40
        for i in range(train_step):
            start = (i * batch_size) % 256
            x, label = self.images[start:start + batch_size], self.labels[start:start + batch_size]
            _, loss = self.sess.run([self.net.train, self.net.loss],
                                    feed_dict={self.net.x: x, self.net.label: label})
            if (i + 1) % 10 == 0:
                print('step %5d, loss: %.4f' % (i + 1, loss))

    def calculate_accuracy(self):
        accuracy = self.sess.run(self.net.accuracy,
                                 feed_dict={self.net.x: self.test_images, self.net.label: self.test_labels})
        print("accuracy: %.4f on %d images" % (accuracy, len(self.test_labels)))


if __name__ == "__main__":
    app = Train()
    app.train()
    app.calculate_accuracy()
