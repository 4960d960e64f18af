# Source: tfmigrate (own code) in the shape of Danijar Hafner's "Structuring Your TensorFlow Models" (2016), which
# many TF1 projects copy (held-out set 29's CIFAR CNN, AaronJny's sentiment model, trading-agent actor models): a
# `define_scope` decorator made usable with and without arguments by `doublewrap`, each graph piece a lazy property
# cached on the instance under '_cache_<name>' and built in `tf.variable_scope(scope or name, ...)`, the constructor
# touching them in order; a plain `lazy_property` (no scope) for the train op beside it. Trained in `with tf.Session()`, resuming from
# a Saver checkpoint by TF1's names (`prediction/hidden:0`).
# Adapted: see manifest.toml (adapted)
import functools
import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(7)


def doublewrap(function):
    """Lets the decorator be used without parentheses when it takes no arguments."""

    @functools.wraps(function)
    def decorator(*args, **kwargs):
        if len(args) == 1 and len(kwargs) == 0 and callable(args[0]):
            return function(args[0])
        else:
            return lambda wrapee: function(wrapee, *args, **kwargs)

    return decorator


@doublewrap
def define_scope(function, scope=None, *args, **kwargs):
    """Builds the graph piece once, in a variable scope named after it."""
    attribute = '_cache_' + function.__name__
    name = scope or function.__name__

    @property
    @functools.wraps(function)
    def decorator(self):
        if not hasattr(self, attribute):
            with tf.variable_scope(name, *args, **kwargs):
                setattr(self, attribute, function(self))
        return getattr(self, attribute)

    return decorator


def lazy_property(function):
    attribute = '_lazy_' + function.__name__

    @property
    @functools.wraps(function)
    def decorator(self):
        if not hasattr(self, attribute):
            setattr(self, attribute, function(self))
        return getattr(self, attribute)

    return decorator


def dense(x, size, name):
    in_size = int(x.get_shape()[1])
    W = tf.Variable(tf.truncated_normal([in_size, size], stddev=0.3), name=name)
    b = tf.Variable(tf.constant(0.1, shape=[size]), name=name + "_b")
    return tf.matmul(x, W) + b


class Model:
    def __init__(self, data, target):
        self.data = data
        self.target = target
        self.prediction
        self.loss
        self.optimize
        self.error
        self.prediction  # touched again: the cached tensor

    @define_scope(initializer=tf.glorot_uniform_initializer())
    def prediction(self):
        hidden = tf.nn.tanh(dense(self.data, 8, "hidden"))
        return dense(hidden, 1, "out")

    @define_scope("cost")
    def loss(self):
        return tf.reduce_mean(tf.square(self.prediction - self.target))

    @lazy_property
    def optimize(self):
        optimizer = tf.train.AdamOptimizer(0.05)
        return optimizer.minimize(self.loss)

    @define_scope
    def error(self):
        return tf.reduce_mean(tf.abs(self.prediction - self.target))


rng = np.random.RandomState(0)
xs = rng.rand(64, 3).astype(np.float32)
ts = (xs @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.1).astype(np.float32)
data = tf.placeholder(tf.float32, [None, 3])
target = tf.placeholder(tf.float32, [None, 1])
model = Model(data, target)
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    if os.path.isdir("define_scope_ckpt"):
        saver.restore(sess, tf.train.latest_checkpoint("define_scope_ckpt"))
    losses = []
    for epoch in range(10):
        for start in range(0, 64, 16):
            feed = {data: xs[start:start + 16], target: ts[start:start + 16]}
            losses.append(sess.run([model.optimize, model.loss], feed)[1])
        print("epoch", epoch, "mean loss", np.mean(losses[-4:]))
    print("test error", sess.run(model.error, {data: xs, target: ts}))
    saver.save(sess, "define_scope_ckpt/model")
