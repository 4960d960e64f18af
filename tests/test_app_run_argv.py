"""``tf.app.run(main=main, argv=[sys.argv[0]] + unparsed)`` (set 21's argparse + tf.app.run shape,
session/program_calls.py): the argv reaches only ``main``'s parameter, so a ``def main(_)`` never reading it is read
where it is called, as under ``tf.app.run()``; one reading its parameter keeps the refusal (what it gets is the list
after absl parsed its flags, not the expression). The eager run against TF1 is the fixture
``eager_class_built_in_main_run_with_argv``."""

from __future__ import annotations

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

PROGRAM = """import argparse
import sys

import numpy as np
import tensorflow as tf

FLAGS = None


class Net:
    def __init__(self, n_in):
        self.x = tf.placeholder(tf.float32, [None, n_in])
        self.y = tf.placeholder(tf.float32, [None, 1])
        w = tf.Variable(tf.zeros([n_in, 1]))
        self.loss = tf.reduce_mean(tf.square(tf.matmul(self.x, w) - self.y))

    def train(self, steps):
        step = tf.train.GradientDescentOptimizer(0.1).minimize(self.loss)
        X = np.ones([4, 3], np.float32)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for i in range(steps):
                print(i, sess.run([step, self.loss], {self.x: X, self.y: X[:, :1]})[1])


def main(PARAM):
    BODY
    net = Net(3)
    net.train(FLAGS.steps)


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('--steps', type=int, default=3)
    FLAGS, unparsed = parser.parse_known_args()
    RUN
"""


def _migrate(param: str, body: str, run: str) -> tuple[str, list]:
    source = PROGRAM.replace("PARAM", param).replace("BODY", body).replace("RUN", run)
    result = migrate_source(source, Options(), "program.py")
    return result.migrated or "", [f for f in result.followups if f.code == "TFM201"]


@pytest.mark.parametrize(
    "run",
    [
        "tf.app.run(main=main, argv=[sys.argv[0]] + unparsed)",
        "tf.app.run(main, [sys.argv[0]] + unparsed)",
        "tf.app.run(argv=[sys.argv[0]] + unparsed)",
    ],
)
def test_a_main_never_reading_its_argv_is_read_where_tf_app_run_calls_it(run: str) -> None:
    migrated, ours = _migrate("_", "print(FLAGS.steps)", run)
    assert not ours, ours
    assert "Session" not in migrated and "GradientTape" in migrated
    assert "argv=[sys.argv[0]] + unparsed" in migrated or "[sys.argv[0]] + unparsed)" in migrated


@pytest.mark.parametrize(
    "run",
    [
        "tf.app.run(main=main, argv=[sys.argv[0]] + unparsed)",  # main reads what absl left of the list
        "tf.app.run(main, [sys.argv[0]] + unparsed, None)",  # a third argument: not tf.app.run's
        "tf.app.run(main=main, argv=unparsed, other=1)",
    ],
)
def test_a_main_reading_its_argv_or_an_unknown_argument_keeps_the_refusal(run: str) -> None:
    migrated, ours = _migrate(
        "argv", "print(len(argv))" if "other" not in run and "None" not in run else "print(1)", run
    )
    assert ours and "class `Net`" in ours[0].message, ours
    assert "disable_v2_behavior()" in migrated
