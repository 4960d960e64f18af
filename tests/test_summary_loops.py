"""Summaries made in loops over tensors (summary_loops.py): ``for value in [x, w, y]: tf.summary.scalar(value.op.name,
value)`` and ``for var in tf.trainable_variables(): tf.summary.histogram(var.name, var)``.

Run on TF 2.21: the migrated program writes the events its TF1 original wrote, with the same tags (the tensors' TF1 op
names, made unique as TF1 made them: ``weight_1`` after the variable ``weight``), steps and values. Where an op name
cannot be told with certainty the program keeps the graph tier, and the reason says so.
"""

from __future__ import annotations

import math

import pytest
from program_checks import assert_session_free_with_baseline_numbers, eager, reasons, summary_events
from session_harness import evaluate, graph_markers, load_programs

PROGRAMS = ["packt_single_neuron_summaries", "tfmigrate_summary_loop_tensors"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("summary-loops")
    return root, evaluate(load_programs(PROGRAMS), root=root)


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
        assert f'tf.compat.v1.summary.scalar("{tag}", ' in text, text


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
    assert any("inside a loop or branch" in m for m in messages), messages
