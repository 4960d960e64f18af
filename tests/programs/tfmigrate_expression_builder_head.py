# Source: tfmigrate tests/programs/tfmigrate_expression_builder_head.py (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
"""A regression model whose builder, called by the constructor as a statement, takes the mean of what another
method returns for a computed input and a literal width (its third parameter left to its default), that method's
variables (one kept as an attribute) made inside the reduction's argument, in the order TF1 made them."""
import numpy as np
import tensorflow as tf

tf.set_random_seed(4)


class Regressor:
    def __init__(self, features, rate=0.1):
        self.features = features
        self.rate = rate
        self.build()
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())

    def build(self):
        self.x = tf.placeholder(tf.float32, [None, self.features])
        self.y = tf.placeholder(tf.float32, [None])
        self.prediction = tf.reduce_mean(self.output_layer(self.x * 0.5, 3), axis=1)
        self.loss = tf.reduce_mean(tf.square(self.prediction - self.y))
        self.step = tf.train.GradientDescentOptimizer(self.rate).minimize(self.loss)

    def output_layer(self, inputs, width, scale=2.0):
        kernel = tf.Variable(tf.random_normal([self.features, width], stddev=0.3))
        bias = tf.Variable(tf.zeros([width]))
        self.kernel = kernel
        return scale * tf.tanh(tf.matmul(inputs, kernel) + bias)

    def train(self, xs, ys, steps):
        for i in range(steps):
            _, loss = self.sess.run([self.step, self.loss], feed_dict={self.x: xs, self.y: ys})
            print("loss", i, round(float(loss), 6))
        return self.sess.run(self.prediction, feed_dict={self.x: xs[:2]})


model = Regressor(3)
xs = np.linspace(-1.0, 1.0, 18, dtype=np.float32).reshape(6, 3)
ys = np.linspace(0.0, 1.0, 6, dtype=np.float32)
print("prediction", model.train(xs, ys, 6))
print("kernel", model.sess.run(model.kernel))
