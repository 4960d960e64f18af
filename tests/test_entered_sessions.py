"""TFM201 on a graph class owning its Session and entering it in a method (session/class_session_blocks.py): the
char-RNN trainers' ``self.session = tf.Session()`` in the constructor and ``with self.session as sess:`` in
``train()``, the class constructed in ``main()`` (argparse arguments): read as ``self.session`` run by the method,
the migrated program prints the TF1 numbers and resumes from the TF1 Saver checkpoint on real TensorFlow. A block
asking for the default Session, or a method reading the name after the block, keeps the graph tier."""

from __future__ import annotations

from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

OWNED = """import argparse
import os

import numpy as np
import tensorflow as tf


class Model:
    def __init__(self, n_in, lr=0.05):
        self.n_in = n_in
        self.lr = lr
        tf.reset_default_graph()
        tf.set_random_seed(3)
        self.build_inputs()
        self.build_loss()
        self.saver = tf.train.Saver()
        self.session = tf.Session()

    def build_inputs(self):
        self.x = tf.placeholder(tf.float32, [None, self.n_in], name="x")
        self.y = tf.placeholder(tf.float32, [None, 1], name="y")

    def build_loss(self):
        self.w = tf.Variable(tf.random_normal([self.n_in, 1], stddev=0.5), name="w")
        self.b = tf.Variable(tf.zeros([1]), name="b")
        self.loss = tf.reduce_mean(tf.square(tf.matmul(self.x, self.w) + self.b - self.y))
        self.optimizer = tf.train.GradientDescentOptimizer(self.lr).minimize(self.loss)

    def train(self, xs, ys, steps):
        with self.session as sess:
            sess.run(tf.global_variables_initializer())
            if os.path.exists(os.path.join("ck", "checkpoint")):
                self.saver.restore(sess, tf.train.latest_checkpoint("ck"))
            for step in range(steps):
                l, _ = sess.run([self.loss, self.optimizer], feed_dict={self.x: xs, self.y: ys})
                print(step, l)
            print(sess.run(self.w).ravel())
            os.makedirs("ck", exist_ok=True)
            self.saver.save(sess, os.path.join("ck", "model"), global_step=steps)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--steps", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.RandomState(0)
    xs = rng.rand(12, 2).astype(np.float32)
    ys = xs.sum(axis=1, keepdims=True) + 0.5
    model = Model(2, args.lr)
    model.train(xs, ys, args.steps)


if __name__ == "__main__":
    main()
"""


def test_a_class_entering_its_own_session_in_a_method_is_rewritten(tmp_path) -> None:
    program = Program("entered_session", OWNED, {"random": "seeded", "checkpoint": "resume"})
    run = evaluate([program], root=tmp_path)["entered_session"]
    text = run.migrated_text or ""
    assert run.baseline.ok and run.session_free, (run.baseline.stderr, text)
    assert run.same_numbers, (run.numbers_match()[1], run.resume_match()[1])
    assert "    def train(self, xs, ys, steps):\n        if os.path.exists(" in text, text
    assert "Session" not in text and "sess" not in text, text


def _kept(source: str) -> str:
    """The one TFM201 follow-up of a program that keeps ``with self.session as sess:`` (the graph tier)."""
    result = migrate_source(source, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert len(ours) == 1 and "with self.session as sess:" in (result.migrated or ""), ours
    return ours[0].message


def test_a_block_asking_for_the_default_session_keeps_the_graph_tier() -> None:
    """``self.w.eval()`` in the block reads the Session the ``with`` made the default: not read as the attribute."""
    source = OWNED.replace("print(sess.run(self.w).ravel())", "print(self.w.eval().ravel())")
    assert "function `self.train`: it runs the graph" in _kept(source)


def test_the_name_read_after_the_block_keeps_the_graph_tier() -> None:
    """``sess`` read after the ``with`` (TF1 closed the Session there): the name is not the attribute everywhere."""
    source = OWNED.replace(
        '            self.saver.save(sess, os.path.join("ck", "model"), global_step=steps)\n',
        '            self.saver.save(sess, os.path.join("ck", "model"), global_step=steps)\n        print(sess)\n',
    )
    assert "function `self.train`: it runs the graph" in _kept(source)
