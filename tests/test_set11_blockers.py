"""Blockers held-out set 11 found in real TF1 book programs (issue 16), each a shape of its own: Session runs
written with ``Session.run``'s parameter names (``sess.run(fetches=[train, loss], feed_dict=...)``), ..."""

from __future__ import annotations

import libcst as cst
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
