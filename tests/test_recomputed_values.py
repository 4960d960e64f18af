"""Value functions that would recompute shared values exponentially keep the graph tier (recomputed_values.py).

The shape found in round 36: a constructor unrolling a hand-written LSTM over its time steps with a Python loop.
Each step's ``i, f, o, g`` read the previous ``h`` and ``c = f * c + i * g`` the previous ``c``; as functions of the
placeholders, one run of the train step called the first step's functions thousands of times (5 steps: still
running after 17 minutes where TF1 took seconds). The class form, the module form (loops.py unrolls the loop) and a
plain chain that reads each value twice are refused with the line; the same programs one step long stay eager.
"""

from __future__ import annotations

import textwrap

from program_checks import eager, reasons_by_line

from tfmigrate.transforms.session import recomputed_values

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


def _line(source: str, text: str) -> int:
    return next(number for number, line in enumerate(source.splitlines(), 1) if line.strip() == text)


def test_the_unrolled_lstm_in_a_constructor_keeps_the_graph_tier_naming_h() -> None:
    source = CLASS_LSTM.replace("STEPS", "5")
    found = reasons_by_line(source)
    assert len(found) == 1, found
    line, message = found[0]
    assert line == _line(source, "h = o * tf.tanh(c)"), found
    assert "the eager functions would recompute `h` " in message and "per run of `self.train`" in message, message


def test_the_unrolled_lstm_at_module_level_keeps_the_graph_tier() -> None:
    source = MODULE_LSTM.replace("STEPS", "6")
    found = reasons_by_line(source)
    assert len(found) == 1 and "the eager functions would recompute `" in found[0][1], found
    assert found[0][0] in (_line(source, "h = o * tf.tanh(c)"), _line(source, "c = c + i")), found


def test_one_step_stays_eager() -> None:
    assert "def h(x):" in eager(CLASS_LSTM.replace("STEPS", "1"))
    assert "def h(x):" in eager(MODULE_LSTM.replace("STEPS", "1"))


def test_a_chain_reading_each_value_twice_is_refused_past_the_bound() -> None:
    assert "def a(x):" in eager(CHAIN.replace("DEPTH", "4"))  # 2^4 calls: within the floor
    depth = recomputed_values.FLOOR.bit_length() + 1  # 2^depth calls: past it
    source = CHAIN.replace("DEPTH", str(depth))
    found = reasons_by_line(source)
    # the loop's values, each called twice as often as the next: 1 + 2 + ... + 2^(depth-1)
    assert len(found) == 1 and f"recompute `a` {2**depth - 1} times" in found[0][1], found
    assert found[0][0] == _line(source, "a = a * 0.5 + tf.sin(a)"), found
