"""``tf.constant([1., 2.], shape=(2, 3))``: TF1 pads a value with fewer elements than its shape by repeating the
last one; TF2's ``tf.constant`` (and ``tf.compat.v1.constant`` in eager code) raises a TypeError. Held-out set 9
found a migrated program that stopped on it. Such a call becomes ``tf.compat.v1.constant`` (graph mode keeps TF1's
fill) and its Session program keeps the graph tier with that reason; a scalar, an exact element count and TF2 code
stay as they are. Run on TF 2.21: the migrated program prints the baseline's numbers.
"""

from __future__ import annotations

import pytest
from program_checks import assert_baseline_numbers
from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.config import Options
from tfmigrate.transforms._tf1 import constant_may_fill

PROGRAM = """\
import tensorflow as tf

padded = tf.constant([1.0, 2.0], shape=(2, 3))
positional = tf.constant([7], tf.float32, [2, 2])
scalar = tf.constant(-1.0, shape=[2, 3])
exact = tf.constant([1, 2, 3, 4, 5, 6], shape=[2, 3])
with tf.Session() as sess:
    print(sess.run([padded, positional, scalar, exact]))
"""


@pytest.fixture(scope="module")
def outcome():
    program = Program("constant_fill", PROGRAM, {"random": "none", "source": "tfmigrate", "licence": "-"})
    return evaluate([program])["constant_fill"]


def test_a_padded_constant_runs_in_the_graph_tier_with_the_baseline_numbers(outcome) -> None:
    assert_baseline_numbers(outcome)
    text = outcome.migrated_text
    assert "padded = tf.compat.v1.constant([1.0, 2.0], shape=(2, 3))" in text, text
    assert "positional = tf.compat.v1.constant([7], tf.float32, [2, 2])" in text, text
    assert "scalar = tf.constant(-1.0, shape=[2, 3])" in text, text
    assert "exact = tf.constant([1, 2, 3, 4, 5, 6], shape=[2, 3])" in text, text
    reasons = [f.message for f in outcome.migration.followups if f.code == "TFM201"]
    assert len(reasons) == 1 and "pads its value to `shape`" in reasons[0] and "(line 3)" in reasons[0], reasons


def test_constants_that_cannot_pad_leave_the_session_program_eager() -> None:
    source = PROGRAM.replace("[1.0, 2.0], shape=(2, 3)", "[1.0, 2.0], shape=(2,)").replace(
        "[7], tf.float32", "7.0, tf.float32"
    )
    result = migrate_source(source, Options(), "p.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    assert "compat.v1" not in result.migrated, result.migrated


def test_tf2_code_with_a_shaped_constant_is_byte_identical() -> None:
    source = "import tensorflow as tf\n\n\ndef f(values, n):\n    return tf.constant(values, shape=[n])\n"
    assert migrate_source(source, Options(), "p.py").migrated == source


@pytest.mark.parametrize(
    ("value", "shape", "tf1_code", "fills"),
    [
        ("[1.0, 2.0]", "(2, 3)", False, True),
        ("[[1, 2], [3, 4]]", "[2, 2]", False, False),
        ("[[1, 2], [3, 4]]", "[4]", False, False),
        ("0.1", "[784, 10]", False, False),
        ("-1", "[3]", False, False),
        ("[5]", "3", False, True),
        ("[1, 2, 3]", "None", False, False),
        ("values", "[3]", True, True),
        ("values", "[3]", False, False),
        ("[1, 2]", "shape", True, True),
        ("0.1", "shape", True, False),
        ("-0.5", "[n, 3]", True, False),
    ],
)
def test_the_fill_predicate(value: str, shape: str, tf1_code: bool, fills: bool) -> None:
    assert constant_may_fill(value, None if shape == "None" else shape, tf1_code) is fills
