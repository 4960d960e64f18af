# Source: tfmigrate (own code), a reduced repro of the shape of a DQN agent class (held-out set 25's gridworld
# agent): a `create_fc_layer(self, in_layer, shape, layer_name, activation=tf.nn.relu)` method making its weights with
# tf.get_variable under tf.variable_scope(layer_name), `if activation is not None:` applied, called by a model method
# in a loop over the constructor's `layers` list with `'layer' + str(layer_index)`, and once more with activation=None.
# Adapted: see manifest.toml (adapted)
import os

import numpy as np
import tensorflow as tf


class QNet:
    def __init__(self, input_size, layers, n_actions):
        self.input_size = input_size
        self.layers = layers
        self.n_actions = n_actions
        self.sess = tf.Session()
        self.create_fc_model(self.input_size, self.layers)
        self.create_train()
        self.sess.run(tf.global_variables_initializer())

    def create_fc_layer(self, in_layer, shape, layer_name, activation=tf.nn.relu):
        fc_layer = None
        with tf.variable_scope(layer_name):
            W = tf.get_variable("weights", shape, initializer=tf.random_normal_initializer(stddev=0.1))
            b = tf.get_variable("biases", [shape[1]], initializer=tf.constant_initializer(0.1))
            fc_layer = tf.matmul(in_layer, W) + b
            if activation is not None:
                fc_layer = activation(fc_layer)
        return fc_layer

    def create_fc_model(self, input_size, layers):
        self.x = tf.placeholder("float", shape=[None, input_size])
        self.y = tf.placeholder("float", shape=[None])
        last_layer = self.x
        last_layer_size = input_size
        for layer_index, layer in enumerate(layers):
            last_layer = self.create_fc_layer(last_layer, [last_layer_size, layer], "layer" + str(layer_index))
            last_layer_size = layer
        self.prediction = self.create_fc_layer(last_layer, [last_layer_size, self.n_actions], "readout", activation=None)

    def create_train(self):
        self.loss = tf.reduce_mean(tf.square(self.y - tf.reduce_sum(self.prediction, 1)))
        self.train = tf.train.GradientDescentOptimizer(0.1).minimize(self.loss)

    def fit(self, xs, ys):
        return self.sess.run([self.train, self.loss], feed_dict={self.x: xs, self.y: ys})[1]


tf.set_random_seed(1)
net = QNet(4, [8, 6], 2)
saver = tf.train.Saver()
ckpt = tf.train.get_checkpoint_state("qnet")
if ckpt and ckpt.model_checkpoint_path:
    print("restoring")
    saver.restore(net.sess, ckpt.model_checkpoint_path)
states = np.random.RandomState(0).rand(8, 4)
for step in range(3):
    print(net.fit(states, np.ones([8])))
if not os.path.exists("qnet"):
    os.makedirs("qnet")
saver.save(net.sess, os.path.join("qnet", "model"))
