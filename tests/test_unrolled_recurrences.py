"""A recurrence unrolled by a Python ``for`` over graph values at graph-build time (held-out 22, rp_binary_add):
``state = init_state; for x in tf.unstack(inputs, axis=1): state = tf.tanh(... + tf.matmul(state, H))``, the last
state fetched and fed back through the placeholder next run. Not modelled: the graph tier keeps it, and the reason
names the loop over the graph value and the recurrence (it read as a run-time rebinding before; loop_rebinds.py)."""

from __future__ import annotations

from program_checks import reasons_by_line

PROGRAM = """\
import numpy as np
import tensorflow as tf

np.random.seed(0)
W = tf.Variable(np.random.rand(1, 4) - 0.5, dtype=tf.float32)
H = tf.Variable(np.random.rand(4, 4) - 0.5, dtype=tf.float32)
V = tf.Variable(np.random.rand(4, 1) - 0.5, dtype=tf.float32)
inputs = tf.placeholder(tf.float32, [1, 5])
target = tf.placeholder(tf.float32, [1, 1])
init_state = tf.placeholder(tf.float32, [1, 4])

state = init_state
for x in tf.unstack(inputs, axis=1):
    state = tf.tanh(tf.matmul(tf.reshape(x, [1, 1]), W) + tf.matmul(state, H))
loss = tf.reduce_mean(tf.square(tf.matmul(state, V) - target))
train = tf.train.AdagradOptimizer(0.3).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    last = np.zeros((1, 4))
    for step in range(20):
        seq = np.random.rand(1, 5)
        l, _, last = sess.run([loss, train, state], feed_dict={inputs: seq, target: seq.sum(keepdims=True) / 5,
                                                               init_state: last})
"""


def test_the_reason_names_the_build_time_loop_and_the_recurrence() -> None:
    found = reasons_by_line(PROGRAM)
    assert [line for line, _ in found] == [14], found
    message = found[0][1]
    assert "rebound in the `for` loop over `tf.unstack(inputs, axis=1)` (line 13), a graph value" in message
    assert "unrolls a recurrence" in message and "in a loop around it" not in message


def test_a_loop_over_a_python_range_keeps_its_reason() -> None:
    found = reasons_by_line(
        PROGRAM.replace("for x in tf.unstack(inputs, axis=1):", "for i in range(n_steps):")
        .replace("tf.reshape(x, [1, 1])", "inputs[:, i : i + 1]")
        .replace("state = init_state\n", "n_steps = int(np.sqrt(25))\nstate = init_state\n")
    )
    assert len(found) == 1 and "reads it before the binding, in a loop around it" in found[0][1], found
