# Source: tfmigrate tests/programs/tfmigrate_graph_instances_regressor.py (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import numpy as np
import tensorflow as tf


class Regressor(object):
    def __init__(self, n_features, learning_rate=0.1, seed=1):
        self.learning_rate = learning_rate
        self.graph = tf.Graph()
        with self.graph.as_default():
            tf.set_random_seed(seed)
            self.X = tf.placeholder(tf.float32, [None, n_features], name='X')
            self.y = tf.placeholder(tf.float32, [None, 1], name='y')
            w = tf.Variable(tf.random_normal([n_features, 1], stddev=0.1), name='weights')
            b = tf.Variable(tf.zeros([1]), name='bias')
            self.pred = tf.add(tf.matmul(self.X, w), b, name='pred')
            self.loss = tf.reduce_mean(tf.square(self.pred - self.y), name='loss')
            self.train_op = tf.train.GradientDescentOptimizer(self.learning_rate).minimize(self.loss)
            self.saver = tf.train.Saver()
            self.init_op = tf.global_variables_initializer()

    def train(self, X, y, epochs, ckpt, restore=False):
        with tf.Session(graph=self.graph) as sess:
            if restore:
                self.saver.restore(sess, ckpt)
            else:
                sess.run(self.init_op)
            for epoch in range(epochs):
                loss, _ = sess.run([self.loss, self.train_op], feed_dict={self.X: X, self.y: y})
                print('epoch %d loss %.5f' % (epoch, loss))
            self.saver.save(sess, ckpt)
            return sess.run(self.pred, feed_dict={self.X: X[:2]})


rng = np.random.RandomState(0)
X = rng.rand(32, 3).astype(np.float32)
y = X.dot(np.array([[1.0], [-2.0], [0.5]], np.float32)) + 0.3

model = Regressor(3, learning_rate=0.1)
print(model.train(X, y, 5, './regressor.ckpt'))
del model

model = Regressor(3, learning_rate=0.05)
print(model.train(X, y, 5, './regressor.ckpt', restore=True))
