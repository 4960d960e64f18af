"""TFM201 on a model class whose constructor begins a graph of its own, constructed once per pass of a loop
(session/constructor_resets.py, held-out set 23's py_matrix_factorization): the pass read as one program and put
back in the loop, the class's uncalled initializer class read as its instance (session/initializer_classes.py), its
``test`` method's ``sess.run`` result assigned at module level (runners.Runners.given); and the neighbours that keep
the graph tier, with the line and the reason. The numbers: tests/programs/pyemma_matrix_factorization_loop.py."""

from __future__ import annotations

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options


def _migrated(source: str) -> tuple[list[tuple[int, str]], str, list[str]]:
    result = migrate_source(source, Options(), "program.py")
    followups = [(f.line, f.message) for f in result.followups if f.code == "TFM201"]
    return followups, result.migrated, [c.message for c in result.changes]


PROGRAM = """import numpy as np
import tensorflow as tf


class Factorization(object):
    def __init__(self, users, size):
        self.users = users
{before}        self._build()
        self.session = tf.InteractiveSession()
        self.session.run(tf.global_variables_initializer())

    def _build(self):
        tf.reset_default_graph()
{seed}        self.user = tf.placeholder(tf.int32, shape=[None])
        self.label = tf.placeholder(tf.float32, shape=[None])
        vectors = tf.get_variable('vectors', [self.users, 2], initializer=tf.truncated_normal_initializer)
        self.loss = tf.reduce_mean(tf.square(tf.reduce_sum(tf.gather(vectors, self.user), 1) - self.label))
        self.train = tf.train.GradientDescentOptimizer(0.1).minimize(self.loss)

    def learn(self, users, labels):
        self.session.run(self.train, feed_dict={{self.user: users, self.label: labels}})

    def test(self, users, labels):
        return self.session.run(self.loss, feed_dict={{self.user: users, self.label: labels}})


users, labels = np.arange(4), np.ones(4, np.float32)
{outer}best = None
for trial in range(2):
    model = Factorization(4, 2)
    model.learn(users, labels)
    score = model.test(users, labels)
    print(trial, score)
"""
SEED = "        tf.set_random_seed(0)\n"


def test_each_pass_constructs_its_own_instance_eagerly() -> None:
    followups, migrated, changes = _migrated(PROGRAM.format(before="", seed=SEED, outer=""))
    assert followups == [], followups
    assert "Session" not in migrated and "reset_default_graph" not in migrated, migrated
    loop = migrated[migrated.index("for trial in") :]
    assert "    model = Factorization(4, 2)\n    model.learn(users, labels)\n    score = model.test(" in loop, loop
    assert "        tf.random.set_seed(0)\n" in migrated  # each construction reseeds, as each new graph did
    assert "initializer=tf.compat.v1.truncated_normal_initializer(seed=" in migrated, migrated
    assert any("constructs its instance afresh" in c for c in changes), changes
    assert any("read as `tf.truncated_normal_initializer()`" in c for c in changes), changes


@pytest.mark.parametrize(
    ("before", "seed", "outer", "line", "reason"),
    [
        # something called before the reset: not known to leave the graph empty, so the passes share a graph
        ("        print('building')\n", SEED, "", 32, "constructed in a loop: each pass builds an instance"),
        # the graph seed set once outside: TF1's reset cleared it, eager TF2 would keep it
        ("", "", "tf.set_random_seed(1)\n", 28, "a seed set outside the statements of a loop"),
    ],
)
def test_a_pass_that_is_not_its_own_program_keeps_the_graph_tier(
    before: str, seed: str, outer: str, line: int, reason: str
) -> None:
    followups, _, _ = _migrated(PROGRAM.format(before=before, seed=seed, outer=outer))
    assert [f[0] for f in followups] == [line], followups
    assert reason in followups[0][1], followups


def test_a_class_that_does_not_reset_names_the_pass_it_would_need() -> None:
    """dagrawa2's sweep shape (held-out set 23): every pass adds its instance to one graph."""
    source = PROGRAM.format(before="", seed="", outer="").replace("        tf.reset_default_graph()\n", "")
    followups, _, _ = _migrated(source)
    assert len(followups) == 1 and "constructed in a loop" in followups[0][1], followups
    assert "tf.reset_default_graph() first in the pass or in the class's constructor" in followups[0][1], followups


def test_a_session_function_result_assigned_at_module_level_is_a_host_value() -> None:
    """``score = evaluate(sess, x)`` with the Session bound at module level: the call runs the graph (runners.py),
    its result is the evaluated number, not a graph definition."""
    source = """import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None])
w = tf.Variable(2.0)
y = tf.reduce_sum(x * w)


def evaluate(sess, data):
    return sess.run(y, feed_dict={x: data})


sess = tf.Session()
sess.run(tf.global_variables_initializer())
score = evaluate(sess, np.ones(3, np.float32))
print(score)
"""
    followups, migrated, _ = _migrated(source)
    assert followups == [], followups
    assert "Session" not in migrated and "score = evaluate(np.ones(3, np.float32))" in migrated, migrated
