"""A step function's own ``global best`` line, the function inlined at its call in module-level code
(session/step_functions.py), is dropped there: its names are the module's. Where the call is inside a function, or
the ``global`` sits in a branch of the body, the step function is not inlined and the program keeps the graph tier
with the ``global`` as its reason."""

from __future__ import annotations

import pytest
from program_checks import migrated_with_reasons

PROGRAM = """import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, shape=[None, 2], name="x")
w = tf.Variable(tf.ones([2, 1]), name="w")
loss = tf.reduce_sum(tf.matmul(x, w))
train_op = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
xs = np.ones([3, 2], dtype=np.float32)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
best = 0.0


def step(epoch):
{body}


{calls}
"""
BODY = """    global best
    _, value = sess.run([train_op, loss], feed_dict={x: xs})
    best = max(best, value)
    print(epoch, value, best)"""
LOOP = "for epoch in range(3):\n    step(epoch)"


def test_a_global_line_is_dropped_where_the_step_is_inlined_at_module_level() -> None:
    migrated, reasons = migrated_with_reasons(PROGRAM.format(body=BODY, calls=LOOP))
    assert not reasons and migrated is not None, reasons
    assert "global" not in migrated and "Session" not in migrated and "    best = max(best, value)" in migrated


@pytest.mark.parametrize(
    ("body", "calls"),
    [
        pytest.param(BODY.replace("    global best", "    if epoch:\n        global best"), LOOP, id="in a branch"),
        pytest.param(BODY, "def main():\n    for epoch in range(3):\n        step(epoch)\n\n\nmain()", id="in main"),
    ],
)
def test_a_global_the_inlining_cannot_drop_keeps_the_graph_tier(body: str, calls: str) -> None:
    _, reasons = migrated_with_reasons(PROGRAM.format(body=body, calls=calls))
    assert reasons and "global/nonlocal state" in reasons[0][1], reasons
