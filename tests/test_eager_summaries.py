"""TF1 summaries after the eager rewrite: the migrated program writes the events its TF1 original wrote.

Each program runs as the TF1 baseline and, migrated, eagerly on TensorFlow 2 (tests/session_harness.py: one
interpreter for the baselines, one for the migrated programs); then both runs' event files are read back and must
hold the same tags, steps and values (histogram statistics and buckets, text tensors), within 1e-5 relative. A
merged summary of scalars and histograms fetched in a loop is written by a ``tf.function`` of TF1's own summary ops
(``tf.raw_ops.ScalarSummary`` / ``HistogramSummary``), not by an eager forward pass every step.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from program_checks import summary_events
from session_harness import PROGRAMS, Program, evaluate, graph_markers

# Name scopes, a tag TF1 made unique (`loss` after the `Loss` scope: `loss_1`), a cleaned name, merge([...]) of
# named ops, a histogram of a placeholder, text, two writers, add_graph, a step read from the global step, a merged
# summary fetched inline in add_summary, and summaries fetched in the run that trains (computed before the update).
SYNTHETIC = """\
import numpy as np
import tensorflow as tf

x_data = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 4.0], [4.0, 3.0]], dtype=np.float32)
y_data = np.array([[3.0], [3.0], [7.0], [7.0]], dtype=np.float32)

X = tf.placeholder(tf.float32, [None, 2], name="X")
Y = tf.placeholder(tf.float32, [None, 1], name="Y")
W = tf.Variable([[0.1], [0.2]], name="W")
b = tf.Variable([0.0], name="b")
global_step = tf.Variable(0, trainable=False, name="global_step")

with tf.name_scope("Model"):
    hypothesis = tf.matmul(X, W) + b
    tf.summary.histogram("hypothesis", hypothesis)
with tf.name_scope("Loss"):
    loss = tf.reduce_mean(tf.square(hypothesis - Y))
loss_summary = tf.summary.scalar("loss", loss)
error = tf.reduce_mean(tf.abs(hypothesis - Y))
error_summary = tf.summary.scalar("abs error", error)
tf.summary.histogram("inputs", X)
tf.summary.text("note", tf.constant("eager"))
train = tf.train.GradientDescentOptimizer(0.01).minimize(loss, global_step=global_step)
merged = tf.summary.merge_all()
train_summaries = tf.summary.merge([loss_summary, error_summary])

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    train_writer = tf.summary.FileWriter("logs/train", sess.graph)
    test_writer = tf.summary.FileWriter("logs/test")
    test_writer.add_graph(sess.graph)
    for step in range(30):
        _, summary, cost = sess.run([train, train_summaries, loss], feed_dict={X: x_data, Y: y_data})
        train_writer.add_summary(summary, step)
        if step % 10 == 0:
            test_writer.add_summary(
                sess.run(merged, feed_dict={X: x_data[:2], Y: y_data[:2]}), global_step=sess.run(global_step)
            )
            print(step, cost)
    train_writer.flush()
    train_writer.close()
    test_writer.close()
"""
# A name rebound to summary ops and never read (a tutorial's `add_hist = ...` twice): only merge_all reaches them.
REBOUND = """\
import tensorflow as tf

a = tf.constant(3.0)
b = tf.placeholder(tf.float32)
add = tf.add(a, b)
mul = tf.multiply(a, b)
hist = tf.summary.scalar("add_scalar", add)
hist = tf.summary.scalar("mul_scalar", mul)
merged = tf.summary.merge_all()
with tf.Session() as sess:
    writer = tf.summary.FileWriter("./board/sample_1", sess.graph)
    for step in range(5):
        value = float(step)
        summary, total = sess.run([merged, add], feed_dict={b: value})
        writer.add_summary(summary, step)
        print(total)
"""
# The held-out logistic regression's shape: `summary, _ = sess.run([merged, train])` every step, a histogram of a
# tensor among the scalars; its summary function is a tf.function (eagerly it cost 4.6 CPU-s against TF1's 0.8).
EVERY_STEP = """\
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
data = rng.randn(200, 2).astype(np.float32)
labels = (data[:, :1] + data[:, 1:] > 0).astype(np.float32)

x = tf.placeholder(tf.float32, [None, 2], name="x")
y = tf.placeholder(tf.float32, [None, 1], name="y")
w = tf.Variable(tf.zeros([2, 1]), name="w")
b = tf.Variable(tf.zeros([1]), name="b")
logits = tf.matmul(x, w) + b
prob = tf.sigmoid(logits)
loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.round(prob), y), tf.float32))
tf.summary.scalar("loss", loss)
tf.summary.scalar("accuracy", accuracy)
tf.summary.histogram("prob", prob)
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
merged = tf.summary.merge_all()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    writer = tf.summary.FileWriter("logs/logreg", sess.graph)
    for i in range(200):
        batch = slice((i * 50) % 200, (i * 50) % 200 + 50)
        summary, _ = sess.run([merged, train], feed_dict={x: data[batch], y: labels[batch]})
        writer.add_summary(summary, i)
        if i % 50 == 0:
            print(i, sess.run([loss, accuracy], feed_dict={x: data, y: labels}))
    print(sess.run(w))
    writer.close()
"""
REAL = "aymeric_tensorboard_basic"  # tests/programs: merge_all fetched with the train op, a FileWriter with the graph
# The tutorial's variable_summaries(var, name) tagging "mean/" + name, per layer (inlined_helpers.py folds the tags).
HELPER = Path(__file__).parent / "fixtures" / "TFM201" / "eager_summary_helper_named_tags.before.py"


def _programs() -> list[Program]:
    real = (PROGRAMS / f"{REAL}.py").read_text() + "summary_writer.close()\n"
    return [
        Program("synthetic_summaries", SYNTHETIC, {"random": "none"}),
        Program("rebound_summaries", REBOUND, {"random": "none"}),
        Program("every_step_summaries", EVERY_STEP, {"random": "none"}),
        Program(REAL, real, {"random": "none"}),
        Program("helper_named_tags", HELPER.read_text(), {"random": "seeded"}),
    ]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("eager-summaries")
    return root, evaluate(_programs(), root=root)


def _close(want, got) -> bool:
    if isinstance(want, float):
        return math.isclose(want, got, rel_tol=1e-5, abs_tol=1e-7)
    if isinstance(want, tuple):
        return len(want) == len(got) and all(_close(float(a), float(b)) for a, b in zip(want, got))
    return want == got


@pytest.mark.parametrize(
    "name", ["synthetic_summaries", "rebound_summaries", "every_step_summaries", REAL, "helper_named_tags"]
)
def test_migrated_program_writes_the_events_its_tf1_original_wrote(runs, name: str) -> None:
    root, outcomes = runs
    outcome = outcomes[name]
    assert outcome.baseline.ok, outcome.baseline.stderr
    assert outcome.session_free, outcome.migrated_text
    assert not graph_markers(outcome.migrated_text)
    assert outcome.runs, outcome.migrated.stderr if outcome.migrated else "not run"
    assert outcome.numbers_match()[0], outcome.numbers_match()[1]
    want, got = summary_events(root / "base" / name), summary_events(root / "mig" / name)
    assert want, "the TF1 baseline wrote no summaries"
    assert sorted(got) == sorted(want)
    different = [key for key in want if not _close(want[key], got[key])]
    assert not different, [(key, want[key], got[key]) for key in different[:3]]


@pytest.mark.parametrize(
    ("name", "traced", "eager"),
    [
        pytest.param(
            "every_step_summaries",
            ['def merged(x, y):\n    return [\n        tf.raw_ops.ScalarSummary(tags="loss", values=loss(x, y)),'],
            [],
            id="merge_all of scalars and a histogram, every step",
        ),
        pytest.param(
            REAL,
            ["def merged_summary_op(x, y):\n    return [\n        tf.raw_ops.ScalarSummary("],
            [],
            id="the tutorial's merge_all beside the train op",
        ),
        pytest.param(
            "synthetic_summaries",
            ["def train_summaries(X, Y):\n    return [\n        tf.raw_ops.ScalarSummary("],
            ["def merged(X, Y):\n    return [\n        tf.compat.v1.summary.histogram("],
            id="merge of scalars traced, merge_all with text eager",
        ),
        pytest.param(
            "rebound_summaries",
            ["def merged(b):\n    return [\n        tf.raw_ops.ScalarSummary("],
            [],
            id="two scalars fetched with a value",
        ),
    ],
)
def test_summaries_fetched_in_a_loop_are_traced_with_tf1s_summary_ops(
    runs, name: str, traced: list[str], eager: list[str]
) -> None:
    """A merged summary of scalars and histograms fetched in a loop is a tf.function of the ops TF1's
    tf.summary.scalar / histogram built (the events above show their values and tags are TF1's); one with a text
    summary stays eager. The step is traced too, so no forward pass runs eagerly every step."""
    text = runs[1][name].migrated_text
    assert text is not None
    for start in traced:
        assert f"@tf.function\n{start}" in text, text
    for start in eager:
        assert start in text and f"@tf.function\n{start}" not in text, text
    if name != "rebound_summaries":  # the rebound program trains nothing
        assert text.count("@tf.function\n") == len(traced) + 1, text


def test_the_synthetic_program_writes_what_it_is_meant_to_show(runs) -> None:
    """The comparison above is only as strong as what the baseline wrote: the tags TF1 made unique and cleaned,
    every kind of summary, both writers, and steps from the global step."""
    root, _ = runs
    events = summary_events(root / "base" / "synthetic_summaries")
    tags = {(directory, tag) for directory, tag, _ in events}
    assert tags == {
        ("logs/train", "loss_1"),
        ("logs/train", "abs_error"),
        ("logs/test", "Model/hypothesis"),
        ("logs/test", "loss_1"),
        ("logs/test", "abs_error"),
        ("logs/test", "inputs"),
        ("logs/test", "note"),
    }
    assert sorted({step for directory, _, step in events if directory == "logs/test"}) == [1, 11, 21]
    losses = [events["logs/train", "loss_1", step] for step in range(30)]
    assert losses[-1] < losses[0]


def test_the_default_op_names_table_is_what_this_tensorflow_gives(runs) -> None:
    """A summary named like a default op name keeps the graph tier; the table must be this TensorFlow's."""
    import json
    import sys

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "tools"))
    try:
        import gen_op_names
    finally:
        sys.path.remove(str(root / "tools"))
    stored = json.loads((root / "tfmigrate" / "data" / "tf_op_names.json").read_text(encoding="utf-8"))
    assert stored == gen_op_names.names(), "tfmigrate/data/tf_op_names.json is stale: run tools/gen_op_names.py"
    assert {"mean", "add", "gradients", "init"} <= set(stored["default_names"])
