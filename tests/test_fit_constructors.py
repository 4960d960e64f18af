"""TFM201 on the sklearn-style course model: ``fit()`` builds its graph on the instance (``self.W``, ``self.tfX``,
``self.predict_op``), opens the Session (or runs the one ``set_session`` stored) and trains, ``predict()`` /
``score()`` run ``self.predict_op`` again after it (session/fit_constructors.py, session/session_callers.py). The
rewrites are proved on real TensorFlow by the fixtures TFM201/eager_class_course_fit_behind_setter and
TFM201/eager_class_course_fit_rmsprop_batches (tests/test_eager_rewrite.py, same numbers as the seeded TF1 runs);
here, that the class and the module come back as written and that the shapes the constructor's reading would
change keep the graph tier."""

from __future__ import annotations

from pathlib import Path

import pytest
from program_checks import assert_session_free_with_baseline_numbers, evaluate_sources

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

FIXTURES = Path(__file__).parent / "fixtures" / "TFM201"
SETTER = (FIXTURES / "eager_class_course_fit_behind_setter.before.py").read_text()
OWN = (FIXTURES / "eager_class_course_fit_rmsprop_batches.before.py").read_text()
OPENED = (FIXTURES / "eager_class_course_session_in_constructor.before.py").read_text()
CONSTRUCTED = "    model = ANN(3)\n    model.fit(X[:80], Y[:80])\n"
HELD = """import numpy as np
import tensorflow as tf


class ANN(object):
    def __init__(self, lr, D):
        self.tfX = tf.placeholder(tf.float32, shape=(None, D))
        self.W = tf.Variable(np.full((D, 3), 0.1, np.float32))
        self.predict_op = tf.argmax(tf.matmul(self.tfX, self.W), 1)
        self.session = tf.Session()
        self.session.run(tf.global_variables_initializer())

    def predict(self, X):
        return self.session.run(self.predict_op, feed_dict={self.tfX: X})

    def score(self, X, Y):
        return np.mean(Y == self.predict(X))


model = ANN(0.5, 4)
print(model.score(np.eye(4, dtype=np.float32), np.zeros(4)))
"""


def _eager(source: str) -> str:
    """The migrated program, which keeps no TFM201 follow-up."""
    result = migrate_source(source, Options(), "program.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    return result.migrated


def test_fit_keeps_its_body_and_the_module_its_calls() -> None:
    migrated = _eager(SETTER)
    assert "tf.InteractiveSession" not in migrated and "tf.placeholder" not in migrated
    assert "    def __init__(self, lr):\n        self.lr = lr\n" in migrated
    assert "    def set_session(self, session):\n        self.session = session\n" in migrated
    assert migrated.index("def set_session") < migrated.index("def fit(self, X, Y, epochs=3):")
    assert "        self.predict_op = predict_op\n" in migrated
    assert "        return self.predict_op(X).numpy()\n" in migrated
    assert "    model = ANN(0.5)\n    model.fit(X, Y)\n    print(" in migrated  # the stored Session went


def test_a_session_fit_opens_goes_and_the_construction_stays_where_it_stood() -> None:
    migrated = _eager(
        OWN.replace(CONSTRUCTED, "    model = ANN(3)\n    print(len(X))\n    model.fit(X[:80], Y[:80])\n")
    )
    assert "tf.Session" not in migrated and "self.session" not in migrated
    assert "    model = ANN(3)\n    print(len(X))\n    model.fit(X[:80], Y[:80])\n" in migrated
    assert "    def fit(self, X, Y, learning_rate=1e-2, decay=0.99, mu=0.9, epochs=3, batch_sz=16):\n" in migrated


def test_a_session_the_constructor_opens_goes_with_the_graph_and_its_other_lines_stay() -> None:
    """``self.session = tf.InteractiveSession()`` beside the kept arguments (one with a default, ``activation=
    tf.nn.relu``, before ``fit``'s ``X`` without: passed by keyword to the constructor read): opened on the default
    graph, it runs at ``fit``'s call as well; the rewrite drops it and the constructor keeps its other lines."""
    assert "        self.session = tf.InteractiveSession()\n" in OPENED
    migrated = _eager(OPENED)
    assert "Session" not in migrated.split('"""', 2)[2]
    kept = "        self.K = K\n        self.M = M\n        self.activation = activation\n\n    def fit("
    assert "    def __init__(self, K, M, activation=tf.nn.relu):\n" + kept in migrated
    assert "    model = ANN(3, 6)\n    model.fit(X[:80], Y[:80])\n" in migrated


def test_a_method_running_the_session_through_another_method_is_read_as_it() -> None:
    """``score`` calls ``self.predict``, which runs the constructor's Session: read as a function passed the Session
    (was "method `score` ... neither builds the graph ... nor runs it in a Session")."""
    migrated = _eager(HELD)
    assert "        return np.mean(Y == self.predict(X))\n" in migrated
    assert "        return self.predict_op(X).numpy()\n" in migrated


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        pytest.param(
            OWN.replace(CONSTRUCTED, "    model = ANN(3)\n    print(model.K)\n    model.fit(X[:80], Y[:80])\n"),
            "`model` is named between its construction and `model.fit(...)` (line 54)",
            id="the instance read between its construction and fit",
        ),
        pytest.param(
            OWN.replace(CONSTRUCTED, "    k = 3\n    model = ANN(k)\n    k = 4\n    model.fit(X[:80], Y[:80])\n"),
            "`k`, which the construction of `model` passes, is bound again before `fit`'s call (line 55)",
            id="what the construction reads bound again before fit",
        ),
        pytest.param(
            OWN.replace("        self.K = K\n", "        self.K = K\n        print(K)\n"),
            "the constructor does more than keep its arguments (its lines would run at the call) (line 11)",
            id="a constructor doing more than keeping its arguments",
        ),
        pytest.param(
            OWN.replace('        print("costs:", np.round(costs[::4], 6))\n', "        return costs\n"),
            "method `fit` holds `return` (a constructor returns nothing) (line 37)",
            id="fit returning its costs",
        ),
        pytest.param(
            OWN.replace("    def fit(self, X, Y, learning_rate", "    def fit(self, X, Y, K=3, learning_rate"),
            "`K`, a parameter of the constructor, is named in method `fit` too (line 9)",
            id="a parameter of fit named as the constructor's",
        ),
        pytest.param(
            OWN.replace(
                '        print("costs:", np.round(costs[::4], 6))\n',
                '        print("costs:", np.round(costs[::4], 6))\n        tf.train.Saver().save(self.session, "ann")\n',
            ),
            "method `fit` makes a Saver (its checkpoint, read as the constructor's, is not proved to keep TF1's names) "
            "(line 38)",
            id="a Saver in fit",
        ),
        pytest.param(
            OWN.replace(
                "                costs.append(c)\n",
                "                costs.append(c)\n                print(np.mean(Y == self.predict(X)))\n",
            ),
            "method `fit` calls `self.predict`, which runs the Session, while it trains (line 36)",
            id="fit running predict while it trains",
        ),
    ],
)
def test_shapes_the_constructor_reading_would_change_keep_the_graph_tier(source: str, reason: str) -> None:
    assert source not in (OWN, SETTER)
    result = migrate_source(source, Options(), "program.py")
    said = [f.message for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated and len(said) == 1, said
    assert (
        f"method `fit` builds the graph on the instance, read as the constructor's at its call, and {reason}" in said[0]
    )


OTHER_TRAIN = """import numpy as np
import tensorflow as tf


class Data:
    def __init__(self):
        self.train = np.random.RandomState(0).rand(8, 3).astype(np.float32)


class AutoEncoder:
    def __init__(self, n):
        self.n = n

    def train(self, X):
        self.X_ = tf.placeholder(tf.float32, [None, self.n])
        w = tf.Variable(tf.ones([self.n, self.n]))
        cost = tf.reduce_mean(tf.square(tf.matmul(self.X_, w) - self.X_))
        opt = tf.train.GradientDescentOptimizer(0.1).minimize(cost)
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())
        for _ in range(3):
            _, c = self.sess.run([opt, cost], feed_dict={self.X_: X})
            print("cost=", c)


data = Data()
ae = AutoEncoder(3)
ae.train(data.train)
"""


def test_names_of_other_objects_spelled_like_the_method_are_not_its_uses() -> None:
    """hv_autoencoder_class's shape (held-out set 30): ``train(X)`` beside ``tf.train`` and the data's ``.train``
    (``mnist.train``), neither of which can name the method; read at its one call, session-free with the baseline's
    numbers on real TensorFlow."""
    meta = dict(random="none", source="tfmigrate (held-out set 30's autoencoder shape)", licence="-", adapted="-")
    assert_session_free_with_baseline_numbers(evaluate_sources({"other_train": OTHER_TRAIN}, meta)["other_train"])
