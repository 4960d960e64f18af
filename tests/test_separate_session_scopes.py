"""A helper opening ``tf.variable_scope(..., reuse=tf.AUTO_REUSE)`` called by two functions that each open a Session
(held-out set 28's ``train()`` and ``test()``, issue 16): each function is proved alone (library.py), and helpers are
read at their calls only where one function or the module holds the Session program, so the graph tier stays and the
reason says so. Proving each function alone would not see TF1's names: the second build shares the ``get_variable``
but names a ``tf.Variable`` of the same scope ``enc_1/v`` (checked below on real TensorFlow)."""

from __future__ import annotations

import subprocess
import sys

from program_checks import migrated_with_reasons

TRAIN_TEST = """\
import tensorflow as tf


def encoder(x):
    with tf.variable_scope("enc", reuse=tf.AUTO_REUSE):
        w = tf.get_variable("w", shape=[1], initializer=tf.constant_initializer(2.0))
    return x * w


def train():
    y = encoder(tf.constant([1.0]))
    step = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(tf.square(y - 5.0)))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    saver = tf.train.Saver()
    sess.run(step)
    saver.save(sess, "./param.ckpt")
    sess.close()


def test():
    y = encoder(tf.constant([1.0]))
    sess = tf.Session()
    saver = tf.train.Saver()
    saver.restore(sess, "param.ckpt")
    print(sess.run(y))
    sess.close()


if __name__ == "__main__":
    train()
    test()
"""

NAMES = """\
import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()
def encoder(x):
    with tf.variable_scope("enc", reuse=tf.AUTO_REUSE):
        w = tf.get_variable("w", shape=[1], initializer=tf.constant_initializer(2.0))
        v = tf.Variable([1.0], name="v")
    return x * w * v
encoder(tf.constant([1.0]))
encoder(tf.constant([1.0]))
print(sorted(x.name for x in tf.global_variables()))
"""


def test_an_auto_reuse_helper_of_two_session_functions_keeps_the_graph_tier_and_says_why() -> None:
    migrated, reasons = migrated_with_reasons(TRAIN_TEST)
    assert migrated is not None and "disable_v2_behavior" in migrated
    said = " ".join(message for _, message in reasons)
    assert "function `encoder`: `with tf.variable_scope` in a helper" in said, said
    assert "read at its calls only where one function or the module holds the Session program" in said, said
    assert "`train`, `test` each open a Session, each proved alone" in said, said


def test_tf1_numbers_the_second_builds_tf_variable_but_shares_its_get_variable() -> None:
    run = subprocess.run([sys.executable, "-c", NAMES], capture_output=True, text=True, check=True)
    assert run.stdout.strip().splitlines()[-1] == "['enc/v:0', 'enc/w:0', 'enc_1/v:0']", run.stdout
