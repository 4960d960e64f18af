# Source: tfmigrate (own code), a reduced repro of a small project's trainer (held-out set 27's MNIST perceptron): an
# abstract model interface whose methods raise NotImplementedError, a subclass defining them with no constructor and
# no state (a tf.layers.dense network, the cross entropy, the optimizer, the accuracy), built once inside a manager's
# `with tf.Session()` block and each method called once, the manager run as a temporary under the main guard.
# Adapted: see manifest.toml (adapted)
import os

import numpy as np
import tensorflow as tf


class Model:
    def infer(self, inputs):
        raise NotImplementedError()

    def cost(self, logits, labels):
        raise NotImplementedError()

    def optimize(self, cost, learning_rate):
        raise NotImplementedError()

    def evaluate(self, logits, labels):
        raise NotImplementedError()


class TwoLayerNet(Model):
    def infer(self, inputs):
        hidden = tf.layers.dense(inputs=inputs, units=6, activation=tf.nn.relu, name="hidden")
        return tf.layers.dense(inputs=hidden, units=3, activation=tf.nn.softmax)

    def cost(self, logits, labels):
        return tf.reduce_mean(-tf.reduce_sum(labels * tf.log(logits + 1e-8), axis=[1]))

    def optimize(self, cost, learning_rate):
        return tf.train.GradientDescentOptimizer(learning_rate).minimize(cost)

    def evaluate(self, logits, labels):
        correct = tf.equal(tf.argmax(logits, 1), tf.argmax(labels, 1))
        return tf.reduce_mean(tf.cast(correct, tf.float32))


class Manager:
    def __init__(self):
        rng = np.random.RandomState(0)
        self.features = rng.rand(24, 4).astype(np.float32)
        self.labels = np.eye(3, dtype=np.float32)[rng.randint(0, 3, 24)]

    def train(self):
        with tf.Session() as session:
            inputs = tf.placeholder(tf.float32, shape=[None, 4], name="inputs")
            labels = tf.placeholder(tf.float32, shape=[None, 3])
            model = TwoLayerNet()

            inference = model.infer(inputs)
            cost = model.cost(inference, labels)
            optimize = model.optimize(cost, 0.5)
            evaluate = model.evaluate(inference, labels)

            session.run(tf.global_variables_initializer())
            saver = tf.train.Saver()
            checkpoint = tf.train.get_checkpoint_state("net")
            if checkpoint and checkpoint.model_checkpoint_path:
                print("restoring")
                saver.restore(session, checkpoint.model_checkpoint_path)
            for step in range(4):
                _, cost_value = session.run([optimize, cost], feed_dict={inputs: self.features, labels: self.labels})
                print("step", step, "cost", cost_value)
            accuracy = session.run(evaluate, feed_dict={inputs: self.features, labels: self.labels})
            print("accuracy", accuracy)
            if not os.path.exists("net"):
                os.makedirs("net")
            saver.save(session, os.path.join("net", "model"))


tf.set_random_seed(2)
if __name__ == "__main__":
    Manager().train()
