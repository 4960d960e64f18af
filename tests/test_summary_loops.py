"""Summaries made in loops over tensors (summary_loops.py): ``for value in [x, w, y]: tf.summary.scalar(value.op.name,
value)`` and ``for var in tf.trainable_variables(): tf.summary.histogram(var.name, var)``.

Run on TF 2.21: the migrated program writes the events its TF1 original wrote, with the same tags (the tensors' TF1 op
names, made unique as TF1 made them: ``weight_1`` after the variable ``weight``), steps and values. Where an op name
cannot be told with certainty the program keeps the graph tier, and the reason says so.
"""

from __future__ import annotations

import math

import pytest
from program_checks import (
    assert_session_free_with_baseline_numbers,
    eager,
    migrated_with_reasons,
    reasons,
    summary_events,
)
from session_harness import evaluate, graph_markers, load_programs

PROGRAMS = [
    "packt_single_neuron_summaries",
    "tfmigrate_summary_loop_tensors",
    "tfmigrate_variable_summaries_reset_sections",
]


UNCLOSED = "thebix_guide3_simple_stats"  # the same loop, its writer never closed (events unflushed at exit)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("summary-loops")
    return root, evaluate(load_programs([*PROGRAMS, UNCLOSED]), root=root)


def _close(want, got) -> bool:
    if isinstance(want, tuple):
        return len(want) == len(got) and all(_close(a, b) for a, b in zip(want, got))
    return math.isclose(want, got, rel_tol=1e-5, abs_tol=1e-6)


@pytest.mark.parametrize("name", PROGRAMS)
def test_the_migrated_program_writes_the_tf1_events(runs, name) -> None:
    root, outcomes = runs
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    assert not graph_markers(outcome.migrated_text)
    want, got = summary_events(root / "base" / name), summary_events(root / "mig" / name)
    assert want, "the TF1 baseline wrote no summaries"
    assert sorted(got) == sorted(want)
    different = [key for key in want if not _close(want[key], got[key])]
    assert not different, [(key, want[key], got[key]) for key in different[:3]]


def test_the_loop_program_whose_writer_is_never_closed_prints_the_baseline_numbers(runs) -> None:
    root, outcomes = runs
    outcome = outcomes[UNCLOSED]
    assert_session_free_with_baseline_numbers(outcome)
    assert 'tf.raw_ops.ScalarSummary(tags="loss_1", values=loss())' in outcome.migrated_text


def test_the_tags_are_the_tensors_op_names_made_unique(runs) -> None:
    """What the comparison above rests on: the baseline's tags are the op names TF1 gave (a positional ``name``, a
    default name in a scope, an operator's), each made unique against the op it names."""
    root, _ = runs
    packt = {tag for _, tag, _ in summary_events(root / "base" / "packt_single_neuron_summaries")}
    assert packt == {"input_value_1", "weight_1", "expected_output_1", "model_1", "loss_function_1"}
    events = summary_events(root / "base" / "tfmigrate_summary_loop_tensors")
    tags = {tag for _, tag, _ in events}
    assert tags == {
        "layer/Variable_1",
        "layer/bias_1",
        "layer/add_1",
        "sub_1",
        "Mean_6",
        "layer/Variable_0",
        "layer/bias_0",
        "loss/train",
        "cost",
    }
    assert sorted({step for _, _, step in events}) == list(range(0, 40, 5))


LOOP = """\
import tensorflow as tf

x = tf.placeholder(tf.float32, name="x")
w = tf.Variable(2.0, name="w")
{middle}
y = tf.multiply(w, x, "y")
for t in [x, w, y]:
    tf.summary.scalar(t.op.name, t)
merged = tf.summary.merge_all()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    writer = tf.summary.FileWriter("logs")
    for i in range(3):
        writer.add_summary(sess.run(merged, feed_dict={{x: float(i)}}), i)
"""


def test_a_loop_over_named_tensors_is_written_one_summary_at_a_time() -> None:
    text = eager(LOOP.format(middle=""))
    assert "for t in" not in text, text
    for tag in ("x_1", "w_1", "y_1"):
        assert f'tf.raw_ops.ScalarSummary(tags="{tag}", ' in text, text


@pytest.mark.parametrize(
    ("middle", "reason"),
    [
        pytest.param(
            "helper_made = make_ops()",
            "named `y.op.name`, a TF1 op name tfmigrate cannot tell",
            id="unknown-call-before-a-default-name",
        ),
    ],
)
def test_an_op_name_that_cannot_be_told_keeps_the_graph_tier(middle, reason) -> None:
    source = "def make_ops():\n    return tf.constant(1.0)\n\n\n" + LOOP.format(middle=middle)
    source = source.replace('y = tf.multiply(w, x, "y")', "y = tf.multiply(w, x)")
    source = "import tensorflow as tf\n\n" + source.replace("import tensorflow as tf\n\n", "")
    messages = reasons(source)
    assert any(reason in m for m in messages), messages


def test_a_trainable_variables_loop_after_a_layer_keeps_the_graph_tier() -> None:
    """A layer makes variables tfmigrate does not list: the loop's tensors are not known, it is not unrolled."""
    source = LOOP.format(middle="h = tf.layers.dense(tf.reshape(x, [1, 1]), 2)").replace(
        "for t in [x, w, y]:\n    tf.summary.scalar(t.op.name, t)",
        "for t in tf.trainable_variables():\n    tf.summary.histogram(t.name, t)",
    )
    messages = reasons(source)
    assert any(
        "a loop over tf.trainable_variables() after a statement that may make variables" in m for m in messages
    ), messages


def test_the_helpers_summaries_carry_their_scopes(runs) -> None:
    root, _ = runs
    tags = {tag for _, tag, _ in summary_events(root / "base" / "tfmigrate_variable_summaries_reset_sections")}
    for scope in ("SETUP", "LR", "LOSS"):
        for name in ("mean_1", "stddev_1", "max_1", "min_1", "histogram"):
            assert f"{scope}/summaries/{name}" in tags, sorted(tags)


HELPERS_BEFORE_RESET = """\
import numpy as np
import tensorflow as tf


def variable_summaries(var):
    with tf.name_scope("summaries"):
        tf.summary.scalar("mean", tf.reduce_mean(var))


def prep_data(n):
    return np.linspace(0.0, 1.0, n).astype(np.float32)


tf.reset_default_graph()
data = prep_data(10)
x = tf.placeholder(tf.float32, [None])
with tf.name_scope("LR"):
    y = tf.layers.dense(tf.reshape(x, [-1, 1]), 1)
{call}
loss = tf.reduce_mean(tf.square(y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
sess = tf.InteractiveSession()
sess.run(tf.global_variables_initializer())
for i in range(3):
    sess.run(train, feed_dict={{x: data}})
"""


@pytest.mark.parametrize("call", ["variable_summaries(y)", ""], ids=["helper-called", "helper-never-called"])
def test_helpers_defined_before_a_reset_are_not_the_reason(call) -> None:
    """Nothing was built before the reset: the program is proved whole, and neither the reset's sections ("no
    Session runs the graph", "belongs to the graph") nor a helper that no call is left for stops it (the layer in
    a name scope, once its blocker, converts since layer_checkpoints: a name scope names ops only)."""
    migrated, messages = migrated_with_reasons(HELPERS_BEFORE_RESET.format(call=call))
    assert messages == [] and "Session" not in (migrated or ""), messages


CROSSING = """\
import numpy as np
import tensorflow as tf


def prep_data(n):
    xs = np.linspace(0.0, 1.0, n).astype(np.float32)
    return xs, 2.0 * xs + 1.0


x_data, y_data = prep_data(10)
a = tf.Variable(0.0)
loss = tf.reduce_mean(tf.square(a * x_data - y_data))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train)
    print(sess.run(a))

tf.reset_default_graph()
x2, y2 = prep_data(20)
{second}
"""


def test_a_numpy_function_crosses_a_reset() -> None:
    """A function of Python values only belongs to no graph: the section after the reset may call it."""
    text = eager(CROSSING.format(second="print(x2.sum())"))
    assert "reset_default_graph" not in text, text
