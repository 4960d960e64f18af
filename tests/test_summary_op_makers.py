"""A summary named as an op type's default name (tf_op_makers.json, op_makers.py): TF1 renames it only after an op
of that type was built in its scope, so where nothing the program names can build one the tag is TF1's as written.

Run on TF 2.21: the research-code VAE's shape (weight/bias helpers, ``tf.summary.scalar("lowerbound", loss)``, a
merged summary written every step, a Saver that restores or initializes and saves) migrates session-free, writes the
baseline's events and resumes from the baseline's checkpoint; the same program with a ``tf.searchsorted`` (a
``LowerBound`` op) before the summary is tagged ``lowerbound_1`` by TF1 and keeps the graph tier.
"""

from __future__ import annotations

import math

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons, summary_events
from session_harness import Program, evaluate

from tfmigrate.transforms.session import op_makers

# Reduced from the shape of y0ast/VAE-TensorFlow main.py (MIT): own code, constant initial values, synthetic data.
VAE = """\
import os.path

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
data = rng.rand(64, 8).astype(np.float32)


def weight_variable(shape):
    initial = tf.constant(0.01, shape=shape)
    return tf.Variable(initial)


def bias_variable(shape):
    initial = tf.constant(0.0, shape=shape)
    return tf.Variable(initial)


x = tf.placeholder("float", shape=[None, 8])
W_enc = weight_variable([8, 4])
b_enc = bias_variable([4])
hidden = tf.nn.relu(tf.matmul(x, W_enc) + b_enc)
W_dec = weight_variable([4, 8])
b_dec = bias_variable([8])
l2_loss = tf.nn.l2_loss(W_enc) + tf.nn.l2_loss(W_dec)
x_hat = tf.matmul(hidden, W_dec) + b_dec
BCE = tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(logits=x_hat, labels=x), reduction_indices=1)
loss = tf.reduce_mean(BCE)
regularized_loss = loss + 0.01 * l2_loss
BUCKET
loss_summ = tf.summary.scalar("lowerbound", loss)
train_step = tf.train.AdamOptimizer(0.01).minimize(regularized_loss)
summary_op = tf.summary.merge_all()
saver = tf.train.Saver()

with tf.Session() as sess:
    summary_writer = tf.summary.FileWriter("experiment", graph=sess.graph)
    if os.path.isfile("save/model.ckpt.index"):
        print("Restoring saved parameters")
        saver.restore(sess, "save/model.ckpt")
    else:
        print("Initializing parameters")
        sess.run(tf.global_variables_initializer())
    for step in range(1, 31):
        batch = data[(step * 16) % 64:(step * 16) % 64 + 16]
        _, cur_loss, summary_str = sess.run([train_step, loss, summary_op], feed_dict={x: batch})
        summary_writer.add_summary(summary_str, step)
        if step % 10 == 0:
            save_path = saver.save(sess, "save/model.ckpt")
            print("Step {0} | Loss: {1}".format(step, cur_loss))
    summary_writer.close()
"""
NAMED = VAE.replace("BUCKET\n", "")
BUCKETED = VAE.replace("BUCKET", "bucket = tf.searchsorted(tf.constant([0.0, 1.0]), tf.reshape(loss, [1]))")
SAVER = (
    "tf.train.Saver kept in graph mode (tf.compat.v1.train.Saver) with its Session program; rewrite the part that needs "
    "graph mode by hand (tf.function, tf.GradientTape) and the rest can run eagerly, saving with tf.train.Checkpoint, "
    "whose restore() still reads this Saver's checkpoints by variable name. Needs graph mode: "
)
REASON = "the summary name `lowerbound` may meet a TensorFlow op's default name (TF1 renames it)"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("summary-op-makers")
    meta = {"random": "none", "checkpoint": "resume"}
    programs = [Program("named", NAMED, meta), Program("bucketed", BUCKETED, meta)]
    return root, evaluate(programs, root=root)


def test_a_name_no_op_of_the_program_can_take_is_kept_and_the_events_are_tf1s(runs) -> None:
    root, outcomes = runs
    outcome = outcomes["named"]
    assert_session_free_with_baseline_numbers(outcome)
    same, why = outcome.resume_match()
    assert same, why
    want, got = summary_events(root / "base" / "named"), summary_events(root / "mig" / "named")
    assert {tag for _, tag, _ in want} == {"lowerbound"}
    assert sorted(got) == sorted(want)
    assert all(math.isclose(want[key], got[key], rel_tol=1e-5) for key in want), (want, got)


def test_after_an_op_of_that_type_tf1_renames_the_summary_and_the_graph_tier_is_kept(runs) -> None:
    root, outcomes = runs
    outcome = outcomes["bucketed"]
    assert outcome.baseline.ok, outcome.baseline.stderr[-2000:]
    assert {tag for _, tag, _ in summary_events(root / "base" / "bucketed")} == {"lowerbound_1"}
    assert not outcome.session_free and outcome.explained
    assert outcome.numbers_match()[0] and outcome.resume_match()[0]


@pytest.mark.parametrize(
    ("change", "why"),
    [
        pytest.param(
            ("import os.path\n", "import os.path\nfrom numpy import searchsorted\n"),
            ": the program names `searchsorted`, which can build such an op",
            id="a maker named (tf.searchsorted builds a LowerBound op)",
        ),
        pytest.param(
            ("import os.path\n", "import os.path\nimport mylib\n"),
            ": the program imports `mylib`, whose ops tfmigrate does not know",
            id="a library the table does not read",
        ),
        pytest.param(
            ("import os.path\n", "import os.path\nfrom .layers import dense\n"),
            ": the program imports `.layers`, whose ops tfmigrate does not know",
            id="a relative import",
        ),
        pytest.param(
            ("import os.path\n", "import os.path\nfrom tensorflow import keras\n"),
            ": the program names `keras`, which can build such an op",
            id="keras (outside the TensorFlow source the table reads)",
        ),
    ],
)
def test_what_the_table_cannot_tell_keeps_the_graph_tier(change, why) -> None:
    assert reasons(NAMED.replace(*change)) == [SAVER + REASON + why + " (line 32)"]


def test_the_makers_table_is_this_tensorflows() -> None:
    """Regenerating reads TensorFlow's whole Python source (a minute); tests/test_stored_table.py checks the
    generator's --check path, this the facts the rule above rests on."""
    import tensorflow as tf

    from tfmigrate.tables import load

    assert load("tf_op_makers.json")["tensorflow_version"] == tf.__version__
    assert {"searchsorted", "lower_bound", "LowerBound"} <= set(op_makers.makers()["lowerbound"])
    assert "mean" not in op_makers.makers()  # made by operators and most helpers: unprovable
