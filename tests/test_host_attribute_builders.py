"""Session-owning trainer classes of held-out set 25's shape (a CartPole agent, a deep-Q estimator): a method the module
calls right after the construction that only runs the Session and computes host data (public_builders.py leaves it
a runner: host_only_methods.py), a host attribute computed from a library object's attributes
(host_attributes.py), a builder the constructor passes host attributes or leaves its literal defaults
(attribute_arguments.py; one named ``layers`` beside ``tf.layers`` calls), host state a runner rebinds that no graph
op read (runner_host_state.py).

Each program runs as TF1 (the baseline) and migrated, session-free, with the same numbers (seeded); each unsafe
variant (the builder called from elsewhere too, the attribute rebound later, the state read by a builder, the method
building an op, the object made by the module's own class, `layers` changed in place) keeps the graph tier and says
why."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate

META = {"random": "seeded", "source": "tfmigrate", "licence": "-"}

PLAYING_AGENT = """\
import types

import numpy as np
import tensorflow as tf

tf.set_random_seed(3)


class Player:
    def __init__(self, board, depth):
        self.board = board
        self.depth = depth
        self.width = depth * (self.board.moves + 1) - self.board.moves
        self.memory = []
        self.build()
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())

    def build(self):
        self.seen = tf.placeholder(tf.float32, [None, self.width])
        self.goal = tf.placeholder(tf.float32, [None])
        kernel = tf.Variable(tf.random_normal([self.width, 1], stddev=0.3))
        self.value = tf.reshape(tf.matmul(self.seen, kernel), [-1])
        self.cost = tf.reduce_mean(tf.square(self.goal - self.value))
        self.step = tf.train.GradientDescentOptimizer(0.05).minimize(self.cost)

    def encode(self, turn):
        row = np.zeros(self.width, dtype=np.float32)
        row[turn % self.width] = 1.0
        return row.reshape((1, self.width))

    def judge(self, row):
        return self.sess.run(self.value, feed_dict={self.seen: row})[0]

    def play(self, turns):
        for turn in range(turns):
            row = self.encode(turn + len(self.memory))
            self.memory.append((row, float(self.judge(row)) * 0.5 + 1.0))
        return len(self.memory)

    def practise(self, rounds=4, batch=3):
        while len(self.memory) < batch:
            self.play(1)
        for r in range(rounds):
            held = self.play(1)
            for row, goal in self.memory[-batch:]:
                _, cost = self.sess.run([self.step, self.cost], feed_dict={self.seen: row, self.goal: [goal]})
            print("round", r, held, round(float(cost), 6))


player = Player(types.SimpleNamespace(moves=2), 3)
player.practise()
print("judged", player.judge(player.encode(1)))
"""

PASSED_ATTRIBUTES = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(7)


class Estimator:
    def __init__(self, widths, inputs, outputs, explore=1.0, decay=0.25):
        self.widths = widths
        self.inputs = inputs
        self.outputs = outputs
        self.explore = explore
        self.decay = decay
        self.sess = tf.Session()
        self.make_model(self.inputs, self.widths)
        self.make_training()
        self.sess.run(tf.global_variables_initializer())

    def make_model(self, inputs, widths):
        self.state = tf.placeholder(tf.float32, [None, inputs])
        first = tf.Variable(tf.truncated_normal([inputs, widths[0]], stddev=0.2))
        second = tf.Variable(tf.truncated_normal([widths[0], widths[1]], stddev=0.2))
        last = tf.Variable(tf.truncated_normal([widths[1], self.outputs], stddev=0.2))
        hidden = tf.nn.tanh(tf.matmul(tf.nn.tanh(tf.matmul(self.state, first)), second))
        self.scores = tf.matmul(hidden, last)

    def make_training(self, rate=0.1, floor=0.5):
        self.wanted = tf.placeholder(tf.float32, [None, self.outputs])
        self.loss = tf.reduce_mean(tf.square(self.wanted - self.scores)) + floor
        self.train = tf.train.GradientDescentOptimizer(rate).minimize(self.loss)

    def fit(self, states, episodes):
        for episode in range(episodes):
            wanted = np.full((len(states), self.outputs), self.explore, dtype=np.float32)
            _, loss = self.sess.run([self.train, self.loss], feed_dict={self.state: states, self.wanted: wanted})
            self.explore -= self.decay
            print(episode, round(float(loss), 6), self.explore)

    def predict(self, states):
        return self.sess.run(self.scores, feed_dict={self.state: states})


model = Estimator([5, 4], 3, 2)
states = np.linspace(-1.0, 1.0, 12, dtype=np.float32).reshape(4, 3)
model.fit(states, 4)
print("scores", model.predict(states[:2]))
"""

# A host attribute named ``layers`` in a program of ``tf.layers`` calls: ``tf.layers.dense`` reads the module's
# ``layers``, which changes no instance's (settled_attributes.py; was "calls method `build` while building the graph").
LAYER_WIDTHS = """\
import numpy as np
import tensorflow as tf


class Regressor:
    def __init__(self, inputs, layers):
        self.inputs = inputs
        self.layers = layers
        self.build(self.inputs, self.layers)
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())

    def build(self, inputs, layers):
        self.x = tf.placeholder(tf.float32, [None, inputs])
        self.y = tf.placeholder(tf.float32, [None, 1])
        first = tf.layers.dense(self.x, layers[0], activation=tf.nn.tanh)
        second = tf.layers.dense(first, layers[1], activation=tf.nn.tanh)
        self.out = tf.layers.dense(second, 1)
        self.loss = tf.reduce_mean(tf.square(self.out - self.y))
        self.train = tf.train.GradientDescentOptimizer(0.1).minimize(self.loss)

    def fit(self, xs, ys, steps):
        for step in range(steps):
            _, loss = self.sess.run([self.train, self.loss], feed_dict={self.x: xs, self.y: ys})
            print(step, round(float(loss), 6))


tf.set_random_seed(5)
model = Regressor(3, [4, 3])
xs = np.linspace(-1.0, 1.0, 12, dtype=np.float32).reshape(4, 3)
model.fit(xs, xs.sum(axis=1, keepdims=True), 3)
"""

PROGRAMS = {"playing_agent": PLAYING_AGENT, "passed_attributes": PASSED_ATTRIBUTES, "layer_widths": LAYER_WIDTHS}


@pytest.fixture(scope="module")
def outcomes():
    legacy = {**META, "legacy_keras": True}  # tf.layers: the TF1 baseline runs with legacy Keras
    return evaluate([Program(k, v, legacy if v is LAYER_WIDTHS else META) for k, v in PROGRAMS.items()])


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_the_trainer_runs_eagerly_with_the_baseline_numbers(outcomes, name) -> None:
    assert_session_free_with_baseline_numbers(outcomes[name])


def test_the_rewrite_keeps_the_calls_as_written(outcomes) -> None:
    """The module's ``player.practise()`` after the construction; the builder's parameters and arguments back."""
    agent = outcomes["playing_agent"].migrated_text
    assert "player = Player(types.SimpleNamespace(moves=2), 3)\nplayer.practise()\n" in agent, agent
    estimator = outcomes["passed_attributes"].migrated_text
    assert "        self.make_model(self.inputs, self.widths)\n" in estimator, estimator
    assert "    def make_model(self, inputs, widths):\n" in estimator, estimator
    assert "        self.make_training()\n" in estimator, estimator
    assert "    def make_training(self, rate=0.1, floor=0.5):\n" in estimator, estimator


@pytest.mark.parametrize(
    ("source", "change", "reason"),
    [
        pytest.param(
            PASSED_ATTRIBUTES,
            ("model.fit(states, 4)\n", "model.fit(states, 4)\nmodel.make_model(3, [5, 4])\n"),
            "calls method `make_model` while building the graph",
            id="builder-called-elsewhere-too",
        ),
        pytest.param(
            PASSED_ATTRIBUTES,
            (
                "            self.explore -= self.decay\n",
                "            self.explore -= self.decay\n            self.inputs = 4\n",
            ),
            "calls method `make_model` while building the graph",
            id="attribute-rebound-later",
        ),
        pytest.param(
            PASSED_ATTRIBUTES,
            ("tf.square(self.wanted - self.scores)) + floor", "tf.square(self.wanted - self.scores)) + self.explore"),
            "method `fit` rebinds `self.explore`, which the constructor built",
            id="state-read-by-a-builder",
        ),
        pytest.param(
            PLAYING_AGENT,
            (
                "        while len(self.memory) < batch:\n",
                "        tf.constant(0.0)\n        while len(self.memory) < batch:\n",
            ),
            "calls method `play` while building the graph",
            id="method-builds-an-op",
        ),
        pytest.param(  # a call on another object: host_only_methods does not read it, the class proof refuses it
            PLAYING_AGENT.replace(
                "        self.step = tf.train.GradientDescentOptimizer(0.05).minimize(self.cost)\n",
                "        self.opt = tf.train.GradientDescentOptimizer(0.05)\n        self.step = self.opt.minimize(self.cost)\n",
            ),
            (
                "        while len(self.memory) < batch:\n",
                "        self.opt.minimize(self.cost)\n        while len(self.memory) < batch:\n",
            ),
            "`self.opt` is used outside Session.run / eval",
            id="method-calls-an-object-that-builds-an-op",
        ),
        pytest.param(
            PLAYING_AGENT,
            (
                "player = Player(types.SimpleNamespace(moves=2), 3)",
                "class Board:\n    moves = 2\n\n\nplayer = Player(Board(), 3)",
            ),
            "method `encode` of class `Player` neither builds the graph",
            id="object-of-the-module-class",
        ),
        pytest.param(
            LAYER_WIDTHS,
            ("model.fit(xs, ", "model.layers.append(2)\nmodel.fit(xs, "),
            "calls method `build` while building the graph",
            id="layers-attribute-changed-in-place",
        ),
    ],
)
def test_an_unsafe_variant_keeps_the_graph_tier(source, change, reason) -> None:
    assert change[0] in source, change
    messages = reasons(source.replace(*change))
    assert any(reason in m for m in messages), messages
