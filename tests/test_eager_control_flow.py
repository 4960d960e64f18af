"""TFM201 on tf.cond of a fed bool and tf.py_func of host functions: what stays a graph-tier follow-up, with the
line and the reason (the programs that convert run on real TensorFlow as eager_* fixtures: test_eager_rewrite.py)."""

from __future__ import annotations

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options
from tfmigrate.transforms.session import loss_order

PROGRAM = """import numpy as np
import tensorflow as tf

def host(a):
{host}
x = tf.placeholder(tf.float32, [None])
flag = tf.placeholder(tf.bool)
noisy = x + tf.random_normal([3])
out = {graph}
with tf.Session() as sess:
    print(sess.run(out, feed_dict={{x: [1.0, 2.0, 3.0], flag: True}}))
"""


def _followups(host: str, graph: str) -> tuple[list[tuple[int, str]], str]:
    result = migrate_source(PROGRAM.format(host=host, graph=graph), Options(), "program.py")
    return [(f.line, f.message) for f in result.followups if f.code == "TFM201"], result.migrated


PLAIN = "    return a"
CASES = {  # id: (host function body, graph value, blocking line or 0 for none, what the follow-up says)
    "cond converts": (PLAIN, "tf.cond(flag, lambda: x * 2.0, lambda: x)", 0, ""),
    "cond singleton": (PLAIN, "tf.cond(flag, lambda: [x], lambda: [x])", 9, "one-element list"),
    "cond branch reads a draw": (PLAIN, "tf.cond(flag, lambda: noisy, lambda: x)", 9, "reads `noisy` (a random draw)"),
    "cond branch draws": (PLAIN, "tf.cond(flag, lambda: x + tf.random_normal([3]), lambda: x)", 9, "draws random"),
    "cond strict": (PLAIN, "tf.cond(flag, lambda: x, lambda: x, strict=True)", 9, "strict="),
    "cond branch param": (PLAIN, "tf.cond(flag, lambda v: v, lambda: x)", 9, "without parameters"),
    "py_func converts": ("    return a * 2", "tf.py_func(host, [x], tf.float32)", 0, ""),
    "py_func prints": ("    print(a)\n    return a", "tf.py_func(host, [x], tf.float32)", 5, "prints"),
    "py_func reads graph": ("    return a + x", "tf.py_func(host, [x], tf.float32)", 5, "graph value `x`"),
    "py_func lambda": (PLAIN, "tf.py_func(lambda a: np.float32(a.sum()), [x], tf.float32)", 0, ""),
    "py_func numpy function": (PLAIN, "tf.py_func(np.sort, [x], tf.float32)", 0, ""),
    "py_func builtin": (PLAIN, "tf.py_func(len, [x], tf.float32)", 9, "not a module-level function"),
}


@pytest.mark.parametrize(("host", "graph", "line", "reason"), list(CASES.values()), ids=list(CASES))
def test_control_flow_converts_or_names_its_blocking_line(host: str, graph: str, line: int, reason: str) -> None:
    followups, migrated = _followups(host, graph)
    if not line:
        assert followups == [], followups
        assert "Session" not in migrated and "placeholder" not in migrated, migrated
        return
    assert [f[0] for f in followups] == [line], followups
    assert reason in followups[0][1], followups


def test_py_func_is_spelled_numpy_function() -> None:
    _, migrated = _followups("    return a * 2", "tf.py_func(host, [x], tf.float32)")
    assert "tf.numpy_function(host, [x], tf.float32)" in migrated, migrated
    assert "tf.py_func" not in migrated


AVERAGES = """import tensorflow as tf

v = tf.Variable(1.0, name="v")
x = tf.placeholder(tf.float32)
loss = tf.square(v * x - 2.0)
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
ema = tf.train.ExponentialMovingAverage(0.5{arguments})
{graph}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
{run}
"""
APPLY = "maintain = ema.apply([v])"
RUN = "    sess.run(maintain)\n    print(sess.run([v, ema.average(v)]))"
AVERAGE_CASES = {  # id: (ExponentialMovingAverage arguments, graph, run phase, blocking line or 0, the follow-up says)
    "update converts": ("", APPLY, RUN, 0, ""),
    "after a train step": (
        "",
        "with tf.control_dependencies([train]):\n    " + APPLY,
        RUN.replace(")", ", {x: 1.0})", 1),
        0,
        "",
    ),
    "fetched with its step's loss": (
        "",
        "with tf.control_dependencies([train]):\n    " + APPLY,
        "    print(sess.run([maintain, loss], {x: 1.0}))",
        0,
        "",
    ),
    "saver": ("", APPLY + "\nsaver = tf.train.Saver()", RUN + "\n    saver.save(sess, 'm')", 0, ""),
    "restore list": ("", APPLY + "\nlisted = ema.variables_to_restore()", RUN, 9, "variables_to_restore()"),
    "trainable variables": ("", "maintain = ema.apply(tf.trainable_variables())", RUN, 0, ""),
    "trainable variables beside a layer": (
        "",
        "h = tf.layers.dense(tf.ones([1, 2]), 3)\nmaintain = ema.apply(tf.trainable_variables())",
        RUN,
        9,
        "tf.trainable_variables() averaged in a program with tf.layers",
    ),
    "zero_debias": (", zero_debias=True", APPLY, RUN, 7, "zero_debias"),
    "fetched with a value": ("", APPLY, "    print(sess.run([maintain, v]))", 11, "fetched with other values"),
    "value used": ("", APPLY, "    print(sess.run(maintain))", 11, "for its value"),
    "read before applied": ("", "avg = ema.average(v)\n" + APPLY, RUN, 8, "before an apply averages it"),
    "initialised again": ("", APPLY, RUN + "\n    sess.run(tf.global_variables_initializer())", 13, "moving averages"),
    "identity of the loss after the step": (
        "",
        "with tf.control_dependencies([train]):\n    stepped = tf.identity(loss)",
        "    print(sess.run(stepped, {x: 1.0}))",
        0,
        "",
    ),
    "loss read after the step": (
        "",
        "with tf.control_dependencies([train]):\n    stepped = loss * 1.0",
        "    print(sess.run(stepped, {x: 1.0}))",
        9,
        "reads `loss`, built before tf.control_dependencies",
    ),
    "dependency on a tensor": ("", "with tf.control_dependencies([loss]):\n    y = tf.identity(v)", "", 8, "(tensor)"),
    "dependent value read": (
        "",
        "with tf.control_dependencies([train]):\n    y = tf.identity(v)\nz = y * 2.0",
        "    print(sess.run(z, {x: 1.0}))",
        10,
        "read here",
    ),
}


@pytest.mark.parametrize(
    ("arguments", "graph", "run", "line", "reason"), list(AVERAGE_CASES.values()), ids=list(AVERAGE_CASES)
)
def test_moving_averages_and_dependencies_convert_or_name_their_line(arguments, graph, run, line, reason) -> None:
    source = AVERAGES.format(arguments=arguments, graph=graph, run=run)
    result = migrate_source(source, Options(), "program.py")
    followups = [(f.line, f.message) for f in result.followups if f.code == "TFM201"]
    if not line:
        assert followups == [], followups
        migrated = loss_order.unwrapped(result.migrated)  # the step's own wrapper (loss_order.py) aside
        assert "Session" not in migrated and "control_dependencies" not in migrated, result.migrated
        assert "ema.apply([v])\n\ndef maintain(" in result.migrated or "stepped" in graph, result.migrated
        return
    assert [f[0] for f in followups] == [line], followups
    assert reason in followups[0][1], followups
