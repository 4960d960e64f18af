# Source: dagrawa2/ece692_deep_learning project1-mlp/tf_2.py with project1-mlp/tf_model.py (commit eeea588; no licence
# file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the Network module written in the file above the sweep; MNIST kept as the tutorial's input_data (the test
# set's synthetic stand-in, validation_size 10000 -> 100); widths [32, 64, 128] -> [4, 8], learning rates
# [0.01, 0.05, 0.1] -> [0.1], first hidden layer 128 -> 16; 50 epochs -> 2 of mini-batches of 100; the results
# CSV and the pickled dict left out, each configuration's accuracies printed instead.
import numpy as np
import tensorflow as tf

from tensorflow.examples.tutorials.mnist import input_data
mnist = input_data.read_data_sets("MNIST_data/", one_hot=True, validation_size=100, seed=123)


class Network(object):

    def __init__(self, h_widths=[10], lr=0.01, init_weight_range=[-0.01, 0.01]):
        self.h_widths = h_widths
        self.lr = lr
        self.init_weight_range = init_weight_range
        self.build_graph()

    def build_graph(self):
        low, high = self.init_weight_range[0], self.init_weight_range[1]
        self.x = tf.placeholder(tf.float32, [None, 784])
        W = tf.Variable(tf.random_uniform([784, self.h_widths[0]], minval=low, maxval=high))
        b = tf.Variable(tf.random_uniform([self.h_widths[0]], minval=low, maxval=high))
        a = tf.nn.sigmoid(tf.matmul(self.x, W) + b)
        for width_in, width_out in zip(self.h_widths[:-1], self.h_widths[1:]):
            W = tf.Variable(tf.random_uniform([width_in, width_out], minval=low, maxval=high))
            b = tf.Variable(tf.random_uniform([width_out], minval=low, maxval=high))
            a = tf.nn.sigmoid(tf.matmul(a, W) + b)
        W = tf.Variable(tf.random_uniform([self.h_widths[-1], 10], minval=low, maxval=high))
        b = tf.Variable(tf.random_uniform([10], minval=low, maxval=high))
        self.y = tf.nn.softmax(tf.matmul(a, W) + b)
        self.y_ = tf.placeholder(tf.float32, [None, 10])
        self.cross_entropy = tf.reduce_mean(-tf.reduce_sum(self.y_ * tf.log(self.y), reduction_indices=[1]))
        self.train_step = tf.train.GradientDescentOptimizer(self.lr).minimize(self.cross_entropy)

    def train(self, epochs=1, mini_batch_size=100, monitor_evaluation=False, early_stopping_threshold=None):
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())
        evaluation_accuracy = []
        n = mnist.train.num_examples
        n_batches = n // mini_batch_size if n % mini_batch_size == 0 else 1 + n // mini_batch_size
        for epoch in range(epochs):
            for _ in range(n_batches):
                batch_xs, batch_ys = mnist.train.next_batch(mini_batch_size)
                self.sess.run(self.train_step, feed_dict={self.x: batch_xs, self.y_: batch_ys})
            if monitor_evaluation:
                evaluation_accuracy.append(self.eval())
            if early_stopping_threshold is not None and epoch >= 1 and \
                    evaluation_accuracy[-1] - evaluation_accuracy[-2] <= early_stopping_threshold:
                evaluation_accuracy = evaluation_accuracy[:-1]
                break
        return evaluation_accuracy

    def eval(self):
        self.correct_prediction = tf.equal(tf.argmax(self.y, 1), tf.argmax(self.y_, 1))
        accuracy = tf.reduce_mean(tf.cast(self.correct_prediction, tf.float32))
        return self.sess.run(accuracy, feed_dict={self.x: mnist.validation.images, self.y_: mnist.validation.labels})


widths = [4, 8]
lrs = [0.1]
epochs = 2
mini_batch_size = 100
early_stopping_threshold = 1e-5

accs = np.zeros((len(lrs), len(widths)))
for i, h in enumerate(widths):
    for j, lr in enumerate(lrs):
        print("Training width=", h, " lr=", lr)
        nn = Network(h_widths=[16, h], lr=lr)
        eval_acc = nn.train(epochs=epochs, mini_batch_size=mini_batch_size, monitor_evaluation=True,
                            early_stopping_threshold=early_stopping_threshold)
        accs[j, i] = eval_acc[-1]
        print(h, lr, len(eval_acc), eval_acc[-1])

accs = np.flip(accs, axis=0)
print("accs", accs)
print("Done")
