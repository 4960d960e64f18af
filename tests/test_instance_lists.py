"""A graph class whose instances a model builds in a loop keeps the graph tier, and the reason says where the
instances' variables are made (session/instance_lists.py): the course ``HiddenLayer`` list makes them in each
constructor, unnamed, so TF1 numbered them ``Variable``, ``Variable_1``, ... in construction order; a VAE's ``Dense``
list makes them at each instance's first call and reuses them later (was the constructor's reason for both). What
the reasons say about TF1's names is checked on TF 2.21's graph mode. A method computing from its argument called on
two module-level instances names its calls (was "neither builds the graph ... nor runs it in a Session")."""

from __future__ import annotations

import textwrap

import pytest
from program_checks import eager, reasons_by_line

HOLDER = """
class Model(object):
    def __init__(self, sizes):
        self.x = tf.placeholder(tf.float32, [None, 4])
        self.layers = [{layer} for size in sizes]
        z = self.x
        for layer in self.layers:
            z = layer{apply}(z)
        self.loss = tf.reduce_mean(tf.square(z))
        self.train_op = tf.train.GradientDescentOptimizer(0.1).minimize(self.loss)


model = Model([4, 3])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(model.loss, {{model.x: np.ones([2, 4], np.float32)}}))
"""
EAGER_LAYER = """
import numpy as np
import tensorflow as tf


class Layer(object):
    def __init__(self, n_in, n_out):
        self.W = tf.Variable(np.ones([n_in, n_out], np.float32){name})
        self.b = tf.Variable(np.zeros([n_out], np.float32){bias})

    def forward(self, x):
        return tf.matmul(x, self.W) + self.b
"""
LAZY_LAYER = """
import numpy as np
import tensorflow as tf


class Layer(object):
    def __init__(self, scope, size):
        self.scope = scope
        self.size = size

    def {method}(self, x):
        with tf.name_scope(self.scope):
            if not hasattr(self, "w"):
                self.w, self.b = self.make(int(x.get_shape()[1]), self.size)
            return tf.matmul(x, self.w) + self.b

    @staticmethod
    def make(n_in, n_out):
        return tf.Variable(tf.ones([n_in, n_out]), name="weights"), tf.Variable(tf.zeros([n_out]), name="biases")
"""


def _program(layer: str, construct: str, apply: str) -> str:
    return textwrap.dedent(layer).lstrip() + HOLDER.format(layer=construct, apply=apply)


UNNAMED, NAMED = EAGER_LAYER.format(name="", bias=""), EAGER_LAYER.format(name=', name="W"', bias=', name="b"')
MADE_LATER = "each making its variables at its first call (method `{}`, line 10)"
# (the layer class, its construction, the call applying it, what the reason says, TF1's first four variable names)
CASES = {
    "made by the constructor, unnamed": (
        UNNAMED,
        "Layer(4, size)",
        ".forward",
        "the TF1 names `Variable`, `Variable_1`",
    ),
    "made by the constructor, named": (NAMED, "Layer(4, size)", ".forward", "under the names given (TF1 numbering"),
    "made at the first __call__": (LAZY_LAYER.format(method="__call__"), 'Layer("dense", size)', "", "__call__"),
    "made at the first call of a method": (
        LAZY_LAYER.format(method="apply"),
        'Layer("dense", size)',
        ".apply",
        "apply",
    ),
}
NAMES = {
    "made by the constructor, unnamed": "Variable Variable_1 Variable_2 Variable_3",
    "made by the constructor, named": "W b W_1 b_1",
}
LAZY_NAMES = "dense/weights dense/biases dense_1/weights dense_1/biases"


def _case(case: str) -> tuple[str, str]:
    """The program and what its reason says."""
    layer, construct, apply, said = CASES[case]
    return _program(layer, construct, apply), said if case in NAMES else MADE_LATER.format(said)


@pytest.mark.parametrize("case", CASES)
def test_the_reason_says_where_the_instances_variables_are_made(case: str) -> None:
    source, said = _case(case)
    found = reasons_by_line(source)
    assert len(found) == 1, found
    line, message = found[0]
    assert source.splitlines()[line - 1].strip().startswith("self.layers = ["), (line, message)
    assert f"constructed in a loop in method `__init__` of class `Model` (line {line})" in message, message
    assert said in message, message


@pytest.mark.parametrize("case", CASES)
def test_tf1_names_the_variables_as_the_reason_says(case: str) -> None:
    import tensorflow as tf

    source = _case(case)[0].split("\nwith tf.Session()")[0]
    source = source.replace("import tensorflow as tf", "import tensorflow.compat.v1 as tf")
    with tf.Graph().as_default() as graph:
        exec(compile(source, "program.py", "exec"), {"__name__": "program"})
        made = [v.name for v in graph.get_collection(tf.compat.v1.GraphKeys.GLOBAL_VARIABLES)]
    assert made[:4] == [f"{name}:0" for name in NAMES.get(case, LAZY_NAMES).split()]


TWO_INSTANCES = textwrap.dedent(
    """
    import numpy as np
    import tensorflow as tf


    class HiddenLayer(object):
        def __init__(self, n_in, n_out, rng):
            self.W = tf.Variable((rng.randn(n_in, n_out) * 0.5).astype(np.float32))
            self.b = tf.Variable(np.zeros(n_out, np.float32))

        def forward(self, X):
            return tf.nn.relu(tf.matmul(X, self.W) + self.b)


    rng = np.random.RandomState(0)
    tfX = tf.placeholder(tf.float32, shape=(None, 4))
    h1 = HiddenLayer(4, 3, rng)
    h2 = HiddenLayer(3, 2, rng)
    Z1 = h1.forward(tfX)
    Z2 = h2.forward(Z1)
    loss = tf.reduce_mean(tf.square(Z2))
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(3):
            print(sess.run([loss, train_op], {tfX: rng.randn(5, 4).astype(np.float32)})[0])
    """
).lstrip()


def test_a_method_called_on_two_instances_names_its_calls() -> None:
    found = reasons_by_line(TWO_INSTANCES)
    assert len(found) == 1, found
    line, message = found[0]
    assert TWO_INSTANCES.splitlines()[line - 1].strip() == "def forward(self, X):"
    assert "is called 2 times (`h1.forward(tfX)`, `h2.forward(Z1)`)" in message, message


def test_one_instance_whose_method_is_called_once_runs_eagerly() -> None:
    one = TWO_INSTANCES.replace("h2 = HiddenLayer(3, 2, rng)\n", "").replace("h2.forward(Z1)", "Z1 * 2.0")
    migrated = eager(one)
    assert "\nZ1 = h1.forward\n" in migrated and "Session" not in migrated
