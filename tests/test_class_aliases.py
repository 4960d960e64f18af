"""A graph class bound to a second name (session/class_aliases.py), a constructor taking its Session as a default
argument (session/session_defaults.py) and class attributes bound to a TensorFlow dtype (session/class_constants.py):
what the class proof reads, and the shapes it still refuses with their reasons. The programs run against their TF1
baselines are tests/programs/finch_linear_regr_alias_session_default.py and ik_deploy_model_class_constants.py
(test_session_programs.py)."""

from __future__ import annotations

import pytest
from fixture_migrations import migrate
from program_checks import migrated_with_reasons, reasons_by_line

from tfmigrate.config import Options

MODEL = """\
import numpy as np
import tensorflow as tf


class LinearRegression:
    def __init__(self, n_in, sess=tf.Session()):
        self.sess = sess
        self.X = tf.placeholder(tf.float32, [None, n_in])
        self.Y = tf.placeholder(tf.float32, [None, 1])
        self.W = tf.Variable(tf.ones([n_in, 1]))
        self.loss = tf.reduce_mean(tf.square(tf.matmul(self.X, self.W) - self.Y))
        self.train_op = tf.train.GradientDescentOptimizer(0.1).minimize(self.loss)

    def fit(self, X, Y, n_epoch=3):
        self.sess.run(tf.global_variables_initializer())
        for _ in range(n_epoch):
            _, loss = self.sess.run([self.train_op, self.loss], {self.X: X, self.Y: Y})
            print(loss)


LR = LinearRegression

if __name__ == '__main__':
    X = np.arange(6, dtype=np.float32).reshape(3, 2)
    regr = LR(2)
    regr.fit(X, X.sum(1, keepdims=True) * 0.5)
"""

CONSTANTS = """\
import numpy as np
import tensorflow as tf


class Model:
    input_node_name = 'input'
    input_data_type = tf.float32

    def __init__(self):
        self.input = tf.placeholder(self.input_data_type, shape=(None, 3), name=self.input_node_name)
        self.output = tf.matmul(self.input, tf.Variable(tf.ones([3, 2])))
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())

    def predict(self, inputs):
        return self.sess.run(self.output, feed_dict={self.input: inputs})


model = Model()
print(model.predict(np.ones((1, 3))))
"""


def test_an_alias_constructed_and_a_default_session_come_out_eager_keeping_both_spellings() -> None:
    text, found = migrated_with_reasons(MODEL)
    assert not found, found
    assert text is not None and "Session" not in text and "placeholder" not in text
    assert "    def __init__(self, n_in, sess=None):" in text  # kept for callers, no TF1 Session
    assert "\nLR = LinearRegression\n" in text and "    regr = LR(2)\n" in text


def test_an_alias_whose_class_name_is_bound_again_reads_the_graph_class() -> None:
    host = (
        "\n\nclass LinearRegression:  # a host class taking the name\n    def fit(self, X, y):\n        return self\n"
    )
    source = MODEL.replace("LR = LinearRegression\n", "LR = LinearRegression\n" + host)
    text, found = migrated_with_reasons(source)
    assert not found, found
    assert text is not None and "Session" not in text
    assert text.index("class LinearRegression:\n    def __init__") < text.index("\nLR = LinearRegression\n")
    assert text.index("\nLR = LinearRegression\n") < text.index("class LinearRegression:  # a host class")


def test_a_dtype_class_attribute_comes_out_eager() -> None:
    text, found = migrated_with_reasons(CONSTANTS)
    assert not found, found
    assert text is not None and "    input_data_type = tf.float32\n" in text and "Session" not in text


@pytest.mark.parametrize(
    ("source", "line", "reason"),
    [
        pytest.param(
            MODEL.replace("    regr = LR(2)\n", "    regr = LR(2)\n    print(isinstance(regr, LR))\n"),
            21,
            "class `LinearRegression` builds graph ops and is used here other than by one module-level "
            "`x = LinearRegression(...)`",
            id="the alias read as a value",
        ),
        pytest.param(
            MODEL.replace("regr = LR(2)", "regr = LR(2, tf.Session())"),
            6,
            "the constructor opens a Session other than as its attribute `self.sess = tf.Session()`",
            id="a construction passing its own Session",
        ),
        pytest.param(
            MODEL.replace("LR = LinearRegression\n", "LR = LinearRegression\ntf.reset_default_graph()\n"),
            6,
            "the constructor opens a Session other than as its attribute `self.sess = tf.Session()`",
            id="the default graph reset after the default Session was made",
        ),
        pytest.param(
            MODEL.replace("sess=tf.Session()):", "sess=tf.Session(), shell=tf.InteractiveSession()):"),
            6,
            "the constructor opens a Session other than as its attribute `self.sess = tf.Session()`",
            id="a second parameter defaulting to an InteractiveSession",
        ),
        pytest.param(
            MODEL.replace("        self.sess = sess\n", "        self.sess = sess\n        self.other = sess\n"),
            6,
            "the constructor opens a Session other than as its attribute `self.sess = tf.Session()`",
            id="the default Session bound to two attributes",
        ),
        pytest.param(
            CONSTANTS.replace(
                "    input_data_type = tf.float32\n", "    input_data_type = tf.float32\n    act = tf.nn.relu\n"
            ),
            8,
            "class `Model` builds graph ops and holds class attribute `act`",
            id="a class attribute bound to a function",
        ),
    ],
)
def test_shapes_the_stages_do_not_read_keep_the_graph_tier(source: str, line: int, reason: str) -> None:
    found = reasons_by_line(source)
    assert len(found) == 1 and found[0][0] == line and reason in found[0][1], found


def test_a_reset_through_the_private_ops_module_keeps_the_graph_tier() -> None:
    """``ops.reset_default_graph()`` of ``tensorflow.python.framework`` (TFM003, which respells it, off): TF1 builds
    the model on the new graph and its default Session, made on the old one at ``def`` time, stops ("The Session
    graph is empty"). session_defaults read only TensorFlow's spelling, and the program came out eager (and ran)."""
    source = MODEL.replace(
        "import tensorflow as tf\n", "import tensorflow as tf\nfrom tensorflow.python.framework import ops\n"
    )
    source = source.replace("    regr = LR(2)\n", "    ops.reset_default_graph()\n    regr = LR(2)\n")
    result = migrate(source, Options(ignore=("TFM003",)), "program.py")
    found = [(f.line, f.message) for f in result.followups if f.code == "TFM201"]
    assert len(found) == 1 and found[0][0] == 7, found
    assert "the constructor opens a Session other than as its attribute `self.sess = tf.Session()`" in found[0][1]


TWICE = MODEL.partition("LR = LinearRegression")[0] + (
    "X = np.arange(6, dtype=np.float32).reshape(3, 2)\n"
    "regr = LinearRegression(2)\n"
    "regr.fit(X, X.sum(1, keepdims=True) * 0.5)\n"
    "regr2 = LinearRegression(2)\n"
    "regr2.fit(X, X.sum(1, keepdims=True))\n"
)


def test_two_constructions_sharing_the_default_session_name_it() -> None:
    """The default ``tf.Session()`` is opened once, when ``def`` runs: both instances run in it, and the second's
    initializer run starts the first's variables over (review41's s5 to s10, checked on TF 2.21: the first model's
    r2 0.998 before, -0.001 after). A copy of the class per construction (instance_copies.py) gave each its own
    Session, and the reasons the copies then met were half true ("a second Session starts the optimizer slots
    over", "function `self.fit` ... is never called", "`l1` ... is read by the module")."""
    found = reasons_by_line(TWICE)
    assert len(found) == 1 and found[0][0] == 6, found
    assert (
        "class `LinearRegression` is constructed 2 times and parameter `sess` of its `__init__` defaults to a Session, "
        "opened once when `def` runs: its instances share that one Session"
    ) in found[0][1], found
