"""Three shapes of held-out TF1 programs (issue 16): a host loop whose target is named as a graph value
(``for global_step in range(N)`` after ``global_step = tf.Variable(0)``: loop_rebinds.py), a feed dict drawn by a
function of the program (the TF tutorial's ``feed_dict(train)``: feed_functions.py, feed_calls.py), and a decayed
learning rate read from a flag (``exponential_decay(FLAGS.learning_rate, ...)``: flag_values.py). The programs that
are proved run on real TensorFlow as eager fixtures (tests/fixtures/TFM201/eager_loop_*, eager_feed_dict_function_*,
eager_exponential_decay_of_*: tests/test_eager_rewrite.py); here, what the rewrite writes for them, and the follow-up
that names the line and the construct where a variant is not shown equal."""

from __future__ import annotations

import textwrap

import pytest
from program_checks import eager, migrated_with_reasons

LOOP = """\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2])
w = tf.Variable(tf.ones([2, 1]))
loss = tf.reduce_mean(tf.square(tf.matmul(x, w)))
global_step = tf.Variable(0, trainable=False)
lr = tf.train.exponential_decay(0.1, global_step, 10, 0.5)
train = tf.train.GradientDescentOptimizer(lr).minimize(loss, global_step=global_step)
data = np.ones((4, 2), dtype=np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
{run}"""

FEED = """\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2])
y_ = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.zeros([2, 1]))
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y_))
train_step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
rng = np.random.RandomState(0)


def feed_dict(train):
    if train:
        xs = rng.rand(8, 2)
    else:
        xs = np.ones((8, 2))
    return {{x: xs, y_: xs.sum(axis=1, keepdims=True)}}


with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(5):
{run}"""


def _loop(run: str) -> str:
    return LOOP.format(run=textwrap.indent(textwrap.dedent(run), "    "))


def _feed(run: str) -> str:
    return FEED.format(run=textwrap.indent(textwrap.dedent(run), "        "))


def test_the_loop_target_takes_a_name_of_its_own_and_the_graph_keeps_the_variable() -> None:
    text = eager(
        _loop("""\
        for global_step in range(30):
            sess.run(train, feed_dict={x: data})
            if global_step % 10 == 0:
                print(global_step, sess.run(lr))
        """)
    )
    assert "for global_step_value in range(30):" in text
    assert "print(global_step_value, lr().numpy())" in text
    assert "return 0.1 * tf.pow(0.5, tf.cast(global_step, tf.float32) / 10)" in text
    assert "global_step.assign_add(1)" in text


def test_a_read_after_a_loop_that_surely_runs_is_renamed_too() -> None:
    text = eager(
        _loop("""\
        for global_step in range(3):
            sess.run(train, feed_dict={x: data})
        print("last step", global_step)
        """)
    )
    assert 'print("last step", global_step_value)' in text


def test_a_lambda_made_after_the_binding_reads_the_new_name() -> None:
    """Held-out set 21 (r3): once the loop's binding has run, the old and the new name are bound together, so a
    lambda made after it reads the same value under the new name whenever it runs (late_lambdas.py)."""
    text = eager(
        _loop("""\
        for global_step in range(3):
            sess.run(train, feed_dict={x: data})
            show = lambda scale: scale * global_step
            print(show(2.0))
        """)
    )
    assert "show = lambda scale: scale * global_step_value" in text
    assert "return 0.1 * tf.pow(0.5, tf.cast(global_step, tf.float32) / 10)" in text


LOOP_REFUSALS = [
    pytest.param(
        """\
            steps = int(data.sum())
            for global_step in range(steps):
                sess.run(train, feed_dict={x: data})
            print("last step", global_step)
            """,
        14,
        "`global_step` is a graph value and is rebound by the `for` loop's target, and line 16 reads it after the "
        "loop, which may run no pass and leave the earlier value",
        id="a read after a loop that may run no pass",
    ),
    pytest.param(
        """\
            for epoch in range(2):
                print(sess.run(global_step))
                for global_step in range(3):
                    sess.run(train, feed_dict={x: data})
            """,
        15,
        "`global_step` is a graph value and is rebound by the `for` loop's target, and line 14 reads it before "
        "the binding, in a loop around it",
        id="a read before the loop, inside a loop around it",
    ),
    pytest.param(
        """\
            show = lambda: global_step
            for global_step in range(3):
                sess.run(train, feed_dict={x: data})
            """,
        14,
        "`global_step` is a graph value and is rebound by the `for` loop's target, and a function, lambda or "
        "comprehension reads it",
        id="a lambda made before the binding reading the name",
    ),
    pytest.param(
        """\
            for global_step in range(3):
                sess.run(train, feed_dict={x: data})
            show = [lambda: global_step for _ in range(2)]
            """,
        13,
        "`global_step` is a graph value and is rebound by the `for` loop's target, and a function, lambda or "
        "comprehension reads it",
        id="a lambda in a comprehension after the binding",
    ),
    pytest.param(
        """\
            if data.sum() > 1:
                global_step = 5
            sess.run(train, feed_dict={x: data})
            """,
        14,
        "`global_step` is a graph value and is rebound by a statement in an `if` branch",
        id="a binding in a branch",
    ),
]


@pytest.mark.parametrize(("run", "line", "reason"), LOOP_REFUSALS)
def test_a_loop_binding_not_shown_equal_names_the_loop_and_why(run: str, line: int, reason: str) -> None:
    _refused(_loop(run), line, reason)


def _refused(source: str, line: int, reason: str) -> None:
    """The program keeps the graph tier, with one follow-up naming ``line`` and saying ``reason``."""
    migrated, followups = migrated_with_reasons(source)
    assert migrated is not None and "disable_v2_behavior" in migrated
    assert len(followups) == 1 and followups[0][0] == line and reason in followups[0][1], followups


def test_a_feed_function_of_host_code_is_kept_and_called_once_per_run() -> None:
    text = eager(
        _feed("""\
        sess.run(train_step, feed_dict=feed_dict(True))
        print(i, sess.run(loss, feed_dict=feed_dict(False)))
        """)
    )
    assert 'return {"x": xs, "y_": xs.sum(axis=1, keepdims=True)}' in text
    assert text.count("feed = feed_dict(True)\n") == 1 and text.count("feed = feed_dict(False)\n") == 1
    assert 'print(i, loss(feed["x"], feed["y_"]).numpy())' in text


@pytest.mark.parametrize(
    ("run", "line", "reason"),
    [
        pytest.param(
            "acc = sess.run(loss, feed_dict=feed_dict(False)) if i % 2 else None\n",
            23,
            "the feed_dict `feed_dict(False)` is a call on a line that calls something before it or under a condition",
            id="a feed call under a condition",
        ),
        pytest.param(
            "print(rng.rand(), sess.run(loss, feed_dict=feed_dict(False)))\n",
            23,
            "the feed_dict `feed_dict(False)` is a call on a line that calls something before it",
            id="a host call made before the feed call on its line",
        ),
        pytest.param(
            "sess.run(train_step, feed_dict=feed_dict(True))\nprint(feed_dict(False))\n",
            24,
            "function `feed_dict` returns a feed dict and is used here other than as a run's feed_dict",
            id="the feed dict printed (its keys are the placeholders)",
        ),
    ],
)
def test_a_feed_function_not_shown_equal_names_its_line(run: str, line: int, reason: str) -> None:
    _refused(_feed(run), line, reason)


RATE = """\
import argparse

import tensorflow as tf

parser = argparse.ArgumentParser()
parser.add_argument("--lr", {argument})
args, _ = parser.parse_known_args()
{assign}x = tf.placeholder(tf.float32, [None, 2])
w = tf.Variable(tf.ones([2, 1]))
loss = tf.reduce_mean(tf.square(tf.matmul(x, w)))
global_step = tf.Variable(0, trainable=False)
lr = tf.train.exponential_decay(args.lr, global_step, 10, 0.5, staircase=True)
train = tf.train.GradientDescentOptimizer(lr).minimize(loss, global_step=global_step)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(3):
        sess.run(train, feed_dict={{x: [[1.0, 2.0]]}})
        print(sess.run(lr))
"""


def test_an_argparse_float_rate_is_read_as_tf1_read_it() -> None:
    text = eager(RATE.format(argument="type=float, default=0.1", assign=""))
    assert "return args.lr * tf.pow(0.5, tf.floor(tf.cast(global_step, tf.float32) / 10))" in text


UNKNOWN_RATES = {  # variant -> the rate's argparse argument, and what the program does to it after parsing
    "an int default (TF1 computes in int32)": "type=float, default=1",
    "no type: a value given on the command line is a string": "default=0.1",
    "nargs": "type=float, default=0.1, nargs='?'",
    "the flag assigned by the program": "type=float, default=0.1|args.lr = 0.5",
    "set_defaults": "type=float, default=0.1|parser.set_defaults(lr=1)",
}


@pytest.mark.parametrize("variant", sorted(UNKNOWN_RATES))
def test_a_rate_not_known_to_be_a_python_float_names_the_decay_and_the_rate(variant: str) -> None:
    argument, _, after = UNKNOWN_RATES[variant].partition("|")
    source = RATE.format(argument=argument, assign=f"{after}\n" if after else "")
    decay = "lr = tf.train.exponential_decay(args.lr, global_step, 10, 0.5, staircase=True)"
    reason = (
        "tf.train.exponential_decay is left as written: its learning rate `args.lr` is not known to be a Python float"
    )
    _refused(source, source.splitlines().index(decay) + 1, reason)


def test_a_define_float_flag_rate_is_read_and_a_define_integer_one_is_not() -> None:
    source = textwrap.dedent("""\
        import tensorflow as tf

        flags = tf.app.flags
        FLAGS = flags.FLAGS
        flags.DEFINE_{kind}("learning_rate", 1, "Initial learning rate.")
        x = tf.placeholder(tf.float32, [None, 2])
        w = tf.Variable(tf.ones([2, 1]))
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w)))
        global_step = tf.Variable(0, trainable=False)
        lr = tf.train.exponential_decay(FLAGS.learning_rate, global_step, 10, 0.5)
        train = tf.train.GradientDescentOptimizer(lr).minimize(loss, global_step=global_step)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for step in range(3):
                sess.run(train, feed_dict={{x: [[1.0, 2.0]]}})
                print(sess.run(lr))
        """)
    text = eager(source.format(kind="float"))
    assert "return FLAGS.learning_rate * tf.pow(0.5, tf.cast(global_step, tf.float32) / 10)" in text
    _, followups = migrated_with_reasons(source.format(kind="integer"))
    assert len(followups) == 1 and followups[0][0] == 10, followups
    assert "its learning rate `FLAGS.learning_rate` is not known to be a Python float" in followups[0][1]
