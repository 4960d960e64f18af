# Source: tfmigrate tests/programs/tfmigrate_expression_builder_qnet.py (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
"""A Q-value estimator whose constructor binds the value head a builder method returns, passing it the state
placeholder and a constructor parameter: the method builds scoped get_variable layers and binds an attribute too."""
import numpy as np
import tensorflow as tf

tf.set_random_seed(11)


class ValueNet:
    def __init__(self, sizes, inputs, actions, rate=0.05):
        self.sizes = sizes
        self.actions = actions
        self.state = tf.placeholder(tf.float32, [None, inputs])
        self.chosen = tf.placeholder(tf.float32, [None, actions])
        self.target = tf.placeholder(tf.float32, [None])
        self.values = self.create_model(self.state, inputs)
        picked = tf.reduce_sum(self.values * self.chosen, axis=1)
        self.loss = tf.reduce_mean(tf.square(self.target - picked))
        self.train = tf.train.AdamOptimizer(rate).minimize(self.loss)
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())

    def create_model(self, inputs, width):
        with tf.variable_scope("hidden"):
            weights = tf.get_variable(
                "weights", [width, self.sizes[0]], initializer=tf.random_normal_initializer(stddev=0.1)
            )
            biases = tf.get_variable("biases", [self.sizes[0]], initializer=tf.constant_initializer(0.1))
            hidden = tf.nn.relu(tf.matmul(inputs, weights) + biases)
        self.hidden = hidden
        with tf.variable_scope("readout"):
            weights = tf.get_variable(
                "weights", [self.sizes[0], self.actions], initializer=tf.random_normal_initializer(stddev=0.1)
            )
        return tf.matmul(hidden, weights)

    def predict(self, states):
        return self.sess.run(self.values, feed_dict={self.state: states})

    def fit(self, states, rounds):
        for step in range(rounds):
            guess = self.predict(states)
            chosen = np.eye(self.actions, dtype=np.float32)[np.argmax(guess, axis=1)]
            target = np.linspace(0.0, 1.0, len(states)).astype(np.float32)
            feed = {self.state: states, self.chosen: chosen, self.target: target}
            _, loss = self.sess.run([self.train, self.loss], feed_dict=feed)
            print("step", step, round(float(loss), 6))


net = ValueNet([6], 4, 3)
states = np.linspace(-1.0, 1.0, 20, dtype=np.float32).reshape(5, 4)
net.fit(states, 5)
print("values", net.predict(states[:2]))
print("hidden", net.sess.run(net.hidden, feed_dict={net.state: states[:1]}))
