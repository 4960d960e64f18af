"""A second ``tf.global_variables_initializer()`` run (set 22's tutorial: an accuracy printed on the untrained
model, the initialiser run again, then training): eagerly an assign of every variable's constant initial value,
as long as no train step of an optimizer with slots ran before it (TF1 would zero the slots the eager optimizer
keeps). The programs that run are fixtures ``eager_initializer_run_again_*`` (tests/test_eager_rewrite.py)."""

from __future__ import annotations

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

PROGRAM = """import numpy as np
import tensorflow as tf

xs = np.ones((8, 4), np.float32)
x = tf.placeholder(tf.float32, [None, 4])
W = tf.Variable(tf.zeros([4, 1]))
loss = tf.reduce_mean(tf.square(tf.matmul(x, W) - 1.0))
sess = tf.Session()
{first}
train = tf.train.{optimizer}.minimize(loss)
{between}
{again}
for _ in range(3):
    sess.run(train, {{x: xs}})
print(sess.run(loss, {{x: xs}}))
"""
RUN = "sess.run(tf.global_variables_initializer())"
OP_RUN = "tf.global_variables_initializer().run(session=sess)"
EVALUATE = "print(sess.run(loss, {x: xs}))"
STEP = "sess.run(train, {x: xs})"
CASES = {  # id: (optimizer, first init, between, second init, blocking line or 0, the follow-up says)
    "op run after an evaluation": ("GradientDescentOptimizer(0.1)", RUN, EVALUATE, OP_RUN, 0, ""),
    "session run after an evaluation": ("GradientDescentOptimizer(0.1)", RUN, EVALUATE, RUN, 0, ""),
    "adam built, no step yet": ("AdamOptimizer(0.1)", RUN, EVALUATE, RUN, 0, ""),
    "gradient descent stepped": ("GradientDescentOptimizer(0.1)", RUN, STEP, RUN, 0, ""),
    "adam stepped": ("AdamOptimizer(0.1)", RUN, STEP, RUN, 12, "optimizer state of `train`"),
    "adam stepped, op run": ("AdamOptimizer(0.1)", RUN, STEP, OP_RUN, 12, "optimizer state of `train`"),
    "in a loop": ("GradientDescentOptimizer(0.1)", RUN, "for _ in range(2):", "    " + OP_RUN, 12, "again"),
}


@pytest.mark.parametrize(
    ("optimizer", "first", "between", "again", "line", "reason"), list(CASES.values()), ids=list(CASES)
)
def test_a_second_initialiser_run_assigns_the_initial_values_or_names_its_line(
    optimizer, first, between, again, line, reason
) -> None:
    source = PROGRAM.format(optimizer=optimizer, first=first, between=between, again=again)
    result = migrate_source(source, Options(), "program.py")
    followups = [(f.line, f.message) for f in result.followups if f.code == "TFM201"]
    if not line:
        assert followups == [], followups
        assert "Session" not in result.migrated and "W.assign(tf.zeros([4, 1]))" in result.migrated, result.migrated
        return
    assert [f[0] for f in followups] == [line], followups
    assert reason in followups[0][1], followups
