# Source: tfmigrate (own code), a reduced repro of a small project's model classes (held-out set 28's RNN models):
# a model base class whose constructor makes the placeholders and the output layer's variables and builds the
# network through `self.inference(...)`, two derived classes overriding inference() (one hidden layer, two), one
# without a constructor, the other calling `super().__init__(...)` and naming its scope; the script constructs it.
# Adapted: see manifest.toml (adapted)
import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(4)


class Regressor(object):
    def __init__(self, n_in, n_hidden, lr):
        self.name = "regressor"
        self.n_in = n_in
        self.n_hidden = n_hidden
        self.x = tf.placeholder(tf.float32, [None, n_in])
        self.t = tf.placeholder(tf.float32, [None, 1])
        self.W = tf.Variable(tf.truncated_normal([n_hidden, 1], stddev=0.3), name="W")
        self.b = tf.Variable(tf.zeros([1]), name="b")
        self.y = self.inference(self.x)
        self.loss = tf.reduce_mean(tf.square(self.y - self.t))
        self.train_step = tf.train.AdamOptimizer(lr).minimize(self.loss)

    def weight_variable(self, shape, name):
        return tf.Variable(tf.truncated_normal(shape, stddev=0.3), name=name)

    def inference(self, x):
        with tf.variable_scope(self.name):
            h = tf.nn.tanh(tf.matmul(x, self.weight_variable([self.n_in, self.n_hidden], "h")))
        return tf.matmul(h, self.W) + self.b


class Shallow(Regressor):
    """The base's hidden layer with ReLUs, in the base's scope."""

    def inference(self, x):
        h = tf.nn.relu(tf.matmul(x, self.weight_variable([self.n_in, self.n_hidden], "h")))
        return tf.matmul(h, self.W) + self.b


class Deep(Regressor):
    """Two hidden layers of ReLUs."""

    def __init__(self, n_in, n_hidden, lr):
        super(Deep, self).__init__(n_in, n_hidden, lr)
        self.name = "deep"

    def inference(self, x):
        with tf.variable_scope("deep"):
            h = tf.nn.relu(tf.matmul(x, self.weight_variable([self.n_in, self.n_hidden], "h1")))
            h = tf.nn.relu(tf.matmul(h, self.weight_variable([self.n_hidden, self.n_hidden], "h2")))
        return tf.matmul(h, self.W) + self.b


rng = np.random.RandomState(0)
xs = rng.rand(64, 3).astype(np.float32)
ts = (xs @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.1).astype(np.float32)

model = Deep(3, 8, 0.05)
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    latest = tf.train.latest_checkpoint("family_ckpt")
    if latest:
        saver.restore(sess, latest)
    for step in range(40):
        batch = rng.choice(64, 16)
        _, loss = sess.run([model.train_step, model.loss], feed_dict={model.x: xs[batch], model.t: ts[batch]})
        if step % 10 == 0:
            print("step", step, "loss", loss)
    print("test loss", sess.run(model.loss, feed_dict={model.x: xs, model.t: ts}))
    print("output weights", sess.run(model.W).ravel())
    os.makedirs("family_ckpt", exist_ok=True)
    saver.save(sess, os.path.join("family_ckpt", "model"))
