"""A graph class declared ``metaclass=ABCMeta`` or on ``abc.ABC`` reads as one declared without it
(session/metaclasses.py); any other metaclass, or an ``ABCMeta`` the module binds otherwise, is still unmodelled."""

from __future__ import annotations

import pytest
from program_checks import migrated_with_reasons

PROGRAM = """{imports}
import numpy as np
import tensorflow as tf
{extra}

class Model({declared}):
    def __init__(self, n_in):
        self.x = tf.placeholder(tf.float32, shape=[None, n_in], name="x")
        self.y = tf.placeholder(tf.float32, shape=[None, 1], name="y")
        self.w = tf.Variable(tf.zeros([n_in, 1]), name="w")
        self.loss = tf.reduce_mean(tf.square(tf.matmul(self.x, self.w) - self.y))
        self.train_op = tf.train.GradientDescentOptimizer(0.1).minimize(self.loss)


xs = np.arange(12, dtype=np.float32).reshape(6, 2) / 10
ys = xs.sum(axis=1, keepdims=True)
model = Model(2)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        _, loss = sess.run([model.train_op, model.loss], feed_dict={{model.x: xs, model.y: ys}})
        print(step, loss)
"""


@pytest.mark.parametrize(
    ("imports", "declared"),
    [
        ("from abc import ABCMeta", "metaclass=ABCMeta"),
        ("import abc", "metaclass=abc.ABCMeta"),
        ("from abc import ABC", "ABC"),
        ("import abc", "abc.ABC, object"),
    ],
)
def test_an_abc_metaclass_or_base_is_no_base(imports: str, declared: str) -> None:
    migrated, reasons = migrated_with_reasons(PROGRAM.format(imports=imports, extra="", declared=declared))
    assert not reasons and migrated is not None
    assert "Session" not in migrated and f"class Model({declared}):" in migrated


@pytest.mark.parametrize(
    ("imports", "extra", "declared"),
    [
        ("from abc import ABCMeta", "\n\nclass Meta(type):\n    pass\n", "metaclass=Meta"),
        ("from abc import ABCMeta", "ABCMeta = type", "metaclass=ABCMeta"),
        ("from mylib import ABCMeta", "", "metaclass=ABCMeta"),
        ("from abc import ABCMeta", "", "metaclass=ABCMeta, flag=1"),
    ],
)
def test_another_metaclass_is_still_unmodelled(imports: str, extra: str, declared: str) -> None:
    _, reasons = migrated_with_reasons(PROGRAM.format(imports=imports, extra=extra, declared=declared))
    assert reasons and "class `Model` builds graph ops and has a base class (not modelled)" in reasons[0][1], reasons
