"""One Session or one Session-owning instance reached another way (held-out set 25, blocker 1): a Session entered by
several ``with session.as_default() as sess:`` blocks (default_sessions.py), a method only the constructor calls
opening it (constructor_methods.py), the owning class used as ``with Agent(...) as agent:`` (context_owners.py).

Each program runs as TF1 (the baseline) and migrated, session-free, with the same numbers; each unsafe variant
(the Session closed between the blocks, the method called from elsewhere too, ``__exit__`` doing more) keeps the
graph tier."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, evaluate_sources, reasons

META = {"random": "none", "source": "tfmigrate", "licence": "-"}  # no program draws a random number

SHARED_BLOCKS = """\
import numpy as np
import tensorflow as tf

a = tf.placeholder(tf.float32, [None, 2])
t = tf.placeholder(tf.float32, [None])
v = tf.Variable([[0.5], [-0.5]])
c = tf.Variable(0.0)
out = tf.reshape(tf.matmul(a, v), [-1]) + c
cost = tf.reduce_mean(tf.square(out - t))
step = tf.train.AdamOptimizer(0.05).minimize(cost)

inputs = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], dtype=np.float32)
targets = np.array([1.0, -1.0, 0.0], dtype=np.float32)
shared = tf.Session()
with shared.as_default() as s:
    s.run(tf.global_variables_initializer())
    for k in range(30):
        value, _ = s.run([cost, step], feed_dict={a: inputs, t: targets})
    print("cost", value)
with shared.as_default() as s:
    print("out", s.run(out, feed_dict={a: inputs}))
with shared.as_default() as s:
    print("cost again", cost.eval(session=s, feed_dict={a: inputs, t: targets}))
shared.close()
"""

INTERACTIVE_BLOCKS = """\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.ones([1, 1]))
pred = tf.matmul(x, w)
loss = tf.reduce_mean(tf.square(pred - 3.0 * x))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
xs = np.linspace(0, 1, 4).reshape(-1, 1).astype(np.float32)
sess = tf.InteractiveSession()
with sess.as_default():
    tf.global_variables_initializer().run()
    for i in range(10):
        train.run(feed_dict={x: xs})
with sess.as_default():
    print(sess.run(loss, feed_dict={x: xs}), pred.eval(feed_dict={x: xs[:2]}))
"""

CONSTRUCTOR_METHOD = """\
import numpy as np
import tensorflow as tf


class Regressor:
    def __init__(self, rate, width):
        self.rate = rate
        self.width = width
        self.session = None
        self.open_graph()

    def open_graph(self):
        if self.session is not None:
            self.session.close()
        self.session = tf.Session()
        self.inputs = tf.placeholder(tf.float32, [None, self.width])
        self.targets = tf.placeholder(tf.float32, [None, 1])
        self.weights = tf.Variable(tf.fill([self.width, 1], 0.25))
        self.output = tf.matmul(self.inputs, self.weights)
        self.cost = tf.reduce_mean(tf.square(self.output - self.targets))
        self.step = tf.train.GradientDescentOptimizer(self.rate).minimize(self.cost)
        self.session.run(tf.global_variables_initializer())

    def fit(self, xs, ys, rounds):
        for r in range(rounds):
            self.session.run(self.step, feed_dict={self.inputs: xs, self.targets: ys})
        return self.session.run(self.cost, feed_dict={self.inputs: xs, self.targets: ys})

    def predict(self, xs):
        return self.output.eval(session=self.session, feed_dict={self.inputs: xs})


model = Regressor(0.2, 3)
xs = np.eye(3, dtype=np.float32)
ys = np.array([[1.0], [2.0], [3.0]], dtype=np.float32)
print("cost", model.fit(xs, ys, 15))
print("prediction", model.predict(xs))
"""

CONTEXT_OWNER = """\
import numpy as np
import tensorflow as tf


class Learner:
    def __init__(self, rate):
        self.features = tf.placeholder(tf.float32, [None, 2])
        self.labels = tf.placeholder(tf.float32, [None, 1])
        self.kernel = tf.Variable([[0.1], [0.2]])
        self.bias = tf.Variable([0.0])
        self.guess = tf.matmul(self.features, self.kernel) + self.bias
        self.error = tf.reduce_mean(tf.square(self.guess - self.labels))
        self.update = tf.train.MomentumOptimizer(rate, 0.9).minimize(self.error)
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())

    def __enter__(self):
        return self

    def __exit__(self, kind, value, trace):
        self.sess.close()

    def learn(self, rounds):
        data = np.array([[1.0, 2.0], [2.0, 1.0], [0.0, 1.0]], dtype=np.float32)
        wanted = np.array([[3.0], [3.0], [1.0]], dtype=np.float32)
        for r in range(rounds):
            err, _ = self.sess.run([self.error, self.update], feed_dict={self.features: data, self.labels: wanted})
        print("error", err)
        print("kernel", self.sess.run(self.kernel))


with Learner(0.05) as learner:
    learner.learn(12)
print("done")
"""

# default_sessions.py reads the first two, constructor_methods.py the third, context_owners.py the last
PROGRAMS = {"shared_blocks": SHARED_BLOCKS, "interactive_blocks": INTERACTIVE_BLOCKS}
PROGRAMS.update(constructor_method=CONSTRUCTOR_METHOD, context_owner=CONTEXT_OWNER)


@pytest.fixture(scope="module")
def outcomes():
    return evaluate_sources(PROGRAMS, META)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_the_owner_runs_eagerly_with_the_baseline_numbers(outcomes, name) -> None:
    assert_session_free_with_baseline_numbers(outcomes[name])


def test_the_rewrites_keep_the_program_shape(outcomes) -> None:
    """The blocks' bodies in order; the method keeps the body its constructor reads; ``__exit__`` a no-op."""
    blocks = outcomes["shared_blocks"].migrated_text
    assert "as_default" not in blocks and "shared" not in blocks, blocks
    assert blocks.index('print("cost"') < blocks.index('print("out"') < blocks.index('print("cost again"'), blocks
    said = [c.message for c in outcomes["shared_blocks"].migration.changes]
    assert any("+ 3 blocks `with shared.as_default() as s:` and `shared.close()` read as one" in m for m in said), said
    method = outcomes["constructor_method"].migrated_text
    assert "        self.open_graph()\n" in method and "    def open_graph(self):\n" in method, method
    owner = outcomes["context_owner"].migrated_text
    assert "learner = Learner(0.05)\nlearner.learn(12)\n" in owner, owner
    assert "    def __exit__(self, kind, value, trace):\n        pass\n" in owner, owner


@pytest.mark.parametrize(
    ("source", "change", "reason"),
    [
        pytest.param(
            SHARED_BLOCKS,
            ('    print("out", s.run(out, feed_dict={a: inputs}))\n', "    s.close()\n"),
            "`shared` is used outside Session.run / eval",
            id="closed-between-blocks",
        ),
        pytest.param(
            SHARED_BLOCKS,
            ("shared.close()\n", "print(shared.run(c))\n"),
            "`shared` is used outside Session.run / eval",
            id="run-after-the-blocks",
        ),
        pytest.param(
            SHARED_BLOCKS,
            (
                'with shared.as_default() as s:\n    print("out"',
                'with shared.as_default() as t2:\n    s = t2\n    print("out"',
            ),
            "`shared` is used outside Session.run / eval",
            id="another-as-name",
        ),
        pytest.param(
            SHARED_BLOCKS,
            ("shared = tf.Session()", "shared = tf.Session(graph=tf.get_default_graph())"),
            "`shared` is used outside Session.run / eval",
            id="session-of-a-graph",
        ),
        pytest.param(
            CONSTRUCTOR_METHOD,
            (
                'print("prediction", model.predict(xs))\n',
                'print("prediction", model.predict(xs))\nmodel.open_graph()\n',
            ),
            "method `open_graph`, which opens the Session",
            id="method-called-elsewhere",
        ),
        pytest.param(
            CONSTRUCTOR_METHOD,
            ("        self.open_graph()\n", "        self.open_graph()\n        self.open_graph()\n"),
            "method `open_graph`, which opens the Session",
            id="reopened-by-the-constructor",
        ),
        pytest.param(
            CONTEXT_OWNER,
            ("        self.sess.close()\n", "        self.sess.close()\n        print('closed')\n"),
            "constructed inside a `with` block",
            id="exit-does-more",
        ),
        pytest.param(
            CONTEXT_OWNER,
            ('print("done")', "print(learner.sess)"),
            "constructed inside a `with` block",
            id="instance-used-after-the-block",
        ),
        pytest.param(
            CONTEXT_OWNER,
            ("        return self\n", "        return self.sess\n"),
            "constructed inside a `with` block",
            id="enter-returns-the-session",
        ),
    ],
)
def test_an_unsafe_variant_keeps_the_graph_tier(source, change, reason) -> None:
    assert change[0] in source, change
    messages = reasons(source.replace(*change))
    assert any(reason in m for m in messages), messages
