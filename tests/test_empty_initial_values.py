"""``tf.Variable([])``: an empty list as a variable's initial value (session/initial_values.py), on TF 2.21.

TF1 and eager TF2 both make it a float32 variable of shape ``(0,)`` (``[[]]``: ``(1, 0)``; with ``dtype=`` that
dtype, strings included), and an initializer run again assigns it ``[]``. Checked while reviewing the initial
values: the eager program prints TF1's text, an initializer run again and a second Session included.
"""

from __future__ import annotations

from program_checks import assert_session_free_printing_the_baselines_text
from session_harness import Program, evaluate

EMPTY = """\
import tensorflow as tf

v = tf.Variable([])
w = tf.Variable([], dtype=tf.int32, name="w")
s = tf.Variable([], dtype=tf.string)
m = tf.Variable([[]])
total = tf.reduce_sum(v) + 1.0
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(v), sess.run(w), sess.run(s), sess.run(m), sess.run(total))
    sess.run(tf.global_variables_initializer())
    print(sess.run([v, w, m]))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(v), sess.run(tf.shape(m)))
"""


def test_empty_list_initial_values_print_tf1s_text_eagerly() -> None:
    program = Program("empty_initial_values", EMPTY, {"random": "none"})
    outcome = evaluate([program])[program.name]
    assert "array([], shape=(1, 0), dtype=float32)" in outcome.baseline.stdout, outcome.baseline.stdout
    assert_session_free_printing_the_baselines_text(outcome)
