"""TFM201 on a model class constructed inside the program's one ``with tf.Graph().as_default():`` block in a
function (CS224n's ``test_softmax_model``, session/graph_blocks.py): the block read as the program's graph, and the
neighbours whose graph could be told apart from TF1's keep the graph tier, with the line and the reason. The
numbers: tests/fixtures/TFM201/eager_class_built_in_a_graph_block.before.py."""

from __future__ import annotations

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

PROGRAM = """import numpy as np
import tensorflow as tf


class Model(object):
    def __init__(self, size):
        self.x = tf.placeholder(tf.float32, [None, size])
        w = tf.Variable(tf.ones([size, 1]))
        self.loss = tf.reduce_sum(tf.matmul(self.x, w))
        self.train_op = tf.train.GradientDescentOptimizer(0.1).minimize(self.loss)

    def fit(self, sess, inputs):
        for step in range(3):
            _, loss = sess.run([self.train_op, self.loss], feed_dict={{self.x: inputs}})
            print(step, loss)


def main():
    inputs = np.ones((2, 3), np.float32)
{outside}    with tf.Graph().as_default():
        model = Model(3)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            model.fit(sess, inputs)
{after}

if __name__ == "__main__":
    main()
"""


def _followups(outside: str = "", after: str = "") -> tuple[list[tuple[int, str]], str]:
    result = migrate_source(PROGRAM.format(outside=outside, after=after), Options(), "program.py")
    return [(f.line, f.message) for f in result.followups if f.code == "TFM201"], result.migrated or ""


def test_the_graph_block_is_read_as_the_program_graph() -> None:
    followups, migrated = _followups()
    assert followups == [], followups
    assert "Session" not in migrated and "as_default" not in migrated, migrated
    assert "    model = Model(3)\n" in migrated, migrated


@pytest.mark.parametrize(
    "outside, after, line, reason",
    [
        pytest.param(
            "    tf.set_random_seed(1)\n",
            "",
            20,
            "when nothing outside it uses TensorFlow: this line does, in the other graph",
            id="a seed set in the default graph before the block",
        ),
        pytest.param(
            "",
            "    print(len(tf.global_variables()))\n",
            25,
            "when nothing outside it uses TensorFlow: this line does, in the other graph",
            id="the default graph read after the block",
        ),
        pytest.param(
            "    spare = tf.Graph()\n",
            "",
            20,
            "when the program builds no other tf.Graph: eager TF2 has one",
            id="a second tf.Graph",
        ),
    ],
)
def test_a_graph_told_apart_from_tf1s_keeps_the_graph_tier(outside: str, after: str, line: int, reason: str) -> None:
    followups, migrated = _followups(outside, after)
    assert [at for at, _ in followups] == [line], followups
    assert (
        "inside a `with tf.Graph().as_default():` block, read as the program's graph only " + reason
        in (followups[0][1])
    )
    assert "disable_v2_behavior" in migrated
