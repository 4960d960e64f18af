"""A class whose constructor builds the graph through a method (``self.build_graph()``) and whose ``train`` opens
the Session is not the course shape whose ``fit`` builds the graph (session/fit_constructors.py): the reason given
names what stops the Session method, not a graph ``train`` does not build."""

from __future__ import annotations

from program_checks import reasons_by_line

PROGRAM = """import numpy as np
import tensorflow as tf


class Net:
    def __init__(self, lr=0.1):
        self.lr = lr
        self.build_graph()

    def build_graph(self):
        self.x = tf.placeholder(tf.float32, shape=[None, 2], name="x")
        self.w = tf.Variable(tf.ones([2, 1]), name="w")
        self.loss = tf.reduce_sum(tf.matmul(self.x, self.w))
        self.step = tf.train.GradientDescentOptimizer(self.lr).minimize(self.loss)

    def train(self, xs, epochs=1):
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())
        for epoch in range(epochs):
            self.sess.run(self.step, feed_dict={self.x: xs})
        return np.array([self.sess.run(self.loss, feed_dict={self.x: xs})])


net = Net(lr=0.1)
print(net.train(np.ones([3, 2], dtype=np.float32), epochs=2))
"""


def test_the_reason_names_the_session_method_not_a_graph_it_does_not_build() -> None:
    [(line, message)] = reasons_by_line(PROGRAM)
    assert "builds the graph on the instance" not in message, message
    # its return is read as bound (session_method_results.py); what stops it is the Session stored on the instance
    assert "method `train`, which runs the Session" in message and line == 17, (line, message)
    assert "stores `self.sess` on the instance" in message, message
