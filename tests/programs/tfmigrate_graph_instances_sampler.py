# Source: tfmigrate tests/programs/tfmigrate_graph_instances_sampler.py (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import numpy as np
import tensorflow as tf


class Sequencer(object):
    def __init__(self, n_inputs, batch_size=8, learning_rate=0.1, sampling=False):
        self.n_inputs = n_inputs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.graph = tf.Graph()
        with self.graph.as_default():
            tf.set_random_seed(7)
            self.build(sampling=sampling)
            self.saver = tf.train.Saver()
            self.init_op = tf.global_variables_initializer()

    def build(self, sampling):
        if sampling:
            rows = 1
        else:
            rows = self.batch_size
        self.x = tf.placeholder(tf.float32, shape=[rows, self.n_inputs], name='x')
        self.y = tf.placeholder(tf.float32, shape=[rows, 1], name='y')
        w = tf.Variable(tf.truncated_normal([self.n_inputs, 1], stddev=0.1), name='w')
        b = tf.Variable(tf.zeros([1]), name='b')
        self.out = tf.sigmoid(tf.matmul(self.x, w) + b, name='out')
        self.cost = tf.reduce_mean(tf.square(self.out - self.y), name='cost')
        self.train_op = tf.train.AdamOptimizer(self.learning_rate).minimize(self.cost)

    def train(self, X, Y, epochs, ckpt):
        with tf.Session(graph=self.graph) as sess:
            sess.run(self.init_op)
            for epoch in range(epochs):
                for start in range(0, len(X), self.batch_size):
                    feed = {self.x: X[start:start + self.batch_size], self.y: Y[start:start + self.batch_size]}
                    cost, _ = sess.run([self.cost, self.train_op], feed_dict=feed)
                print('epoch %d cost %.5f' % (epoch, cost))
            self.saver.save(sess, ckpt)

    def sample(self, X, ckpt):
        outputs = []
        with tf.Session(graph=self.graph) as sess:
            self.saver.restore(sess, ckpt)
            for row in X:
                outputs.append(sess.run(self.out, feed_dict={self.x: row[None, :]})[0, 0])
        return np.round(np.array(outputs), 4)


rng = np.random.RandomState(1)
X = rng.rand(32, 4).astype(np.float32)
Y = (X.sum(axis=1, keepdims=True) > 2.0).astype(np.float32)

seq = Sequencer(4, batch_size=8)
seq.train(X, Y, 4, './sequencer.ckpt')

del seq

seq = Sequencer(4, sampling=True)
print(seq.sample(X[:5], './sequencer.ckpt'))
