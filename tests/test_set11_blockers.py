"""Blockers held-out set 11 found in real TF1 book programs (issue 16), each a shape of its own: Session runs
written with ``Session.run``'s parameter names (``sess.run(fetches=[train, loss], feed_dict=...)``), a fetch that
rebinds the fetched graph names (``a, b, c = sess.run([a, b, c])``), a TensorFlow namespace bound by a plain
assignment (``rnn = tf.nn.rnn_cell``), and a summary helper the program defines but never calls, which was blamed
for the graph tier (a false reason)."""

from __future__ import annotations

import re
from pathlib import Path

import libcst as cst
import pytest
from program_checks import assert_session_free_with_baseline_numbers, eager, reasons
from session_harness import Program, evaluate, load_programs

from tfmigrate.api import migrate_source
from tfmigrate.config import Options
from tfmigrate.transforms.session import run_keywords

KEYWORD_RUNS = """import numpy as np
import tensorflow as tf

xs = np.linspace(-1.0, 1.0, 12).astype(np.float32).reshape(-1, 1)
x = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.ones([1, 1]))
y = tf.matmul(x, w) * 2.0
init = tf.global_variables_initializer()
with tf.Session() as sess:
    sess.run(fetches=init)
    print(sess.run(fetches=[y, w], feed_dict={x: xs}))
    print(sess.run(y, {x: xs[:2]}))
    print(y.eval(session=sess, feed_dict={x: xs[:3]}))
"""


def _resolve(node: cst.CSTNode) -> str | None:
    """``tf.Session`` as the eager rewrite's resolver names it; nothing else matters to the pass."""
    return "Session" if isinstance(node, cst.Attribute) and node.attr.value == "Session" else None


def test_keyword_fetches_are_read_as_the_positional_fetch() -> None:
    migrated = eager(KEYWORD_RUNS)
    assert "Session" not in migrated and "fetches" not in migrated, migrated


def test_keyword_runs_keep_their_other_refusals_and_the_graph_tier_keeps_the_text() -> None:
    traced = KEYWORD_RUNS.replace(
        "sess.run(fetches=init)",
        "sess.run(fetches=init, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE))",
    )
    (found,) = reasons(traced)
    assert "fetches `init`" not in found, found
    migrated = migrate_source(traced, Options(), "program.py").migrated
    assert migrated is not None and "sess.run(fetches=[y, w], feed_dict={x: xs})" in migrated, migrated


def test_run_of_an_object_that_is_not_a_session_is_not_reordered() -> None:
    source = KEYWORD_RUNS.replace("with tf.Session() as sess:", "sess = Runner()\nif True:")
    assert run_keywords.positional(cst.parse_module(source), _resolve, lambda node: 0) is None
    read = run_keywords.positional(cst.parse_module(KEYWORD_RUNS), _resolve, lambda node: 0)
    assert read is not None and "sess.run(init)" in read[0].code and "sess.run([y, w], feed_dict=" in read[0].code


def test_the_keyword_run_program_is_session_free_with_the_baseline_numbers() -> None:
    (program,) = load_programs(["reasons_run_keyword_fetches"])
    assert_session_free_with_baseline_numbers(evaluate([program])[program.name])


def test_inline_keyword_program_runs_with_the_baseline_numbers() -> None:
    program = Program("keyword_runs", KEYWORD_RUNS, {"random": "none", "source": "tfmigrate", "licence": "-"})
    assert_session_free_with_baseline_numbers(evaluate([program])["keyword_runs"])


REBOUND_FETCHES = """import tensorflow as tf

a = tf.constant([1.0, 2.0])
w = tf.Variable([3.0, 4.0])
c = a * w + 1.0
init = tf.global_variables_initializer()
with tf.Session() as sess:
    sess.run(init)
    a, w, c = sess.run([a, w, c])
    print(a, w, c)
print(c.sum())
"""


def test_a_fetch_rebinding_the_fetched_names_renames_them_from_there_on() -> None:
    migrated = eager(REBOUND_FETCHES)
    assert "a_value, w_value, c_value = " in migrated and "print(a_value, w_value, c_value)" in migrated, migrated
    assert "print(c_value.sum())" in migrated, migrated


def test_a_rebound_name_read_by_a_function_keeps_the_graph_tier() -> None:
    called = REBOUND_FETCHES.replace("print(c.sum())", "def total():\n    return w.sum()\n\n\nprint(total())")
    (found,) = reasons(called)
    assert "line 9 rebinds" in found, found


def test_a_fetched_name_bound_again_takes_a_fresh_name_at_each_binding() -> None:
    """Straight-line bindings after the fetch are renamed too (later_rebinds.py, held-out set 12)."""
    again = eager(REBOUND_FETCHES.replace("print(c.sum())", "w = w * 2\nprint(w)"))
    assert "a_value, w_1, c_value = " in again and "w_2 = w_1 * 2\nprint(w_2)" in again, again


def test_a_program_proved_as_written_keeps_its_names() -> None:
    written = REBOUND_FETCHES.replace("w = tf.Variable([3.0, 4.0])", "w = tf.constant([3.0, 4.0])")
    assert "a_value" not in eager(written.replace("    sess.run(init)\n", ""))


def test_the_rebinding_program_is_session_free_with_the_baseline_numbers() -> None:
    (program,) = load_programs(["reasons_fetch_rebinds_names"])
    assert_session_free_with_baseline_numbers(evaluate([program])[program.name])


ALIASED_NAMESPACES = """import numpy as np
import tensorflow as tf

rnn = tf.nn.rnn_cell
layers = tf.layers
x = tf.placeholder(tf.float32, [None, 4, 3])
cell = rnn.BasicLSTMCell(5)
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
score = layers.dense(outputs[:, -1, :], 1, kernel_initializer=tf.ones_initializer())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(score, feed_dict={x: np.ones((2, 4, 3), np.float32)}).shape)
"""


def test_a_namespace_bound_by_assignment_reads_as_the_namespace() -> None:
    migrated = eager(ALIASED_NAMESPACES)
    assert "rnn =" not in migrated and "layers = tf" not in migrated, migrated
    assert "TF_USE_LEGACY_KERAS" not in migrated, migrated


def test_the_aliased_namespace_program_runs_with_the_baseline_numbers() -> None:
    meta = {"random": "unseeded", "legacy_keras": True, "source": "tfmigrate", "licence": "-"}
    program = Program("aliased_namespaces", ALIASED_NAMESPACES, meta)
    assert_session_free_with_baseline_numbers(evaluate([program])["aliased_namespaces"])


UNCALLED_HELPER = """import numpy as np
import tensorflow as tf


def variable_summaries(var):
    with tf.name_scope("summaries"):
        mean = tf.reduce_mean(var)
        tf.summary.scalar("mean", mean)
        tf.summary.histogram("histogram", var)


xs = np.linspace(0.0, 1.0, 10).astype(np.float32).reshape(-1, 1)
x = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.zeros([1, 1]), name="w")
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 2.0 * x))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        _, value = sess.run([train, loss], feed_dict={x: xs})
        print(step, value)
"""


def test_a_helper_nothing_calls_is_no_reason_and_stays_as_written() -> None:
    migrated = eager(UNCALLED_HELPER)
    assert "def variable_summaries(var):" in migrated and 'tf.name_scope("summaries")' in migrated, migrated


def test_a_helper_a_decorator_may_register_keeps_its_reason() -> None:
    decorated = UNCALLED_HELPER.replace("def variable_summaries", "@tf.function\ndef variable_summaries")
    (found,) = reasons(decorated)
    assert "variable_summaries" in found, found


def test_the_program_with_an_uncalled_helper_runs_with_the_baseline_numbers() -> None:
    program = Program("uncalled_helper", UNCALLED_HELPER, {"random": "none", "source": "tfmigrate", "licence": "-"})
    assert_session_free_with_baseline_numbers(evaluate([program])["uncalled_helper"])


SOLE_FETCH = re.compile(r"\b(sess|session)\.run\((init|tf\.global_variables_initializer\(\)|[A-Za-z_]\w*)\)")
FIXTURES = Path(__file__).parent / "fixtures" / "TFM201"


@pytest.mark.parametrize(
    "before",
    [
        p
        for p in sorted(FIXTURES.glob("*.before.py"))
        if not p.name.startswith("eager_") and SOLE_FETCH.search(p.read_text())
    ],
    ids=lambda p: p.name.removesuffix(".before.py"),
)
def test_checkpoint_and_graph_tier_fixtures_read_a_keyword_fetch_as_the_positional_one(before: Path) -> None:
    """The checkpoint-only conversion and the graph tier read ``sess.run(fetches=w)`` as ``sess.run(w)``: the
    migration is the same but for the keyword where a run is kept."""
    source = before.read_text()
    positional = migrate_source(source, Options(), "program.py").migrated
    keyword = migrate_source(SOLE_FETCH.sub(r"\1.run(fetches=\2)", source), Options(), "program.py").migrated
    assert keyword is not None and positional is not None
    assert keyword.replace(".run(fetches=", ".run(") == positional
