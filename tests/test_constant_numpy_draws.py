"""numpy draws in a graph value computed from constants alone (held-out set 25's xh_word2vec: ``embedding =
tf.constant(np.random.rand(4, 10))``, refused: "the graph calls `np.random.rand`, which tfmigrate cannot prove
eager-safe"). TF1 draws once, when the statement builds the graph; the eager program evaluates such a value once,
where it stands (numpy_draws.py), so the draws come in the same count and order. Run on real TensorFlow, numpy
seeded: session-free with the baseline's numbers, at module level and in a function. A draw in a value the eager
program computes per run stays refused, saying why.
"""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, at_module_level, reasons
from session_harness import Program, evaluate

SOURCE = """\
import numpy as np
import tensorflow as tf


def main():
    np.random.seed(3)
    ids = tf.constant([[1, 2], [0, 3]])
    table = tf.constant(np.random.rand(4, 3).astype(np.float32))
    rows = tf.nn.embedding_lookup(table, ids)
    x = tf.placeholder(tf.float32, [None, 3])
    w = tf.Variable(np.random.uniform(-1.0, 1.0, (3, 1)).astype(np.float32))
    target = tf.reduce_sum(rows)
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - target))
    step = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print(sess.run(rows))
        for i in range(4):
            feed = np.random.rand(5, 3).astype(np.float32)
            print(i, sess.run([loss, step], {x: feed})[0])
        print(sess.run(w))


if __name__ == '__main__':
    main()
"""
MODULE_LEVEL = at_module_level(SOURCE)
META = {"random": "seeded", "source": "tfmigrate", "licence": "-"}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([Program("draws_in_function", SOURCE, META), Program("draws_at_module_level", MODULE_LEVEL, META)])


@pytest.mark.parametrize("name", ["draws_in_function", "draws_at_module_level"])
def test_a_constant_drawn_by_numpy_is_drawn_once_in_place(outcomes, name) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    assert "table = tf.constant(np.random.rand(4, 3).astype(np.float32))" in outcome.migrated_text


@pytest.mark.parametrize("source", [SOURCE, MODULE_LEVEL], ids=["function", "module"])
def test_a_draw_in_a_value_computed_per_run_stays_refused(source) -> None:
    unsafe = source.replace("tf.matmul(x, w) - target", "tf.matmul(x, w) - target + tf.constant(np.random.rand())")
    found = reasons(unsafe)
    why = "the graph calls `np.random.rand`, a numpy draw TF1 made once, when it built the graph, and not shown"
    assert len(found) == 1 and why in found[0], found
