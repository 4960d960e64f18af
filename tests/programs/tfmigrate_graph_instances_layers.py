# Source: tfmigrate tests/programs/tfmigrate_graph_instances_layers.py (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import os

import numpy as np
import tensorflow as tf


class Classifier(object):
    def __init__(self, n_features, n_classes, learning_rate=0.5, random_seed=7):
        self.learning_rate = learning_rate
        graph = tf.Graph()
        with graph.as_default():
            tf.set_random_seed(random_seed)
            self.build(n_features, n_classes)
            self.init_op = tf.global_variables_initializer()
            self.saver = tf.train.Saver()
        self.sess = tf.Session(graph=graph)

    def build(self, n_features, n_classes):
        tf_x = tf.placeholder(tf.float32, shape=[None, n_features], name='tf_x')
        tf_y = tf.placeholder(tf.int32, shape=[None], name='tf_y')
        h1 = tf.layers.dense(tf_x, 16, activation=tf.nn.relu)
        h2 = tf.layers.dense(h1, 8, activation=tf.nn.tanh)
        logits = tf.layers.dense(h2, n_classes)
        labels = tf.cast(tf.argmax(logits, axis=1), tf.int32, name='labels')
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf_y, logits=logits), name='loss')
        tf.train.GradientDescentOptimizer(self.learning_rate).minimize(loss, name='train_op')

    def train(self, X, y, epochs, path='./classifier-model/'):
        if not os.path.isdir(path):
            os.makedirs(path)
        self.sess.run(self.init_op)
        for epoch in range(epochs):
            loss, _ = self.sess.run(['loss:0', 'train_op'], feed_dict={'tf_x:0': X, 'tf_y:0': y})
            print('epoch %d loss %.5f' % (epoch, loss))
        self.saver.save(self.sess, os.path.join(path, 'model.ckpt'))

    def load(self, path):
        self.saver.restore(self.sess, os.path.join(path, 'model.ckpt'))

    def predict(self, X):
        return self.sess.run('labels:0', feed_dict={'tf_x:0': X})


rng = np.random.RandomState(0)
X = rng.randn(60, 4).astype(np.float32)
y = (X[:, 0] + X[:, 1] > 0).astype(np.int32) + (X[:, 2] > 1).astype(np.int32)

clf = Classifier(4, 3)
clf.train(X, y, 10)
del clf

clf2 = Classifier(4, 3)
clf2.load('./classifier-model/')
print(clf2.predict(X[:10]))
print('accuracy %.3f' % np.mean(clf2.predict(X) == y))
