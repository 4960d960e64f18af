"""A graph-owning class opening a Session per method (held-out set 26, blocker 1, r6: Raschka-style trainers owning
``self.graph``): ``train()`` enters ``with tf.Session(graph=self.graph)``, runs the initializer and saves;
``predict()`` enters a second one that first restores the checkpoint train wrote (session_method_pairs.py reads both
bodies at their calls, a parameter both name renamed at the second; restoring_sessions.py proves the second Session).

The program runs as TF1 (the baseline) and migrated, session-free, with the same numbers; the migrated predict()
restores the checkpoint the TF1 run wrote. Each unsafe variant keeps the graph tier and says why: a second Session
that does not begin by restoring (it initializes again, reads first, or restores nothing: TF1 raises), a body not
read at its call, and the r7 shape (held-out 26's ss_convnn_mnist), the class constructed twice, each instance in a
``tf.Graph`` of its own, refused at the second construction."""

from __future__ import annotations

from pathlib import Path

import pytest
from program_checks import (
    assert_restores_the_tf1_checkpoint,
    assert_session_free_with_baseline_numbers,
    evaluate_sources,
    reasons,
    reasons_by_line,
)

META = {"random": "none", "source": "tfmigrate", "licence": "-"}  # constant initial values, fixed data

SESSION_PER_METHOD = """\
import numpy as np
import tensorflow as tf


class Regression(object):
    def __init__(self, n_features, learning_rate=0.1):
        self.n_features = n_features
        self.learning_rate = learning_rate
        self.graph = tf.Graph()
        with self.graph.as_default():
            self.build()
            self.saver = tf.train.Saver()
            self.init_op = tf.global_variables_initializer()

    def build(self):
        self.x = tf.placeholder(tf.float32, [None, self.n_features], name='x')
        self.y = tf.placeholder(tf.float32, [None], name='y')
        self.w = tf.Variable(tf.fill([self.n_features, 1], 0.5), name='w')
        self.b = tf.Variable(0.0, name='b')
        self.out = tf.reshape(tf.matmul(self.x, self.w), [-1]) + self.b
        self.cost = tf.reduce_mean(tf.square(self.out - self.y), name='cost')
        self.train_op = tf.train.GradientDescentOptimizer(self.learning_rate).minimize(self.cost)

    def train(self, X, y, num_epochs, path='./regression-model/model.ckpt'):
        with tf.Session(graph=self.graph) as sess:
            sess.run(self.init_op)
            for epoch in range(num_epochs):
                cost, _ = sess.run([self.cost, self.train_op], feed_dict={self.x: X, self.y: y})
                if epoch % 5 == 0:
                    print('epoch', epoch, 'cost', cost)
            self.saver.save(sess, path)

    def predict(self, X, path='./regression-model/model.ckpt'):
        with tf.Session(graph=self.graph) as sess:
            self.saver.restore(sess, path)
            preds = sess.run(self.out, feed_dict={self.x: X})
        return preds


train_X = np.array([[1.0, 2.0], [2.0, 0.5], [0.0, 1.0], [3.0, 1.0]], dtype=np.float32)
train_y = np.array([3.0, 2.0, 1.0, 4.5], dtype=np.float32)
model = Regression(n_features=2)
model.train(train_X, train_y, num_epochs=20)
preds = model.predict(np.array([[1.0, 1.0], [2.0, 2.0]], dtype=np.float32))
print('predictions', preds)
"""

RESTORE = "            self.saver.restore(sess, path)\n"
PREDICT = "            preds = sess.run(self.out, feed_dict={self.x: X})\n"

CONSTRUCTED_TWICE = """\
import numpy as np
import tensorflow as tf


class Net(object):
    def __init__(self):
        graph = tf.Graph()
        with graph.as_default():
            self.build()
            self.init_op = tf.global_variables_initializer()
            self.saver = tf.train.Saver()
        self.sess = tf.Session(graph=graph)

    def build(self):
        self.x = tf.placeholder(tf.float32, [None, 2], name='x')
        self.w = tf.Variable(tf.ones([2, 1]), name='w')
        self.loss = tf.reduce_mean(tf.square(tf.matmul(self.x, self.w) - 1.0), name='loss')
        self.train_op = tf.train.GradientDescentOptimizer(0.1).minimize(self.loss)

    def train(self):
        self.sess.run(self.init_op)
        for _ in range(3):
            print(self.sess.run([self.loss, self.train_op], feed_dict={self.x: np.ones((4, 2))})[0])
        self.saver.save(self.sess, './net-model/net.ckpt')

    def load(self):
        self.saver.restore(self.sess, './net-model/net.ckpt')


first = Net()
first.train()
second = Net()
second.load()
"""


@pytest.fixture(scope="module")
def outcomes():
    return evaluate_sources({"session_per_method": SESSION_PER_METHOD}, META)


def test_the_class_runs_eagerly_with_the_baseline_numbers(outcomes) -> None:
    assert_session_free_with_baseline_numbers(outcomes["session_per_method"])


def test_both_methods_come_back_in_the_class_and_their_calls_where_they_stood(outcomes) -> None:
    migrated = outcomes["session_per_method"].migrated_text
    assert "Session" not in migrated and "placeholder" not in migrated
    assert "    def train(self, X, y, num_epochs, path='./regression-model/model.ckpt'):\n" in migrated
    assert "    def predict(self, X, path='./regression-model/model.ckpt'):\n" in migrated
    assert "        self.checkpoint.read(path).assert_existing_objects_matched()\n" in migrated
    assert (
        "__predict_local" not in migrated
    )  # ``X`` and ``path``, bound by train's body at the call, are predict's again
    assert migrated.endswith("model.train(train_X, train_y, num_epochs=20)\n" + SESSION_PER_METHOD.split("=20)\n")[1])


def test_the_migrated_predict_restores_the_tf1_runs_checkpoint(tmp_path: Path) -> None:
    """TF1 trains and saves; the migrated program, its training call left out, restores TF1's checkpoint in
    predict() and prints TF1's predictions (the initial weights would print others)."""
    assert_restores_the_tf1_checkpoint(SESSION_PER_METHOD, tmp_path)


SECOND_SESSION = "a second Session (its variables start over) in a program with a Saver"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        # TF1's second Session draws the initial values again: predictions of the untrained model
        ((RESTORE, "            sess.run(self.init_op)\n"), SECOND_SESSION),
        # TF1 raises: the second Session's variables are uninitialised
        ((RESTORE, ""), SECOND_SESSION),
        # TF1 raises at the read before the restore
        ((RESTORE + PREDICT, PREDICT + RESTORE), SECOND_SESSION),
        # a return before the last statement: the body is not read at the call (``return sess.run(...)`` as the
        # block's last statement is: tests/test_tensor_names.py runs it)
        (
            (PREDICT, "            if X is None:\n                return None\n" + PREDICT),
            "method `predict`, which opens the Session, returns other than by one `return <name>` as its last "
            "statement",
        ),
        # predict() called twice: the second Session entered twice is not the pair
        (
            ("print('predictions', preds)\n", "print('predictions', preds)\npreds = model.predict(X)\n"),
            "method `predict`, which opens the Session, is called by more than one statement",
        ),
    ],
    ids=["initializes_again", "restores_nothing", "reads_before_restoring", "returns_early", "predicts_twice"],
)
def test_an_unsafe_variant_keeps_the_graph_tier(change: tuple[str, str], reason: str) -> None:
    assert change[0] in SESSION_PER_METHOD
    messages = reasons(SESSION_PER_METHOD.replace(*change))
    assert messages and reason in messages[0], messages


def test_a_class_owning_a_graph_constructed_twice_names_the_second_construction() -> None:
    """r7: not ``build`` "used other than called once by the constructor" (the copy of the class made for the
    second construction calls its own ``self.build()``), nor ``load`` "never called" (the first instance's program
    leaves out what only the second calls, instance_graphs._left), but the constructions, each instance in its own
    graph (TF1 names both instances' variables ``w``), whose programs read the class differently: the first trains,
    the second only restores."""
    found = reasons_by_line(CONSTRUCTED_TWICE)
    assert found, found
    line, message = found[0]
    assert "class `Net` owns its graph and is constructed more than once" in message
    assert "method `build`" not in message and "never called" not in message
    assert "(line 30)" in message and CONSTRUCTED_TWICE.splitlines()[29] == "first = Net()", (line, message)


def test_a_class_in_the_default_graph_constructed_twice_names_the_other_construction() -> None:
    """Not "method `train` ... is not called by a statement" (it is, by ``model.train(...)``, read first): the
    other construction, ``first``, whose instance that reading leaves."""
    source = SESSION_PER_METHOD
    for old, new in [
        (
            "        self.graph = tf.Graph()\n        with self.graph.as_default():\n            self.build()\n"
            "            self.saver = tf.train.Saver()\n            self.init_op = tf.global_variables_initializer()\n",
            "        self.build()\n        self.saver = tf.train.Saver()\n        self.init_op = tf.global_variables_initializer()\n",
        ),
        ("tf.Session(graph=self.graph)", "tf.Session()"),
        (
            "model = Regression(n_features=2)\n",
            "first = Regression(n_features=2, learning_rate=0.01)\nmodel = Regression(n_features=2)\n",
        ),
    ]:
        assert old in source, old
        source = source.replace(old, new)
    found = reasons_by_line(source)
    assert found, found
    message = found[0][1]
    assert "class `Regression` is constructed more than once, and method `train`" in message, message
    assert "is not called by a statement" not in message
    line = source.splitlines().index("first = Regression(n_features=2, learning_rate=0.01)") + 1
    assert f"(line {line})" in message, message
