"""A builder's local named like a local of a class the rewrite writes into the same method (review 43, g2): a graph
class owning its ``tf.Graph``, built twice (train and save, then sample from the checkpoint), whose ``build()``
binds ``v = tf.get_variable('v', ...)`` beside ``tf.train.AdamOptimizer``, which the rewrite writes as a ``TF1Adam``
class in that method, whose ``update_step`` binds a ``v`` of its own. Counted by name, build's ``v`` looked bound
twice, was not stored on the instance for the constructor's Checkpoint, and the report said "`v`, which the rewrite
binds in one method of class `Net`, is read in another". A name a nested function or class binds is its own
(class_locals.bindings): run as the TF1 baseline and migrated on TF 2.21, session-free with the baseline's numbers,
and again on the checkpoint the TF1 program wrote, restored by TF1's names."""

from __future__ import annotations

from program_checks import assert_session_free_with_baseline_numbers, evaluate_sources, reasons

NET = """\
import os

import numpy as np
import tensorflow as tf


class Net(object):
    def __init__(self, n_inputs, sampling=False):
        self.graph = tf.Graph()
        with self.graph.as_default():
            tf.set_random_seed(11)
            self.build(n_inputs, sampling)
            self.saver = tf.train.Saver()
            self.init_op = tf.global_variables_initializer()

    def build(self, n_inputs, sampling):
        rows = 1 if sampling else None
        self.x = tf.placeholder(tf.float32, shape=[rows, n_inputs], name="x")
        self.y = tf.placeholder(tf.float32, shape=[rows, 1], name="y")
        w = tf.get_variable("w", [n_inputs, 5])
        h = tf.nn.relu(tf.matmul(self.x, w))
        v = tf.get_variable("v", [5, 1])
        self.out = tf.matmul(h, v, name="out")
        self.cost = tf.reduce_mean(tf.square(self.out - self.y), name="cost")
        self.train_op = tf.train.AdamOptimizer(0.05).minimize(self.cost)

    def train(self, X, Y, steps, ckpt):
        with tf.Session(graph=self.graph) as sess:
            if os.path.exists(ckpt + ".index"):
                self.saver.restore(sess, ckpt)
                print("resumed")
            else:
                sess.run(self.init_op)
            for step in range(steps):
                cost, _ = sess.run([self.cost, self.train_op], feed_dict={self.x: X, self.y: Y})
                print("cost %.6f" % cost)
            self.saver.save(sess, ckpt)

    def sample(self, X, ckpt):
        with tf.Session(graph=self.graph) as sess:
            self.saver.restore(sess, ckpt)
            return [round(float(sess.run(self.out, feed_dict={self.x: r[None, :]})[0, 0]), 5) for r in X]


rng = np.random.RandomState(1)
X = rng.rand(32, 4).astype(np.float32)
Y = X.sum(axis=1, keepdims=True)
os.makedirs("ck", exist_ok=True)

net = Net(4)
net.train(X, Y, 4, "ck/net")

net = Net(4, sampling=True)
print(net.sample(X[:3], "ck/net"))
"""
META = {"random": "seeded", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}


def test_the_builders_local_is_not_named_as_read_in_another_method() -> None:
    assert reasons(NET) == []


def test_the_class_runs_eagerly_on_the_baselines_numbers_and_its_tf1_checkpoint() -> None:
    outcome = evaluate_sources({"builder_local_beside_tf1adam": NET}, {**META, "checkpoint": "resume"})[
        "builder_local_beside_tf1adam"
    ]
    assert_session_free_with_baseline_numbers(outcome)
    same, why = outcome.resume_match()  # the second run restores the checkpoint the TF1 program wrote
    assert same, why
    assert "resumed" in outcome.migrated_resume.stdout, outcome.migrated_resume.stdout
    assert "self.v = v" in (outcome.migrated_text or ""), outcome.migrated_text
