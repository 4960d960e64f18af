"""A bare ``tf.InteractiveSession()`` statement (Stanford CS224d's TensorFlow lecture: ``tf.InteractiveSession()``,
then ``tf.reduce_sum(b, reduction_indices=1).eval()``; held-out set 7's jt_tensorflow_vs_numpy).

Bound to no name, the Session does one thing: it installs itself as the default Session that ``t.eval()`` and
``op.run()`` use. The eager program has none to install: the statement goes, as ``sess = tf.InteractiveSession()``
does, and each ``.eval()`` becomes ``.numpy()``. Run on TF 2.21: the migrated program prints the baseline's numbers.
"""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers
from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

LECTURE = """\
import numpy as np
import tensorflow as tf

tf.InteractiveSession()

data = np.arange(6, dtype=np.float32).reshape(2, 3)
m = tf.constant(data)
w = tf.Variable(tf.ones([3, 2]))
product = tf.matmul(m, w)
x = tf.placeholder(tf.float32, [2])
doubled = x * 2.0
tf.global_variables_initializer().run()
print(product.eval())
print(doubled.eval(feed_dict={x: [1.0, 2.5]}))

a = tf.zeros((2, 2))
b = tf.ones((2, 2))
print(tf.reduce_sum(b, reduction_indices=1).eval())
print(a.get_shape())
a_vec = tf.reshape(a, (1, 4))
print(a_vec.eval())
"""


@pytest.fixture(scope="module")
def outcome():
    program = Program("bare_interactive_session", LECTURE, {"random": "none", "source": "tfmigrate", "licence": "-"})
    return evaluate([program])["bare_interactive_session"]


def test_the_bare_statement_goes_and_eval_reads_numpy_with_the_baseline_numbers(outcome) -> None:
    assert_session_free_with_baseline_numbers(outcome)
    text = outcome.migrated_text
    assert "InteractiveSession" not in text and ".eval(" not in text, text
    assert "print(tf.reduce_sum(b, axis=1).numpy())" in text, text
    assert "print(product().numpy())" in text, text


def test_the_report_names_the_removed_statement() -> None:
    result = migrate_source(LECTURE, Options(), "lecture.py")
    assert any("Session statement removed" in change.message and change.line == 4 for change in result.changes), [
        (change.line, change.message) for change in result.changes
    ]


def test_an_interactive_session_with_arguments_keeps_the_graph_tier() -> None:
    source = LECTURE.replace(
        "tf.InteractiveSession()", "tf.InteractiveSession(config=tf.ConfigProto(log_device_placement=True))"
    )
    messages = [f.message for f in migrate_source(source, Options(), "lecture.py").followups if f.code == "TFM201"]
    assert any("InteractiveSession arguments" in message for message in messages), messages
