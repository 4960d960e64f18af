"""The memos of libcst children and session walks (``cstfields.children`` / ``remember``) hold the trees they were
made from: the engine forgets them after each file, and a rule run on its own (a test, a caller of the transform
classes) forgets them when it returns, so that a process migrating many trees that way does not keep them all."""

from __future__ import annotations

import libcst as cst
import pytest
from libcst.codemod import CodemodContext

from tfmigrate import cstfields
from tfmigrate.config import Options
from tfmigrate.transforms.tfm104_contrib import Contrib
from tfmigrate.transforms.tfm201_saver_checkpoint import SaverToCheckpoint

PROGRAM = """\
import tensorflow as tf

x = tf.placeholder(tf.float32, [None])
w = tf.Variable({start})
loss = tf.reduce_mean(tf.square(w * x - 1.0))
train = tf.contrib.layers.optimize_loss(loss, None, 0.1, "SGD")
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train, feed_dict={{x: [1.0, 2.0]}})
    print(sess.run(w))
"""


@pytest.mark.parametrize("rule", [SaverToCheckpoint, Contrib], ids=["TFM201", "TFM104"])
def test_a_rule_run_on_its_own_keeps_no_tree_after_it_returns(rule) -> None:
    for start in ("2.0", "3.0", "4.0"):
        tree = cst.parse_module(PROGRAM.format(start=start))
        cstfields.preorder(tree)  # what the rule's walks remember, made before it runs
        assert cstfields._CHILDREN and cstfields._PREORDER
        rule(CodemodContext(), Options()).transform_module(tree)
        assert not cstfields._CHILDREN, f"{len(cstfields._CHILDREN)} children lists kept after {rule.CODE}"
        assert not cstfields._PREORDER
