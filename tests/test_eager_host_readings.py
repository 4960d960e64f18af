"""TFM201's readings of plain host code around a Session program (held-out set 20): an augmented assignment of a
graph value, ``from builtins import range``, a ``global`` cursor of a NumPy batcher, ``main(_)`` rebinding ``_``,
a lambda reading its enclosing function's parameter, a function parameter named like the instance. The shapes
that convert are checked on real TensorFlow by the eager_* fixtures (test_eager_rewrite.py); here, the neighbours
that must not convert (or not be rewritten), with the line and the reason."""

from __future__ import annotations

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options


def _followups(source: str) -> tuple[list[tuple[int, str]], str]:
    result = migrate_source(source, Options(), "program.py")
    return [(f.line, f.message) for f in result.followups if f.code == "TFM201"], result.migrated


RUN = """
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(3):
        print(sess.run([train, loss], {x: batch()})[1])
"""

GLOBAL = """import numpy as np
import tensorflow as tf

{name} = 2.0


def batch():
    global {name}
    {name} = {name} + 1.0
    return np.ones((4, 1), np.float32) * {name}

{more}
x = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(0.5)
loss = tf.reduce_mean(tf.square({model}))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
"""
NOISY = """
def noisy(t):
    global count
    count = count + 1
    return t + tf.constant(1.0)

"""
GLOBAL_READ_BY_GRAPH = GLOBAL.format(name="scale", more="", model="w * x - scale") + RUN
HELPER = """
def helper(v):
    return v * 1.0


c = helper(scale)
"""
GLOBAL_READ_BY_A_MODULE_FUNCTION = GLOBAL.format(name="scale", more=HELPER, model="w * x - c") + RUN
GLOBAL_IN_GRAPH_FUNCTION = GLOBAL.format(name="count", more=NOISY, model="noisy(w * x)") + RUN

FOREIGN = (
    """import numpy as np
import tensorflow as tf
from util import get_normalized_data

X, Y = get_normalized_data()
x = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(0.5)
loss = tf.reduce_mean(tf.square(w * x))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)


def batch():
    return X[:4]
"""
    + RUN
)

INSTANCE = """import numpy as np
import tensorflow as tf


class Model(object):
    def __init__(self):
        self.x = tf.placeholder(tf.float32, [None, 1])
        self.w = tf.Variable(0.5)
        self.loss = tf.reduce_mean(tf.square(self.w * self.x - 1.0))
        self.train = tf.train.GradientDescentOptimizer(0.1).minimize(self.loss)


def fit(sess, model):
    return sess.run([model.train, model.loss], {{model.x: np.ones((4, 1), np.float32)}})[1]


model = Model()
other = model
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(fit(sess, model))
    print(fit(sess, {second}))
"""

GRAPH_AGAIN = """import numpy as np
import tensorflow as tf

graph = tf.Graph()
with graph.as_default():
    x = tf.placeholder(tf.float32, [None, 1])
    w = tf.Variable(0.5)
    loss = tf.reduce_mean(tf.square(w * x - 1.0))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session(graph=graph) as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run([train, loss], {x: np.ones((4, 1), np.float32)})[1])
with graph.as_default():
    doubled = w * 2.0
"""

CASES = {  # id: (program, blocking line, what the follow-up says)
    "global read by the graph": (GLOBAL_READ_BY_GRAPH, 8, "global/nonlocal state"),
    "global read by a module function": (GLOBAL_READ_BY_A_MODULE_FUNCTION, 8, "global/nonlocal state"),
    "global in a function building ops": (GLOBAL_IN_GRAPH_FUNCTION, 14, "global/nonlocal state"),
    "function of a sibling module": (FOREIGN, 5, "of module `util`, which tfmigrate does not read"),
    "instance param given another value": (INSTANCE.format(second="other"), 13, "`model` is bound again"),
    "graph entered again": (GRAPH_AGAIN, 13, "ops are added to the graph its `with` block of line 5 built"),
    "instance param given the instance": (INSTANCE.format(second="model"), 13, "used other than through its attr"),
}


@pytest.mark.parametrize(("source", "line", "reason"), CASES.values(), ids=list(CASES))
def test_host_readings_name_their_blocking_line(source: str, line: int, reason: str) -> None:
    followups, _ = _followups(source)
    assert followups, "expected the program kept in graph mode"
    assert followups[0][0] == line
    assert reason in followups[0][1]


@pytest.mark.parametrize(
    ("binding", "kept"),
    [
        ("a = np.zeros((4, 1), np.float32)", "a += 1.0"),  # a NumPy array changes in place: not a graph value
        ("a = tf.Variable(np.zeros((4, 1), np.float32))", "a += 1.0"),  # TF2 refuses ``v += t`` on a variable
        ("a = tf.zeros((4, 1))\nb = a", "b += 1.0"),  # another name for the value: not read as made here
    ],
)
def test_augmented_assignment_of_other_values_is_left_as_written(binding: str, kept: str) -> None:
    name = kept.split()[0]
    source = f"import numpy as np\nimport tensorflow as tf\n\n{binding}\n{kept}\nprint({name})\n"
    _, migrated = _followups(source)
    assert kept in migrated


def test_augmented_assignment_of_a_graph_value_is_read_as_its_plain_assignment() -> None:
    source = (
        "import numpy as np\nimport tensorflow as tf\n\nx = tf.placeholder(tf.float32, [None, 2])\n"
        "h = tf.matmul(x, tf.ones([2, 1]))\nh -= 0.5 + 0.25\nh *= 2.0\n"
        "with tf.Session() as sess:\n    print(sess.run(h, {x: np.ones((3, 2), np.float32)}))\n"
    )
    followups, migrated = _followups(source)
    assert not followups
    assert "- (0.5 + 0.25)" in migrated and "* 2.0" in migrated and "-=" not in migrated
