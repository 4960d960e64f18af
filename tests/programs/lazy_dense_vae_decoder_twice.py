# Source: own code in the shape of the TF1 VAE programs whose Dense layer objects build their weights at the first call
# Written for tfmigrate's test set (a list of Dense objects built in a comprehension, each creating its variables in
# __call__ the first time, the decoder list applied to the encoded z and again to a prior sample); no source text copied.
# Adapted: 200 synthetic 16-dimensional samples (numpy seed 0), tf.set_random_seed(0); 30 steps, printed every 10.
import functools

import numpy as np
import tensorflow as tf

tf.set_random_seed(0)


def compose(*fns):
    return functools.partial(functools.reduce, lambda x, f: f(x), fns)


class Dense(object):
    """A fully connected layer whose weights are made the first time it is called."""

    def __init__(self, scope="dense", size=None, nonlinearity=tf.identity):
        self.scope = scope
        self.size = size
        self.nonlinearity = nonlinearity

    def __call__(self, x):
        with tf.name_scope(self.scope):
            while True:
                try:
                    return self.nonlinearity(tf.matmul(x, self.w) + self.b)
                except AttributeError:
                    self.w, self.b = self.wbVars(x.get_shape()[1].value, self.size)

    @staticmethod
    def wbVars(fan_in, fan_out):
        stddev = tf.cast((2 / fan_in) ** 0.5, tf.float32)
        initial_w = tf.random_normal([fan_in, fan_out], stddev=stddev)
        initial_b = tf.zeros([fan_out])
        return tf.Variable(initial_w, trainable=True, name="weights"), tf.Variable(initial_b, trainable=True, name="biases")


class VAE(object):
    def __init__(self, architecture, learning_rate=1e-2):
        self.architecture = architecture
        self.learning_rate = learning_rate
        self.x_in = tf.placeholder(tf.float32, shape=[None, architecture[0]], name="x")
        encoding = [Dense("encoding", size, tf.nn.elu) for size in architecture[1:-1]]
        h_encoded = compose(*encoding)(self.x_in)
        self.z_mean = Dense("z_mean", architecture[-1])(h_encoded)
        decoding = [Dense("decoding", size, tf.nn.elu) for size in reversed(architecture[1:-1])]
        decoding.append(Dense("x_decoding", architecture[0], tf.sigmoid))
        self.x_reconstructed = compose(*decoding)(self.z_mean)
        self.z_ = tf.placeholder_with_default(tf.zeros([1, architecture[-1]]), shape=[None, architecture[-1]])
        self.x_generated = compose(*decoding)(self.z_)
        self.cost = tf.reduce_mean(tf.reduce_sum(tf.square(self.x_reconstructed - self.x_in), 1))
        self.train_op = tf.train.AdamOptimizer(learning_rate).minimize(self.cost)
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())

    def train(self, X, steps):
        for step in range(steps):
            cost, _ = self.sess.run([self.cost, self.train_op], {self.x_in: X})
            if step % 10 == 0:
                print("step", step, "cost", cost)

    def decode(self, z):
        return self.sess.run(self.x_generated, {self.z_: z})


rng = np.random.RandomState(0)
data = rng.rand(200, 16).astype(np.float32)
vae = VAE([16, 8, 2])
vae.train(data, 30)
print("generated:", np.round(vae.decode(np.zeros((2, 2), np.float32)), 4))
