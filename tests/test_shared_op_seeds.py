"""Two random ops given the same op seed (``w1 = tf.Variable(tf.random_normal([2, 3], stddev=1, seed=1))`` and
``w2 = tf.Variable(tf.random_normal([3, 1], stddev=1, seed=1))``, the way a widely copied Chinese TF1 book writes
every network): TF1 starts each op's stream afresh, so w2 holds w1's first numbers; eager TF2 would continue one
stream. Drawn once as initial values, the later draws run in a one-off tf.function (seeds.py) and the migrated
program prints the baseline's numbers (run on TF 2.21: the baseline under tf.compat.v1, the migrated program as
tfmigrate leaves it). A shared seed on a draw that runs again keeps the graph tier (held-out 6, blocker 2)."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers
from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

SHARED = """\
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(3)
data = rng.rand(16, 2)
labels = (data.sum(axis=1, keepdims=True) > 1.0).astype(np.float32)

w1 = tf.Variable(tf.random_normal([2, 3], stddev=1, seed=1))
w2 = tf.Variable(tf.random_normal([3, 1], stddev=1, seed=1))
b = tf.Variable(tf.truncated_normal([1], stddev=0.5, seed=1))
x = tf.placeholder(tf.float32, shape=(None, 2))
y_ = tf.placeholder(tf.float32, shape=(None, 1))
y = tf.sigmoid(tf.matmul(tf.matmul(x, w1), w2) + b)
loss = tf.reduce_mean(tf.square(y - y_))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(w1))
    print(sess.run(w2))
    print(sess.run(b))
    for step in range(30):
        sess.run(train, feed_dict={x: data, y_: labels})
        if step % 10 == 0:
            print(step, sess.run(loss, feed_dict={x: data, y_: labels}))
"""

# Under a graph seed: the explicit seeds and an op given the counter's seed (0) beside them.
GRAPH_SEED = SHARED.replace("rng = ", "tf.set_random_seed(5)\nrng = ").replace(
    "b = tf.Variable(tf.truncated_normal([1], stddev=0.5, seed=1))",
    "b = tf.Variable(tf.truncated_normal([1], stddev=0.5))\nc = tf.Variable(tf.random_normal([1], seed=1))",
)

PROGRAMS = {"shared": SHARED, "graph_seed": GRAPH_SEED}
META = {"random": "seeded", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([Program(name, source, META) for name, source in PROGRAMS.items()])


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_initial_values_sharing_an_op_seed_print_the_baseline_numbers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)


def test_the_first_draw_of_a_seed_stays_eager_and_the_later_ones_get_a_graph_of_their_own() -> None:
    migrated = migrate_source(SHARED, Options(), "shared.py").migrated
    assert "w1 = tf.Variable(tf.random.normal([2, 3], stddev=1, seed=1))" in migrated
    assert "w2 = tf.Variable(tf.function(lambda: tf.random.normal([3, 1], stddev=1, seed=1))())" in migrated
    assert "b = tf.Variable(tf.function(lambda: tf.random.truncated_normal([1], stddev=0.5, seed=1))())" in migrated


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(
            "    print(sess.run(b))\n",
            "    print(sess.run(b))\n    noise = tf.random_normal([2], seed=1)\n"
            "    print(sess.run(noise))\n    print(sess.run(noise))\n",
            id="a shared seed on a tensor drawn at each run",
        ),
        pytest.param(
            "y = tf.sigmoid(tf.matmul(tf.matmul(x, w1), w2) + b)",
            "y = tf.sigmoid(tf.nn.dropout(tf.matmul(tf.matmul(x, w1), w2), keep_prob=0.9, seed=1) + b)",
            id="a shared seed on a dropout in the train step",
        ),
    ],
)
def test_a_shared_seed_on_a_draw_that_runs_again_keeps_the_graph_tier(old: str, new: str) -> None:
    assert old in SHARED
    result = migrate_source(SHARED.replace(old, new), Options(), "shared.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert len(ours) == 1, ours
    assert "two random ops draw with op seed 1 (this one and line 8)" in ours[0].message, ours
    assert "tf.compat.v1.Session" in result.migrated
