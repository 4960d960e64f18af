# Source: SymphonyPy/Valified_Code_Classify Network_training/SNN.py (commit 34ea035; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: Get_Database.Data (captcha letters read from jpg files, 1600 pixels, 26 classes) -> a small class of the
# same interface over synthetic arrays (numpy seed 0); 10000 steps of 50 -> 300 steps of 20, tested every 100.
import numpy as np
import tensorflow as tf


class Data:
    def __init__(self, n_train, n_test):
        rng = np.random.RandomState(0)
        centres = rng.rand(26, 1600)
        train_labels = rng.randint(0, 26, n_train)
        test_labels = rng.randint(0, 26, n_test)
        self.train_images = centres[train_labels] + 0.3 * rng.rand(n_train, 1600)
        self.train_labels = np.eye(26)[train_labels]
        self.test_images = centres[test_labels] + 0.3 * rng.rand(n_test, 1600)
        self.test_labels = np.eye(26)[test_labels]
        self.order = 0
        self.amount = n_train

    def next_batch(self, num):
        pictures = np.zeros((num, 1600))
        answers = np.zeros((num, 26))
        for i in range(num):
            pictures[i] = self.train_images[self.order]
            answers[i] = self.train_labels[self.order]
            self.order = (self.order + 1) % self.amount
        return pictures, answers


data = Data(200, 60)

x = tf.placeholder(tf.float32, [None, 1600])
W = tf.Variable(tf.zeros([1600, 26]))
b = tf.Variable(tf.zeros([26]))
y = tf.nn.softmax(tf.matmul(x, W) + b)
y_ = tf.placeholder("float", [None, 26])
cross_entropy = -tf.reduce_sum(y_ * tf.log(y))
train_step = tf.train.GradientDescentOptimizer(0.001).minimize(cross_entropy)
init = tf.global_variables_initializer()
sess = tf.Session()
sess.run(init)
for i in range(300):
    batch_xs, batch_ys = data.next_batch(20)
    sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})
    if i % 100 == 0:
        correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
        accuracy = tf.reduce_mean(tf.cast(correct_prediction, "float"))
        print(sess.run(accuracy, feed_dict={x: data.test_images, y_: data.test_labels}))
        print("loss", sess.run(cross_entropy, feed_dict={x: data.test_images, y_: data.test_labels}))
