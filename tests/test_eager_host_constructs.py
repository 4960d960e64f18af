"""TFM201 on host constructs around graph code (held-out set 16): a positional ``minimize`` step, statements joined
by ``;``, ``abs``/``str``/``as_list`` in graph code. Each shape that converts
(its numbers checked on real TensorFlow by the eager_* fixtures, test_eager_rewrite.py) and the neighbours that
stay graph-tier, with the line and the reason."""

from __future__ import annotations

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options


def _followups(source: str) -> tuple[list[tuple[int, str]], str]:
    result = migrate_source(source, Options(), "program.py")
    return [(f.line, f.message) for f in result.followups if f.code == "TFM201"], result.migrated


MINIMIZE = """import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.zeros([1, 1]))
step = tf.Variable(0, trainable=False)
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0))
train = tf.train.GradientDescentOptimizer(0.1).minimize({arguments})
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run([train, loss, step], {{x: [[1.0]]}})[1:])
"""

BUILTINS = """import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2])
tables = {{"t1": tf.Variable([[1.0], [-1.0]])}}


def pick(v, n):
    return tf.matmul(v, tables["t" + str(n)])


c = tf.constant([[1.0, -2.0]])
out = {graph}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {{x: [[1.0, 2.0]]}}))
"""

CASES = {  # id: (program, blocking line or 0 for none, what the follow-up says)
    "minimize step positional": (MINIMIZE.format(arguments="loss, step"), 0, ""),
    "minimize var_list positional": (MINIMIZE.format(arguments="loss, step, [w]"), 0, ""),
    "minimize gate positional": (MINIMIZE.format(arguments="loss, step, [w], 2"), 7, "minimize(positional=...)"),
    "abs of a tensor": (BUILTINS.format(graph="abs(tf.matmul(x, tf.ones([2, 1])))"), 0, ""),
    "abs rebound": (
        BUILTINS.format(graph="abs(c)").replace("c = tf", "abs = tf.abs\nc = tf"),
        0,  # ``abs`` holds tf.abs (op_choices.py): the call is that op
        "",
    ),
    "str of a literal argument": (BUILTINS.format(graph="pick(x, 1)"), 0, ""),
    "str of a tensor argument": (BUILTINS.format(graph="pick(x, tf.constant(1))"), 8, "it calls `str`"),
    "as_list of a constant": (BUILTINS.format(graph="tf.ones(c.shape.as_list()) + c"), 0, ""),
    "as_list of a fed tensor": (BUILTINS.format(graph="tf.ones((x * 2.0).shape.as_list())"), 12, "cannot prove"),
    "as_list of a tensor of a placeholder": (
        BUILTINS.format(graph="x * 2.0\nz = tf.zeros(out.shape.as_list()[1:])").replace("run(out", "run(z"),
        13,
        "`out.shape.as_list`",
    ),
}


@pytest.mark.parametrize(("source", "line", "reason"), list(CASES.values()), ids=list(CASES))
def test_host_constructs_convert_or_name_their_blocking_line(source: str, line: int, reason: str) -> None:
    followups, migrated = _followups(source)
    if not line:
        assert followups == [], followups
        assert "Session" not in migrated and "placeholder" not in migrated, migrated
        return
    assert [f[0] for f in followups] == [line], followups
    assert reason in followups[0][1], followups


def test_joined_statements_are_split_only_where_the_program_converts() -> None:
    source = "import tensorflow as tf\n\na = tf.zeros((2,)); b = tf.ones((2,))\nwith tf.Session() as s:\n    print(s.run(a + b))\n"
    followups, migrated = _followups(source)
    assert followups == [], followups
    assert "a = tf.zeros((2,))\nb = tf.ones((2,))\n" in migrated, migrated
    kept = source.replace("print(s.run(a + b))", "print(s.run(a + b), s.graph)")
    followups, migrated = _followups(kept)
    assert followups, migrated
    assert "a = tf.zeros((2,)); b = tf.ones((2,))" in migrated, migrated
