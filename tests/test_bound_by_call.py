"""A shared value bound by one call of its own function (bound_values.own_trees), as a person writes it.

values37 bound every value a function's tree read twice as a local, writing the body of each out again: hunkim's
``cost`` read ``hypothesis`` twice and became ``X = tf.cast(X); hypothesis_value = tf.sigmoid(tf.matmul(X, W) + b)``
beside a ``def hypothesis`` the program still fetched. A value whose tree shares nothing with the rest of the
reader's tree, and whose function stays, is now ``hypothesis_value = hypothesis(X)``; a value whose sub-value the
reader also reads around it is still written out, its sub-value bound once.
"""

from __future__ import annotations

from pathlib import Path

from program_checks import assert_session_free_with_baseline_numbers, eager
from session_harness import Program, evaluate

XOR_NN = (Path(__file__).parent / "programs" / "hunkim_lab09_2_xor_nn.py").read_text()

# ``out`` is read twice by ``cost`` and reads ``h``, which ``cost`` also reads itself: ``out`` is written out (its
# call would compute ``h`` a second time), ``h`` (fetched, its tree sharing nothing) is one call
AROUND = """
import numpy as np
import tensorflow as tf

X = tf.placeholder(tf.float32, [None, 3])
W = tf.Variable(tf.truncated_normal([3, 4], stddev=0.5, seed=1))
V = tf.Variable(tf.truncated_normal([4, 2], stddev=0.5, seed=2))
h = tf.tanh(tf.matmul(X, W))
out = tf.matmul(h, V)
cost = tf.reduce_mean(out * out) + tf.reduce_mean(h)
train = tf.train.GradientDescentOptimizer(0.1).minimize(cost)

data = np.random.RandomState(0).rand(5, 3).astype(np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(4):
        print(step, sess.run([cost, train], feed_dict={X: data})[0])
    hidden, scores = sess.run([h, out], feed_dict={X: data})
    print(hidden, scores)
"""


def _function(text: str, name: str) -> str:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"def {name}("))
    end = next((i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].startswith(" ")), len(lines))
    return "\n".join(lines[start:end])


def test_the_shared_hypothesis_is_one_call_of_its_function() -> None:
    cost = _function(eager(XOR_NN), "cost")
    assert "    hypothesis_value = hypothesis(X)\n" in cost, cost
    assert "layer1_value" not in cost and "X = tf.cast" not in cost, cost  # nothing of its body written again


def test_a_value_whose_sub_value_is_read_around_it_is_written_out() -> None:
    cost = _function(eager(AROUND), "cost")
    assert "h_value = h(X)" in cost and "out_value = tf.matmul(h_value, V)" in cost, cost
    assert cost.count("h(X)") == 1 and "out(" not in cost, cost


def test_the_program_prints_tf1s_numbers() -> None:
    meta = {"random": "seeded", "source": "tfmigrate", "licence": "-"}
    run = evaluate([Program("bound_by_call_around", AROUND, meta)])["bound_by_call_around"]
    assert_session_free_with_baseline_numbers(run)
    assert "h_value = h(X)" in run.migrated_text, run.migrated_text
