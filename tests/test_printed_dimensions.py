"""A dimension of a static shape printed (session/shapes.py), run on TF 2.21.

TF1's ``x.shape[0]`` is a ``Dimension``, printed ``?`` when unknown; the eager ``tf.TensorShape`` holds ``None``
there, printed ``None``. A printed dimension the declared shape knows (an integer) prints alike and runs eagerly;
one that may be unknown keeps the graph tier, which prints TF1's text.
"""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_printing_the_baselines_text, reasons
from session_harness import Program, evaluate

UNKNOWN = """\
import tensorflow as tf

X = tf.placeholder(tf.float32, [None, 3])
W = tf.Variable(tf.zeros([3, 2]))
y = tf.matmul(X, W)
print("batch:", X.shape[0], "features:", X.get_shape()[1])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, {X: [[1.0, 2.0, 3.0]]}))
"""

KNOWN = UNKNOWN.replace('print("batch:", X.shape[0], "features:", X.get_shape()[1])', 'print("features:", X.shape[1])')


def test_an_unknown_printed_dimension_keeps_the_graph_tier_which_prints_tf1s_question_mark() -> None:
    assert reasons(UNKNOWN) == [
        "Session program kept in graph mode (tf.compat.v1 + disable_v2_behavior): a dimension of a static shape "
        "printed that may be unknown (TF1 printed `?`, the eager TensorShape prints `None`) (line 6); rewrite that "
        "part by hand (tf.function, tf.GradientTape) and the rest can run eagerly"
    ]
    program = Program("printed_unknown_dimension", UNKNOWN, {"random": "none"})
    outcome = evaluate([program])[program.name]
    assert outcome.baseline.ok and "batch: ? features: 3" in outcome.baseline.stdout, outcome.baseline.stdout
    assert outcome.runs and outcome.migrated.stdout == outcome.baseline.stdout, outcome.migrated_text


def test_a_known_printed_dimension_runs_eagerly_with_tf1s_text() -> None:
    program = Program("printed_known_dimension", KNOWN, {"random": "none"})
    outcome = evaluate([program])[program.name]
    assert "features: 3" in outcome.baseline.stdout
    assert_session_free_printing_the_baselines_text(outcome)


@pytest.mark.parametrize(
    "shown",
    [
        pytest.param('f"batch {X.shape[0]}"', id="an f-string"),
        pytest.param("str(X.shape[0])", id="str()"),
        pytest.param('"batch %s" % X.shape[0]', id="% formatting"),
        pytest.param('"batch {}".format(X.get_shape()[0])', id="str.format"),
    ],
)
def test_an_unknown_dimension_made_text_otherwise_keeps_the_graph_tier_too(shown: str) -> None:
    source = UNKNOWN.replace('"batch:", X.shape[0], "features:", X.get_shape()[1]', shown)
    assert [m for m in reasons(source) if "a dimension of a static shape printed that may be unknown" in m]


def test_a_known_dimension_read_as_a_number_runs_eagerly() -> None:
    assert reasons(UNKNOWN.replace('"batch:", X.shape[0], "features:", X.get_shape()[1]', "int(X.shape[1]) * 2")) == []
