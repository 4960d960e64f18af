"""Value functions that share values compute each once (bound_values.py); what still recomputes keeps the graph
tier (recomputed_values.py).

The shape found in round 36: a constructor unrolling a hand-written LSTM over its time steps with a Python loop.
Each step's ``i, f, o, g`` read the previous ``h`` and ``c = f * c + i * g`` the previous ``c``; as functions of the
placeholders, one run of the train step called the first step's functions thousands of times (5 steps: still
running after 17 minutes where TF1 took seconds). Round 37 binds them: the fetched ``pred`` is one function with
each step's values locals, computed once, so the calls grow with the graph, not with its paths. The class form, the
module form (loops.py unrolls the loop) and a plain chain that reads each value twice are eager; a chain of
tf.layers calls (a Keras layer per call, not bound) reading its input twice is still refused with the line.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import libcst as cst
import pytest
from program_checks import eager, reasons_by_line

from tfmigrate import migrate_source
from tfmigrate.transforms.session import bound_values, class_sugar, recomputed_values, sentinels

CLASS_LSTM = textwrap.dedent(
    """
    import numpy as np
    import tensorflow as tf

    tf.set_random_seed(2)


    class LSTMcell(object):
        def __init__(self, n_input, n_hidden, n_steps):
            self.n_input = n_input
            self.n_hidden = n_hidden
            self.x = tf.placeholder(tf.float32, [None, n_steps, n_input])
            self.y = tf.placeholder(tf.float32, [None, 1])
            self.igate = self.Gate()
            self.fgate = self.Gate()
            self.ogate = self.Gate()
            self.cgate = self.Gate()
            h = tf.zeros_like(tf.matmul(self.x[:, 0, :], self.igate[0]))
            c = h
            for t in range(n_steps):
                xt = self.x[:, t, :]
                i = tf.sigmoid(tf.matmul(xt, self.igate[0]) + tf.matmul(h, self.igate[1]) + self.igate[2])
                f = tf.sigmoid(tf.matmul(xt, self.fgate[0]) + tf.matmul(h, self.fgate[1]) + self.fgate[2])
                o = tf.sigmoid(tf.matmul(xt, self.ogate[0]) + tf.matmul(h, self.ogate[1]) + self.ogate[2])
                g = tf.tanh(tf.matmul(xt, self.cgate[0]) + tf.matmul(h, self.cgate[1]) + self.cgate[2])
                c = f * c + i * g
                h = o * tf.tanh(c)
            self.W = tf.Variable(tf.truncated_normal([n_hidden, 1], stddev=0.1, seed=7))
            self.pred = tf.matmul(h, self.W)
            self.loss = tf.reduce_mean(tf.square(self.pred - self.y))
            self.train = tf.train.AdamOptimizer(0.02).minimize(self.loss)

        def Gate(self):
            W = tf.Variable(tf.truncated_normal([self.n_input, self.n_hidden], stddev=0.1, seed=1))
            U = tf.Variable(tf.truncated_normal([self.n_hidden, self.n_hidden], stddev=0.1, seed=2))
            b = tf.Variable(tf.zeros([self.n_hidden]))
            return W, U, b


    rng = np.random.RandomState(0)
    X = rng.rand(8, STEPS, 2).astype(np.float32)
    Y = X.mean(axis=(1, 2))[:, None].astype(np.float32)
    cell = LSTMcell(2, 4, STEPS)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(30):
            _, l = sess.run([cell.train, cell.loss], feed_dict={cell.x: X, cell.y: Y})
            if step % 10 == 0:
                print(step, l)
        print(sess.run(cell.pred, feed_dict={cell.x: X[:3]}).ravel())
    """
).lstrip()

MODULE_LSTM = textwrap.dedent(
    """
    import numpy as np
    import tensorflow as tf

    x = tf.placeholder(tf.float32, [None, STEPS, 2])
    y = tf.placeholder(tf.float32, [None, 1])
    Wi = tf.Variable(tf.truncated_normal([2, 4], stddev=0.1, seed=1))
    Ui = tf.Variable(tf.truncated_normal([4, 4], stddev=0.1, seed=2))
    Wo = tf.Variable(tf.truncated_normal([2, 4], stddev=0.1, seed=3))
    Uo = tf.Variable(tf.truncated_normal([4, 4], stddev=0.1, seed=4))
    h = tf.zeros_like(tf.matmul(x[:, 0, :], Wi))
    c = h
    for t in range(STEPS):
        xt = x[:, t, :]
        i = tf.sigmoid(tf.matmul(xt, Wi) + tf.matmul(h, Ui))
        o = tf.sigmoid(tf.matmul(xt, Wo) + tf.matmul(h, Uo))
        c = c + i
        h = o * tf.tanh(c)
    loss = tf.reduce_mean(tf.square(tf.reduce_sum(h, axis=1, keepdims=True) - y))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        X = np.ones([3, STEPS, 2], np.float32)
        for step in range(3):
            print(sess.run([train, loss], feed_dict={x: X, y: np.ones([3, 1], np.float32)})[1])
    """
).lstrip()

CHAIN = textwrap.dedent(
    """
    import numpy as np
    import tensorflow as tf

    x = tf.placeholder(tf.float32, [None, 2])
    a = x
    for _ in range(DEPTH):
        a = a * 0.5 + tf.sin(a)
    with tf.Session() as sess:
        print(sess.run(a, feed_dict={x: np.ones([1, 2], np.float32)}))
    """
).lstrip()


LAYER_CHAIN = textwrap.dedent(
    """
    import numpy as np
    import tensorflow as tf

    x = tf.placeholder(tf.float32, [None, 2])
    a = x
    for _ in range(DEPTH):
        a = tf.layers.dense(tf.concat([a, a], 1), 2)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print(sess.run(a, feed_dict={x: np.ones([1, 2], np.float32)}))
    """
).lstrip()


def _line(source: str, text: str) -> int:
    return next(number for number, line in enumerate(source.splitlines(), 1) if line.strip() == text)


def _function(source: str, name: str) -> str:
    """The text of ``def name(...)`` in ``source``, up to the next line indented as little."""
    lines = source.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(f"def {name}("))
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if lines[i].strip() and len(lines[i]) - len(lines[i].lstrip()) <= indent
        ),
        len(lines),
    )
    return "\n".join(lines[start:end])


def _costs(source: str, monkeypatch) -> tuple[int, int, int]:
    """The calls one run of the costliest value function makes, written as one function per value (round 36) and
    with shared values bound (round 37), and the number of value functions: read from the program the proof checks."""
    seen = []
    check = recomputed_values.check

    def record(program):
        seen.append(program)
        check(program)

    monkeypatch.setattr(recomputed_values, "check", record)
    migrate_source(source)
    program = seen[-1]
    nodes = [n for versions in program.versions.values() for n in versions if n.kind in recomputed_values.FUNCTIONS]
    before: dict[int, int] = {}
    after = bound_values.bound_costs(program, nodes)
    return max(recomputed_values._cost(n, before) for n in nodes), max(after.values()), len(nodes)


def test_the_unrolled_lstm_in_a_constructor_binds_each_step_once() -> None:
    migrated = eager(CLASS_LSTM.replace("STEPS", "5"))
    pred = _function(migrated, "pred")
    for local in ("h_0", "c_1", "h_1", "i_4", "c", "h"):
        assert sum(line.strip().startswith(f"{local} = ") for line in pred.splitlines()) == 1, (local, pred)
    assert pred.rstrip().endswith("return tf.matmul(h, self.W)"), pred
    assert "def h_0(" not in migrated and "def h(" not in migrated, migrated  # nothing else calls them
    assert "return tf.reduce_mean(tf.square(self.pred(x) - y))" in _function(migrated, "loss")  # pred: called once


@pytest.mark.parametrize("steps", [5, 10])
def test_the_bound_functions_make_calls_linear_in_the_graph(steps: int, monkeypatch) -> None:
    before, after, values = _costs(CLASS_LSTM.replace("STEPS", str(steps)), monkeypatch)
    assert before > 5**steps, before  # round 36: every path counted
    assert after <= recomputed_values.FACTOR * values, (after, values)


def test_the_unrolled_lstm_at_module_level_is_eager() -> None:
    migrated = eager(MODULE_LSTM.replace("STEPS", "6"))
    assert "def h(" not in migrated and "    h = o * tf.tanh(c)" in migrated, migrated


def test_one_step_stays_eager() -> None:
    assert "def pred(x):" in eager(CLASS_LSTM.replace("STEPS", "1"))
    assert "def loss(x, y):" in eager(MODULE_LSTM.replace("STEPS", "1"))


def test_a_chain_reading_each_value_twice_binds_each_value_once() -> None:
    depth = recomputed_values.FLOOR.bit_length() + 1  # 2^depth calls written one function per value
    migrated = eager(CHAIN.replace("DEPTH", str(depth)))
    body = _function(migrated, "a")
    assert body.count(" = ") == depth + 1, body  # the cast of x, then each version once
    assert "a_1 = a_0 * 0.5 + tf.sin(a_0)" in body, body


def test_a_chain_of_layer_calls_reading_each_value_twice_is_refused_past_the_bound() -> None:
    assert "tf.keras.layers.Dense" in eager(LAYER_CHAIN.replace("DEPTH", "4"))  # 2^4 calls: within the floor
    depth = recomputed_values.FLOOR.bit_length() + 1  # 2^depth calls: past it
    source = LAYER_CHAIN.replace("DEPTH", str(depth))
    found = reasons_by_line(source)
    # the loop's values, each called twice as often as the next: 1 + 2 + ... + 2^(depth-1)
    assert len(found) == 1 and f"recompute `a` {2**depth - 1} times" in found[0][1], found
    assert found[0][0] == _line(source, "a = tf.layers.dense(tf.concat([a, a], 1), 2)"), found


FIXTURES = Path(__file__).parent / "fixtures" / "TFM201"
BUILDER_LSTM = (FIXTURES / "eager_unrolled_lstm_builder_method_bound_values.before.py").read_text()


def test_a_value_of_a_builder_method_is_bound_there_and_called_from_the_constructor() -> None:
    """The builder's locals are no names of the constructor: ``pred`` binds the steps in ``build``, ``loss`` (in
    ``__init__``) calls it once."""
    migrated = eager(BUILDER_LSTM)
    build = _function(migrated, "build")
    assert "def pred(x):" in build and "h_0 = " in _function(build, "pred"), build
    assert "self.pred(x)" in _function(migrated, "loss"), migrated


def test_the_builder_markers_class_sugar_writes_are_the_regions_bound_values_reads() -> None:
    """A function between a builder method's begin/end sentinels (as class_sugar writes them) is in its region; the
    one after the end is not."""
    inner = cst.parse_module("def h_0(x):\n    return x\n").body[0]
    after = cst.parse_module("def loss(x):\n    return x\n").body[0]
    module = cst.Module(
        body=[
            class_sugar.sentinel(sentinels.BEGIN.format("Model", "build")),
            inner,
            class_sugar.sentinel(sentinels.END.format("Model", "build")),
            after,
        ]
    )
    assert bound_values._regions(module) == {"h_0": ("Model__build",), "loss": ()}


def test_a_value_choosing_in_python_between_values_is_not_bound() -> None:
    # bound as locals, the branch not taken was computed too: its tf.reshape of 4 values into rows of 3 failed on
    # TF 2.21 where TF1 (which never built it into the fetch) printed the taken branch's numbers
    source = textwrap.dedent(
        """
        import numpy as np
        import tensorflow as tf

        USE_A = True
        x = tf.placeholder(tf.float32, [None, 2])
        a = tf.sin(x) + x
        r = tf.reshape(x, [-1, 3])
        b = r * 2.0 + r
        d = (a if USE_A else b) * 2.0 + tf.cos(a if USE_A else b)
        with tf.Session() as sess:
            print(sess.run(d, feed_dict={x: np.ones([2, 2], np.float32)}).ravel())
        """
    ).lstrip()
    migrated = eager(source)
    assert "return (a(x) if USE_A else b(x)) * 2.0 + tf.cos(a(x) if USE_A else b(x))" in migrated, migrated
