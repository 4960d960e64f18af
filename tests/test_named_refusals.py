"""Refusals that name what a program does (held-out set 27): the TF1 gradient accumulation recipe built in a helper
(rs_grad_accum_cnn, and the recipe's public copies: tests/programs/chuacheowhuan_accumulate_grad.py) is named as such,
with its eager form, instead of "a `ListComp` ... is not modelled" or WGAN weight clipping (the recipe at module level,
``ACCUMULATE``, now runs eagerly: tests/test_gradient_accumulation.py runs it beside its TF1 baseline); a trainer class whose ``fit`` and
``load`` each open a Session (gm_mlp_gan) names where ``load`` is called, the other branch of the ``if`` calling
``fit``. The reasons are the report's TFM201 follow-ups; the programs keep the graph tier (tests/programs' runs check
that the graph tier still runs with the baseline's numbers)."""

from __future__ import annotations

import pytest
from program_checks import reasons_by_line

ACCUMULATE = """\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable(tf.zeros([3, 1]), name="W")
loss = tf.reduce_mean(tf.square(tf.matmul(x, W) - y))
opt = tf.train.AdamOptimizer(0.1)
tvs = tf.trainable_variables()
accum_vars = [tf.Variable(tf.zeros_like(tv.initialized_value()), trainable=False) for tv in tvs]
zero_ops = [tv.assign(tf.zeros_like(tv)) for tv in accum_vars]
gvs = opt.compute_gradients(loss, tvs)
accum_ops = [accum_vars[i].assign_add(gv[0]) for i, gv in enumerate(gvs)]
train_step = opt.apply_gradients([(accum_vars[i], gv[1]) for i, gv in enumerate(gvs)])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(zero_ops)
    sess.run(accum_ops, feed_dict={x: np.ones((2, 3)), y: np.ones((2, 1))})
    sess.run(train_step)
    print(sess.run(W))
"""
IN_A_HELPER = """\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2])
w = tf.get_variable("w", [2, 1], initializer=tf.zeros_initializer())
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0))


def train_ops(loss):
    optimizer = tf.train.GradientDescentOptimizer(0.1)
    train_vars = tf.trainable_variables()
    accum = []
    for i, v in enumerate(train_vars):
        accum.append(tf.get_variable("acc_{}".format(i), initializer=tf.zeros_like(v.read_value()), trainable=False))
    zero_ops = [a.assign(tf.zeros_like(a)) for a in accum]
    grads = optimizer.compute_gradients(loss, train_vars)
    accum_ops = [accum[i].assign_add(g) for i, (g, v) in enumerate(grads)]
    train_op = optimizer.apply_gradients([(accum[i], v) for i, (g, v) in enumerate(grads)])
    return accum_ops, zero_ops, train_op


accum_ops, zero_ops, train_op = train_ops(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(zero_ops)
    sess.run(accum_ops, {x: np.ones((2, 2), np.float32)})
    sess.run(train_op)
    print(sess.run(w))
"""
RECIPE = (
    "a variable per trainable variable made in a list comprehension or loop, the gradients added to them by assign_add "
    "ops, then `apply_gradients` of them) is modelled only as the published recipe's module-level statements"
)
FIT_OR_LOAD = """\
import sys

import numpy as np
import tensorflow as tf


class Net:
    def __init__(self, lr):
        self.lr = lr

    def fit(self, data):
        self.x = tf.placeholder(tf.float32, [None, 2])
        self.w = tf.Variable(tf.zeros([2, 1]))
        self.loss = tf.reduce_mean(tf.square(tf.matmul(self.x, self.w) - 1.0))
        self.train = tf.train.GradientDescentOptimizer(self.lr).minimize(self.loss)
        self.sess = tf.InteractiveSession()
        tf.global_variables_initializer().run()
        saver = tf.train.Saver()
        for _ in range(3):
            print(self.sess.run([self.loss, self.train], {self.x: data})[0])
        saver.save(self.sess, "./net")

    def load(self):
        self.sess = tf.InteractiveSession()
        saver = tf.train.import_meta_graph("./net.meta")
        saver.restore(self.sess, "./net")


if __name__ == "__main__":
    net = Net(0.1)
    if len(sys.argv) < 2:
        net.fit(np.ones((4, 2), np.float32))
    else:
        net.load()
"""


@pytest.mark.parametrize(
    ("source", "line", "reason"),
    [
        pytest.param(
            IN_A_HELPER,
            15,
            f"function `train_ops`: gradient accumulation (`accum`: {RECIPE}",
            id="accumulators appended in a loop of a helper, the zero ops a comprehension",
        ),
        pytest.param(
            FIT_OR_LOAD,
            18,  # the Saver's line; the fit call's ends the reason
            "(method `load`, line 23, opens a second Session, called on line 34 in the other branch of the `if` on "
            "line 31) (line 32)",
            id="fit on one branch, load opening another Session on the other",
        ),
        pytest.param(  # review 43, m1: an `elif` between them
            FIT_OR_LOAD.replace(
                "    else:\n        net.load()",
                '    elif sys.argv[1] == "none":\n        pass\n    else:\n        net.load()',
            ),
            18,
            "(method `load`, line 23, opens a second Session, called on line 36 in another branch of the "
            "`if`/`elif` on line 31) (line 32)",
            id="fit on one branch of an if/elif/else, load on another",
        ),
    ],
)
def test_the_reason_names_what_the_program_does(source: str, line: int, reason: str) -> None:
    followups = reasons_by_line(source)
    assert len(followups) == 1, followups
    assert followups[0][0] == line and reason in followups[0][1], followups


def test_weight_clipping_keeps_its_own_reason() -> None:
    """Assign ops made by a comprehension with no accumulators to apply are not called accumulation."""
    source = ACCUMULATE.replace(
        "train_step = opt.apply_gradients([(accum_vars[i], gv[1]) for i, gv in enumerate(gvs)])",
        "train_step = opt.minimize(loss)",
    )
    followups = reasons_by_line(source)
    assert len(followups) == 1 and "gradient accumulation" not in followups[0][1], followups
