"""A comprehension's own variable spelled like a graph value (session/comprehension_scopes.py): in
``[x[0] for x in sess.run(y, feed_dict=...)]`` the ``x`` is the comprehension's, a row of the fetched array, not the
placeholder ``x`` (held-out set 30's dw_iris_workshop printed its predictions so). Read by name, the proof refused it
("`x` is used outside Session.run"), and a rule reading ``x.shape`` or ``x.name`` by name would have answered for
the placeholder. Such a chain is host data and comes out session-free with the TF1 baseline's numbers (run on TF
2.21); a Session run reading such a name keeps the graph tier with that reason."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, evaluate_sources, reasons

HEAD = """import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2])
y = tf.placeholder(tf.int32, [None, 1])
w = tf.Variable(tf.ones([2, 1]))
pred = tf.matmul(x, w)
loss = tf.reduce_mean(tf.square(pred - tf.cast(y, tf.float32)))
train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
data = {x: np.array([[1.0, 2.0], [3.0, 4.0], [0.5, 1.5]]), y: np.array([[1], [0], [2]])}
with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    for _ in range(5):
        session.run(train, feed_dict=data)
    print(session.run(loss, feed_dict=data))
"""
READS = {
    "element": "    print([x[0] for x in session.run(y, feed_dict=data)])\n",
    "shape": "    print([x.shape for x in session.run([pred, w], feed_dict=data)])\n",
    "call": "    print([float(np.sum(x)) for x in session.run(pred, feed_dict=data)])\n",
    "pairs": "    print([float(x[0] - w) for x, w in zip(session.run(pred, feed_dict=data), [1.0, 2.0, 3.0])])\n",
}
META = dict(random="none", source="tfmigrate (held-out set 30's comprehension shape)", licence="-", adapted="-")


def test_a_comprehensions_own_name_is_host_data_and_comes_out_session_free_with_the_baseline_numbers() -> None:
    outcomes = evaluate_sources({name: HEAD + read for name, read in READS.items()}, META)
    for outcome in outcomes.values():
        assert_session_free_with_baseline_numbers(outcome)


@pytest.mark.parametrize(
    "read",
    [
        pytest.param("    print([session.run(pred, feed_dict={x: x}) for x in [data[x]]])\n", id="fed-by-its-own-x"),
        pytest.param("    print([session.run(x) for x in [pred]])\n", id="fetched"),
    ],
)
def test_a_run_reading_a_comprehensions_own_name_keeps_the_graph_tier(read: str) -> None:
    found = reasons(HEAD + read)
    assert any("`x` here is a comprehension's own variable, named like the graph's `x`" in r for r in found), found
