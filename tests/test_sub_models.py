"""TFM201 on a graph class constructed in a loop by another class's method (session/sub_models.py): the course MLP
whose constructor builds one ``HiddenLayer`` per hidden size, and the stacked autoencoder built the same way
(held-out set 20's lp_autoencoder_dnn). The graph tier is kept; the reason names the construction in the loop, not
what the holder class failed first."""

from __future__ import annotations

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

ANN = """import numpy as np
import tensorflow as tf


class HiddenLayer(object):
    def __init__(self, M1, M2, f):
        self.f = f
        self.W = tf.Variable((np.random.randn(M1, M2) / np.sqrt(M1)).astype(np.float32))
        self.b = tf.Variable(np.zeros(M2, dtype=np.float32))

    def forward(self, X):
        return self.f(tf.matmul(X, self.W) + self.b)


class ANN(object):
    def __init__(self, D, hidden_layer_sizes, K):
        self.layers = []
        M1 = D
        for M2 in hidden_layer_sizes:
{construct}            M1 = M2
        self.W = tf.Variable((np.random.randn(M1, K) / np.sqrt(M1)).astype(np.float32))

    def forward(self, X):
        Z = X
        for h in self.layers:
            Z = h.forward(Z)
        return tf.matmul(Z, self.W)

    def fit(self, X, Y):
        tfX = tf.placeholder(tf.float32, shape=(None, X.shape[1]))
        tfT = tf.placeholder(tf.int32, shape=(None,))
        cost = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(logits=self.forward(tfX), labels=tfT))
        train_op = tf.train.GradientDescentOptimizer(0.1).minimize(cost)
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            for i in range(5):
                session.run(train_op, feed_dict={tfX: X, tfT: Y})
                print(i, session.run(cost, feed_dict={tfX: X, tfT: Y}))


np.random.seed(0)
X = np.random.randn(50, 4).astype(np.float32)
Y = (X[:, 0] > 0).astype(np.int32)
model = ANN(4, [6, 5], 2)
model.fit(X, Y)
"""


def _followups(source: str) -> tuple[list[tuple[int, str]], str]:
    result = migrate_source(source, Options(), "program.py")
    return [(f.line, f.message) for f in result.followups if f.code == "TFM201"], result.migrated


@pytest.mark.parametrize(
    ("construct", "line"),
    [
        ("            h = HiddenLayer(M1, M2, tf.nn.relu)\n            self.layers.append(h)\n", 20),
        ("            self.layers.append(HiddenLayer(M1, M2, tf.nn.relu))\n", 20),
    ],
)
def test_a_layer_class_constructed_per_hidden_size_is_named_at_its_construction(construct: str, line: int) -> None:
    followups, migrated = _followups(ANN.replace("{construct}", construct))
    assert [f[0] for f in followups] == [line], followups
    reason = followups[0][1]
    assert (
        "class `HiddenLayer` builds graph ops and is constructed in a loop in method `__init__` of class `ANN`"
        in reason
    )
    assert "(line 19)" in reason  # the loop
    assert "tf.compat.v1.Session()" in migrated  # the graph tier, TF1 code kept


def test_a_comprehension_of_layers_is_a_loop_too() -> None:
    source = ANN.replace(
        "        for M2 in hidden_layer_sizes:\n{construct}            M1 = M2\n",
        "        sizes = [D] + list(hidden_layer_sizes)\n"
        "        self.layers = [HiddenLayer(a, b, tf.nn.relu) for a, b in zip(sizes, sizes[1:])]\n"
        "        M1 = sizes[-1]\n",
    )
    followups, _ = _followups(source)
    assert [f[0] for f in followups] == [20], followups
    assert "constructed in a loop in method `__init__` of class `ANN` (line 20)" in followups[0][1]


SHARED = """import numpy as np
import tensorflow as tf


class Model(object):
    def __init__(self, is_training):
        self.x = tf.placeholder(tf.float32, [None, 4])
        w = tf.get_variable("w", [4, 1], initializer=tf.random_normal_initializer(stddev=0.5, seed=1))
        self.loss = tf.reduce_mean(tf.square(tf.matmul(self.x, w) - 1.0))
        if is_training:
            self.train_op = tf.train.GradientDescentOptimizer(0.1).minimize(self.loss)


def run(steps):
    xs = np.ones([8, 4], np.float32)
    with tf.variable_scope("model", reuse=None):
        m = Model(is_training=True)
    with tf.variable_scope("model", reuse=True):
        mtest = Model(is_training=False)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(steps):
            sess.run(m.train_op, {m.x: xs})
        print(sess.run(mtest.loss, {mtest.x: xs}))


run(5)
"""


def test_a_second_instance_under_a_reusing_scope_is_named() -> None:
    """The PTB trainers' shape: the test model built under ``reuse=True`` over the training model's variables."""
    followups, _ = _followups(SHARED)
    assert [f[0] for f in followups] == [19], followups
    assert "constructed under a variable scope that reuses variables (line 18)" in followups[0][1]


def test_a_class_built_by_a_train_and_a_test_function_is_named_at_both() -> None:
    """ai_ptb_lstm's shape (held-out set 20): ``train()`` and ``test()`` each construct the model, run in one branch
    of the module's ``if`` each."""
    source = (
        SHARED.replace('    with tf.variable_scope("model", reuse=None):\n        m = Model', "    m = Model")
        .replace(
            '    with tf.variable_scope("model", reuse=True):\n        mtest = Model(is_training=False)\n'
            "    with tf.Session() as sess:\n"
            "        sess.run(tf.global_variables_initializer())\n"
            "        for i in range(steps):\n"
            "            sess.run(m.train_op, {m.x: xs})\n"
            "        print(sess.run(mtest.loss, {mtest.x: xs}))\n",
            "    with tf.Session() as sess:\n"
            "        sess.run(tf.global_variables_initializer())\n"
            "        for i in range(steps):\n"
            "            sess.run(m.train_op, {m.x: xs})\n"
            "        print(sess.run(m.loss, {m.x: xs}))\n"
            "\n\ndef test():\n"
            "    mtest = Model(is_training=False)\n"
            "    with tf.Session() as sess:\n"
            "        sess.run(tf.global_variables_initializer())\n"
            "        print(sess.run(mtest.loss, {mtest.x: np.ones([8, 4], np.float32)}))\n",
        )
        .replace("run(5)\n", "import sys\nif len(sys.argv) > 1:\n    test()\nelse:\n    run(5)\n")
    )
    assert "def test():" in source and "reuse" not in source
    followups, _ = _followups(source)
    assert [f[0] for f in followups] == [25], followups
    assert "constructed in function `run` (line 16) and again in function `test`" in followups[0][1], followups


FRESH = """import tensorflow as tf


class Model(object):
    def __init__(self):
        self.x = tf.placeholder(tf.float32, [None, 2])
        w = tf.get_variable("w", [2, 1])
        self.loss = tf.reduce_mean(tf.square(tf.matmul(self.x, w) - 1.0))


def restored():
    tf.reset_default_graph()
    with tf.variable_scope("m", reuse=tf.AUTO_REUSE):
        model = Model()
{second}    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print(sess.run(model.loss, {{model.x: [[1.0, 2.0]]}}))


restored()
"""


def test_an_auto_reuse_scope_right_after_a_reset_shares_nothing() -> None:
    """hc_stock_lstm_config's predict() (held-out set 30): a fresh graph holds no variables to share, so the one
    construction makes its own; no reason names sharing."""
    followups, _ = _followups(FRESH.format(second=""))
    assert not any("reuses variables" in f[1] for f in followups), followups


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(FRESH.format(second="        again = Model()\n"), id="a-second-construction-shares"),
        pytest.param(FRESH.format(second="").replace("tf.AUTO_REUSE", "True"), id="reuse-true"),
        pytest.param(
            FRESH.format(second="").replace(
                "    tf.reset_default_graph()\n",
                "    tf.reset_default_graph()\n    w = tf.get_variable('m/w', [2, 1])\n",
            ),
            id="built-between",
        ),
        pytest.param(FRESH.format(second="").replace("    tf.reset_default_graph()\n", ""), id="no-reset"),
    ],
)
def test_an_auto_reuse_scope_that_can_share_keeps_its_reason(source: str) -> None:
    followups, _ = _followups(source)
    assert any("constructed under a variable scope that reuses variables" in f[1] for f in followups), followups
