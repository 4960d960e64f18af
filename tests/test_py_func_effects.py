"""A tf.py_func whose host function changes what it did not make (``calls[0] += 1`` on a module-level list) keeps
the graph tier (session/py_funcs.py): TF1 ran it once per run, the eager train step called it once in the loss and
again in the other fetch of the run (TF 2.21: 6 calls for TF1's 3, and other losses from the second step on)."""

from __future__ import annotations

from program_checks import eager, reasons

PROGRAM = """import numpy as np
import tensorflow as tf

calls = [0]


def bump(a):
    calls[0] += 1
    return (a + 0.01 * calls[0]).astype(np.float32)


x = tf.placeholder(tf.float32, [None, 2])
y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable([[0.1], [0.2]])
h = tf.py_func(bump, [x], tf.float32)
pred = tf.matmul(h, W)
loss = tf.reduce_mean(tf.square(pred - y))
acc = tf.reduce_mean(h) + tf.reduce_mean(pred)
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(3):
        _, l, a = sess.run([train, loss, acc], feed_dict={x: np.ones([2, 2], np.float32), y: np.ones([2, 1], np.float32)})
        print(l, a)
    print(calls[0], sess.run(W).ravel())
"""


def test_a_py_func_changing_a_module_level_list_keeps_the_graph_tier() -> None:
    found = reasons(PROGRAM)
    assert found and "the function tf.py_func calls changes `calls` outside it" in found[0], found


def test_a_py_func_changing_only_its_own_values_comes_back_eager() -> None:
    pure = PROGRAM.replace(
        "    calls[0] += 1\n    return (a + 0.01 * calls[0])", "    out = [a]\n    out[0] += 0.01\n    return (out[0])"
    )
    assert pure != PROGRAM
    assert "numpy_function(bump" in eager(pure)
