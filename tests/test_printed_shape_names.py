"""A static shape, or a dimension of one, bound to a name that is printed later (session/shapes.py), on TF 2.21.

``n = X.shape[0]; print(n)``: TF1's ``n`` is a ``Dimension`` printed ``?`` when unknown, the eager one ``None``
(``s = X.shape; print(s)``: ``(?, 3)`` against ``(None, 3)``), and TF1's unknown ``Dimension`` is not None
(``X.shape[0] is None`` is False, eagerly True). The check on printed dimensions read only a subscript written
inside the print, so the name's print went eager with ``None``. A name whose dimensions the declared shape knows
prints and compares alike and runs eagerly; one that may be unknown keeps the graph tier (TF1's text).
"""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_printing_the_baselines_text, reasons
from session_harness import Program, evaluate

PROGRAM = """\
import tensorflow as tf

X = tf.placeholder(tf.float32, [None, 3])
K = tf.placeholder(tf.float32, [2, 3])
W = tf.Variable(tf.ones([3, 1]))
{reads}
y = tf.matmul(X, W)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={{X: [[1.0, 2.0, 3.0]]}}))
"""

PRINTED = "a static shape or a dimension of one that may be unknown, is printed (TF1 printed `?`"
COMPARED = "a static shape's dimension that may be unknown is compared (TF1's unknown Dimension is not None"


@pytest.mark.parametrize(
    ("reads", "why"),
    [
        pytest.param("n = X.shape[0]\nprint(n)", f"`n`, {PRINTED}", id="dimension"),
        pytest.param("n = X.get_shape()[0]\nprint('batch %s' % n)", f"`n`, {PRINTED}", id="formatted"),
        pytest.param("n = X.shape[0]\nprint(f'{n} rows')", f"`n`, {PRINTED}", id="f-string"),
        pytest.param("n, d = X.shape\nprint(d, n)", f"`n`, {PRINTED}", id="unpacked"),
        pytest.param("s = X.shape\nprint(s)", f"`s`, {PRINTED}", id="whole shape"),
        pytest.param("rows = X.shape[0]\nprint(rows is None)", COMPARED, id="compared through a name"),
        pytest.param("print('rows')\nif X.shape[0] is None:\n    print('any batch')", COMPARED, id="compared"),
    ],
)
def test_an_unknown_dimension_printed_or_compared_keeps_the_graph_tier(reads: str, why: str) -> None:
    (reason,) = reasons(PROGRAM.format(reads=reads))
    assert why in reason and "(line 7)" in reason, reason


def test_names_holding_known_dimensions_print_tf1s_text_eagerly() -> None:
    reads = "n = X.shape[1]\nm, d = X.shape\ns = K.get_shape()\nprint(n, d, s, n == 3, d is None)"
    program = Program("printed_known_shape_names", PROGRAM.format(reads=reads), {"random": "none"})
    outcome = evaluate([program])[program.name]
    assert "3 3 (2, 3) True False\n" in outcome.baseline.stdout, outcome.baseline.stdout
    assert_session_free_printing_the_baselines_text(outcome)
