"""benchmarks/fed_lists.py compares a migrated program with the form it had before fed lists became tensors: the
"lists" run must be the migration with exactly the constants traced_arguments.py wrote put back to the lists."""

from __future__ import annotations

import sys
from pathlib import Path

from session_harness import Program, load_programs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import fed_lists  # noqa: E402

OWN_CONSTANT = """\
import tensorflow as tf

x_data = [[1.0, 2.0], [3.0, 4.0]]
X = tf.placeholder(tf.float32, [None, 2])
w = tf.Variable(tf.constant([0.5, 0.5], tf.float32))
loss = tf.reduce_mean(tf.square(tf.reduce_sum(X * w, 1) - 1.0))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(3):
        sess.run(train, feed_dict={X: x_data})
    print(sess.run(w))
"""


def test_the_lists_run_undoes_only_the_fed_constants() -> None:
    runs = fed_lists.variants(load_programs(["hunkim_lab06_1_softmax_classifier"])[0])
    assert runs is not None and set(runs) == {"TF1", "lists", "tensors"}
    assert '    optimizer(tf.constant(x_data, "float"), tf.constant(y_data, "float"))\n' in runs["tensors"][0]
    assert "    optimizer(x_data, y_data)\n" in runs["lists"][0]
    assert runs["lists"][0].replace("optimizer(x_data, y_data)", "") == runs["tensors"][0].replace(
        'optimizer(tf.constant(x_data, "float"), tf.constant(y_data, "float"))', ""
    )
    assert runs["TF1"][1] == "graph" and "disable_v2_behavior()" in runs["TF1"][0]


def test_a_constant_the_program_wrote_itself_stays() -> None:
    runs = fed_lists.variants(Program("own_constant", OWN_CONSTANT, {"random": "none"}))
    assert runs is not None
    assert "tf.constant([0.5, 0.5], tf.float32)" in runs["lists"][0]
    assert "train(x_data)" in runs["lists"][0] and "train(tf.constant(x_data, tf.float32))" in runs["tensors"][0]
