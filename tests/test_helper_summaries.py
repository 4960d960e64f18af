"""Summaries a helper registers for ``tf.summary.merge_all()``: the tutorials' ``variable_summaries(var)`` called per
layer (TensorFlow's mnist_with_summaries and its copies), read at each call (inlined_helpers.py).

Run on TF 2.21: the migrated program writes the events its TF1 original wrote, with the same tags (TF1's unique
names: ``mean_1`` after ``tf.reduce_mean`` made ``Mean`` in the scope), steps and values. A summary named as an op
in a scope whose ops are not all listed in tf_scope_names.json keeps the graph tier, as an image summary with a
``family`` does.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from program_checks import reasons, summary_events
from session_harness import evaluate, graph_markers, load_programs
from timeouts import limit

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

PROGRAMS = ["tfdocs_mnist_with_summaries_layers", "tfmigrate_variable_summaries_scopes"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("helper-summaries")
    return root, evaluate(load_programs(PROGRAMS), root=root)


def _close(want, got) -> bool:
    if isinstance(want, tuple):
        return len(want) == len(got) and all(_close(a, b) for a, b in zip(want, got))
    return math.isclose(want, got, rel_tol=1e-5, abs_tol=1e-6)


@pytest.mark.parametrize("name", PROGRAMS)
def test_the_migrated_program_writes_the_tf1_events(runs, name) -> None:
    root, outcomes = runs
    outcome = outcomes[name]
    assert outcome.baseline.ok, outcome.baseline.stderr[-2000:]
    assert outcome.session_free, (outcome.leftovers, [f.message for f in outcome.migration.followups])
    assert not graph_markers(outcome.migrated_text)
    same, why = outcome.numbers_match()
    assert same, why
    want, got = summary_events(root / "base" / name), summary_events(root / "mig" / name)
    assert want, "the TF1 baseline wrote no summaries"
    assert all(isinstance(value, (float, tuple)) for value in want.values()), "only scalars and histograms"
    assert sorted(got) == sorted(want)
    different = [key for key in want if not _close(want[key], got[key])]
    assert not different, [(key, want[key], got[key]) for key in different[:3]]


def test_the_tags_are_tf1s_unique_names(runs) -> None:
    root, _ = runs
    tags = {tag for _, tag, _ in summary_events(root / "base" / "tfdocs_mnist_with_summaries_layers")}
    for layer in ("layer1", "layer2"):
        for part in ("weights", "biases"):
            for name in ("mean_1", "stddev_1", "max_1", "min_1", "histogram"):
                assert f"{layer}/{part}/summaries/{name}" in tags, sorted(tags)
        assert f"{layer}/Wx_plus_b/pre_activations" in tags
        assert f"{layer}/activations" in tags
    assert {"cross_entropy_1", "accuracy_1"} <= tags


HELPER = """\
import tensorflow as tf


def variable_summaries(var):
    with tf.name_scope("summaries"):
        mean = tf.reduce_mean(var)
        tf.summary.scalar("mean", mean)
        tf.summary.histogram("histogram", var)


x = tf.placeholder(tf.float32, [None, 2])
with tf.name_scope("layer"):
    w = tf.Variable(tf.ones([2, 2]))
    variable_summaries(w)
    y = tf.matmul(x, w)
merged = tf.summary.merge_all()
with tf.Session() as sess:
    writer = tf.summary.FileWriter("logs")
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        writer.add_summary(sess.run(merged, feed_dict={x: [[1.0, 2.0]]}), i)
"""


def test_a_helper_summary_is_read_at_each_call() -> None:
    text = migrate_source(HELPER, Options(), "helper.py").migrated
    assert text is not None and "Session" not in text, text
    assert 'tf.raw_ops.ScalarSummary(tags="layer/summaries/mean_1", ' in text, text
    assert 'tf.raw_ops.HistogramSummary(tag="layer/summaries/histogram", values=w)' in text, text


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(
            ("        mean = tf.reduce_mean(var)\n", "        mean = tf.reduce_mean(tf.nn.softplus(var))\n"),
            "the summary name `mean` may meet a TensorFlow op's default name",
            id="unlisted-op-in-scope",
        ),
        pytest.param(
            (
                '        tf.summary.histogram("histogram", var)\n',
                '        tf.summary.image("image", var, family="w")\n',
            ),
            "tf.summary.image arguments beyond a name, a value and max_outputs (family, collections)",
            id="image-family",
        ),
    ],
)
def test_what_cannot_be_shown_keeps_the_graph_tier(change, reason) -> None:
    messages = reasons(HELPER.replace(*change))
    assert any(reason in m for m in messages), messages


def test_the_scope_name_table_is_current() -> None:
    """tools/gen_scope_names.py run against the installed TensorFlow gives the stored table. In a process of its own:
    the generator switches TF1 behaviour on (``disable_v2_behavior``) for good, which would leave this pytest worker
    in graph mode for every test after it."""
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, str(root / "tools" / "gen_scope_names.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=limit(300),
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(root), os.environ.get("PYTHONPATH"))))},
    )
    assert done.returncode == 0, f"tfmigrate/data/tf_scope_names.json is stale: {done.stdout}{done.stderr[-2000:]}"
