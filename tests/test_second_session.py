"""A second Session in one program (second_sessions.py): each block's initializer run, and seeded random streams.

Checked on TF 2.21 against the TF1 baseline: a new Session holds the variables uninitialised until its initializer
runs, which gives them their initial values again (a seeded random one the same numbers as in the first Session);
every seeded random op restarts its stream. The eager program assigns the initial values again and restarts the
streams with ``tf.random.set_seed``; what it cannot restart keeps the graph tier with the reason.
"""

from __future__ import annotations

import pytest
from program_checks import reasons
from session_harness import Program, evaluate, load_programs

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

LESSONS = """\
import tensorflow as tf

x = tf.placeholder(tf.float32, [None])
w = tf.Variable(2.0)
b = tf.Variable(tf.zeros([1]))
y = w * x + b
loss = tf.reduce_mean(tf.square(y - 1.0))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
init = tf.global_variables_initializer()

with tf.Session() as sess:
    sess.run(init)
    print("lesson 1:", sess.run(y, feed_dict={x: [1.0, 2.0]}))

with tf.Session() as sess:
    sess.run(init)
    for step in range(3):
        sess.run(train, feed_dict={x: [1.0, 2.0]})
    print("lesson 2:", sess.run([w, b]))

with tf.Session() as sess:
    sess.run(init)
    print("lesson 3:", sess.run(w), sess.run(y, feed_dict={x: [3.0]}))
"""

OP_SEEDED = """\
import tensorflow as tf

r = tf.random_normal([2], seed=1)
w = tf.Variable(tf.random_normal([2], seed=2))
c = tf.Variable(1.0)
step = c.assign_add(1.0)
y = w * c + r
init = tf.global_variables_initializer()

with tf.Session() as sess:
    sess.run(init)
    print(sess.run(r))
    print(sess.run(r))
    sess.run(step)
    print(sess.run(w), sess.run(c))

with tf.Session() as sess:
    sess.run(init)
    print(sess.run(r))
    print(sess.run(w), sess.run(c))
"""

GRAPH_SEEDED = """\
import tensorflow as tf

tf.set_random_seed(7)
r = tf.random_uniform([3])
w = tf.Variable(tf.random_normal([2]))
shift = w.assign_add(tf.ones([2]))
init = tf.global_variables_initializer()

for lesson in range(2):
    pass

with tf.Session() as sess:
    sess.run(init)
    print(sess.run(r))
    sess.run(shift)
    print(sess.run(w))

with tf.Session() as sess:
    sess.run(init)
    print(sess.run(r))
    print(sess.run(w))
"""

DRAWS_ONLY = """\
import tensorflow as tf

noise = tf.random_normal([2], seed=5)
scaled = noise * 2.0

with tf.Session() as sess:
    print(sess.run(noise))
    print(sess.run(scaled))

with tf.Session() as sess:
    print(sess.run(noise))
"""

LATER_VARIABLES = """\
import tensorflow as tf

a = tf.constant([1.0, 2.0])
with tf.Session() as sess:
    print(sess.run(a * 2.0))

w = tf.Variable([0.5, 0.5])
grow = w.assign(w * 2.0)
init = tf.global_variables_initializer()
with tf.Session() as sess:
    sess.run(init)
    sess.run(grow)
    print(sess.run(w + a))

with tf.Session() as sess:
    sess.run(init)
    print(sess.run(w))
"""

PROGRAMS = {
    "lessons": (LESSONS, "none"),
    "op_seeded": (OP_SEEDED, "seeded"),
    "graph_seeded": (GRAPH_SEEDED, "seeded"),
    "draws_only": (DRAWS_ONLY, "seeded"),
    "later_variables": (LATER_VARIABLES, "none"),
}


SET_PROGRAMS = ["tfdocs_random_seed_sessions", "lessons_several_sessions"]  # tests/programs


@pytest.fixture(scope="module")
def outcomes():
    programs = [
        Program(name, source, {"random": random, "source": "tfmigrate", "licence": "-"})
        for name, (source, random) in PROGRAMS.items()
    ]
    return evaluate(programs + load_programs(SET_PROGRAMS))


@pytest.mark.parametrize("name", [*PROGRAMS, *SET_PROGRAMS])
def test_each_session_block_runs_eagerly_with_the_baseline_numbers(outcomes, name) -> None:
    outcome = outcomes[name]
    assert outcome.baseline.ok, outcome.baseline.stderr[-2000:]
    assert outcome.session_free, (outcome.leftovers, [f.message for f in outcome.migration.followups])
    same, why = outcome.numbers_match()
    assert same, (why, outcome.baseline.stdout, outcome.migrated.stdout if outcome.migrated else "")


def test_the_guide_program_draws_each_sessions_numbers_again(outcomes) -> None:
    """tf.set_random_seed's guide: the second Session prints the first one's numbers, in TF1 and eagerly."""
    outcome = outcomes["tfdocs_random_seed_sessions"]
    for run in (outcome.baseline, outcome.migrated):
        assert run is not None
        first, second = run.stdout.split("Session 2")
        assert first.replace("Session 1", "").split() == second.split(), run.stdout
    assert outcome.migrated_text.count("tf.random.set_seed(1234)") == 2, outcome.migrated_text


def test_the_baseline_restarts_seeded_streams_and_initial_values(outcomes) -> None:
    """What the rewrite reproduces: TF1 draws the first Session's numbers again in the second."""
    lines = outcomes["op_seeded"].baseline.stdout.splitlines()
    assert lines[0] == lines[3] and lines[0] != lines[1], lines
    assert lines[2].split("]")[0] == lines[4].split("]")[0], lines


def test_a_restart_assigns_the_initial_values_and_restarts_the_seed(outcomes) -> None:
    text = outcomes["graph_seeded"].migrated_text
    assert text.count("tf.random.set_seed(7)") == 2, text
    assert "w.assign(tf.random.normal([2], seed=1))" in text, text
    lessons = outcomes["lessons"].migrated_text
    assert lessons.count("w.assign(2.0)\nb.assign(tf.zeros([1]))\n") == 2, lessons
    assert "tf.random.set_seed" not in lessons, lessons
    assert outcomes["op_seeded"].migrated_text.count("tf.random.set_seed(87654321)") == 1


def test_untouched_variables_need_no_assign(outcomes) -> None:
    source = LESSONS.replace("train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)\n", "").replace(
        "    for step in range(3):\n        sess.run(train, feed_dict={x: [1.0, 2.0]})\n", ""
    )
    text = migrate_source(source, Options(), "lessons.py").migrated
    assert text is not None and "Session" not in text, text
    assert ".assign(" not in text, text


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(
            ("tf.train.GradientDescentOptimizer(0.1)", "tf.train.AdamOptimizer(0.1)"),
            "a second Session starts the optimizer slots of `train` over (the eager optimizer keeps them)",
            id="optimizer-slots",
        ),
        pytest.param(
            (
                "init = tf.global_variables_initializer()\n",
                "init = tf.global_variables_initializer()\nsaver = tf.train.Saver()\n",
            ),
            "a second Session (its variables start over) in a program with a Saver",
            id="saver",
        ),
        pytest.param(
            ("w = tf.Variable(2.0)", "w = tf.Variable(tf.reduce_sum(tf.ones([2])))"),
            "is not a constant",
            id="computed-initial-value",
        ),
    ],
)
def test_what_a_restart_cannot_reach_keeps_the_graph_tier(change, reason) -> None:
    messages = reasons(LESSONS.replace(*change))
    assert any(reason in m for m in messages), messages
