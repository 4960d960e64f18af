"""A bare string in the middle of a graph-building helper (a ``\"\"\"...\"\"\"`` used as a comment, as learners'
notes do) has no effect in TF1 or eagerly: held-out set 10 found it reported as "runs for its side effect", a false
reason that kept the whole program in graph mode."""

from __future__ import annotations

from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate

PROGRAM = '''import tensorflow as tf

tf.set_random_seed(1)


def centred(x):
    mean = tf.reduce_mean(x, 0)
    """
    subtract the column means
    """
    shifted = x - mean
    "a single-quoted note"
    return shifted


x = tf.placeholder(tf.float32, [None, 2])
y = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.random_normal([2, 1], seed=3))
b = tf.Variable(tf.zeros([1]))
out = tf.matmul(centred(x), w) + b
loss = tf.reduce_mean(tf.square(out - y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
data_x = [[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [2.0, 1.0]]
data_y = [[1.0], [2.0], [3.0], [5.0]]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(30):
        _, value = sess.run([train, loss], feed_dict={x: data_x, y: data_y})
        if step % 10 == 0:
            print(step, value)
'''


def test_a_string_statement_in_a_helper_is_no_reason_and_the_true_one_is_named() -> None:
    assert not [r for r in reasons(PROGRAM) if "side effect" in r]
    with_effect = PROGRAM.replace('    "a single-quoted note"\n', "    tf.add(x, 1)\n")
    (found,) = reasons(with_effect)
    assert "`tf.add(x, 1)` runs for its side effect" in found, found
    assert "subtract the column means" not in found


def test_the_helper_with_string_comments_runs_eagerly_with_the_baseline_numbers() -> None:
    program = Program("string_statements", PROGRAM, {"random": "seeded", "source": "tfmigrate", "licence": "-"})
    assert_session_free_with_baseline_numbers(evaluate([program])["string_statements"])
