"""A seeded program whose one ``tf.nn.dropout`` is run by the training steps at ``keep_prob`` 0.5 and by evaluations
at 1.0 in between ("Deep MNIST for experts": ``accuracy.eval(feed_dict={..., keep_prob: 1.0})`` every 100 steps)
prints TF1's numbers after migration; each test here also shows what would break it.

TF1 builds the dropout with the fed keep probability as a tensor, so its random op draws on every run, at keep 1.0
too, and the next training mask continues that stream. TF 2.21's eager ``tf.nn.dropout`` draws only when the rate is
a tensor: a Python rate of 0.0 returns the input without drawing (the fast path in ``nn_ops._dropout``), and every
training mask after an evaluation would differ. The migrated functions cast each placeholder parameter they read
(``keep_prob = tf.cast(keep_prob, tf.float32)``), so the rate is a tensor and each evaluation draws as TF1's run did.
(Held-out 11 blamed this fast path for kj_mnist_deep's seeded step-100 loss; a program of its shape differs as much
with keep_prob fed 1.0 in training too, where no mask can show: that is Adam's arithmetic, not the dropout.)
A ``tf.layers.dropout(training=flag)`` draws in TF1 only in the runs that train (a ``tf.cond``); a seeded one keeps
the graph tier (its op seed is not checked).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons, run_in_a_shared_child
from session_harness import ATOL, RTOL, Program, evaluate, numbers

# TF's "Deep MNIST for experts" loop on a dense net: the evaluations at keep 1.0 come between training steps.
INTERLEAVED = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)
rng = np.random.RandomState(0)
data = rng.rand(64, 6).astype(np.float32)
labels = np.eye(3)[rng.randint(0, 3, 64)].astype(np.float32)

x = tf.placeholder(tf.float32, [None, 6])
y_ = tf.placeholder(tf.float32, [None, 3])
keep_prob = tf.placeholder(tf.float32)
W1 = tf.Variable(tf.truncated_normal([6, 16], stddev=0.5))
b1 = tf.Variable(tf.constant(0.1, shape=[16]))
h = tf.nn.relu(tf.matmul(x, W1) + b1)
h_drop = tf.nn.dropout(h, keep_prob)
W2 = tf.Variable(tf.truncated_normal([16, 3], stddev=0.5))
b2 = tf.Variable(tf.constant(0.1, shape=[3]))
y_conv = tf.matmul(h_drop, W2) + b2
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y_conv))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)
correct_prediction = tf.equal(tf.argmax(y_conv, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(60):
        start = (i * 16) % 64
        batch = (data[start:start + 16], labels[start:start + 16])
        if i % 20 == 0:
            train_accuracy = accuracy.eval(feed_dict={x: batch[0], y_: batch[1], keep_prob: 1.0})
            print("step %d, training accuracy %g" % (i, train_accuracy))
        train_step.run(feed_dict={x: batch[0], y_: batch[1], keep_prob: 0.5})
        if i % 20 == 0:
            print("loss after step %d: %g" % (i, cross_entropy.eval(feed_dict={x: data, y_: labels, keep_prob: 1.0})))
    print("W2", sess.run(W2)[0])
"""

# The keep probability a tf.placeholder_with_default(1.0, shape=()), fed only by the training runs.
DEFAULT_KEEP = INTERLEAVED.replace(
    "keep_prob = tf.placeholder(tf.float32)", "keep_prob = tf.placeholder_with_default(1.0, shape=())"
).replace(", keep_prob: 1.0}", "}")

# Evaluated at keep 1.0 only after training: no evaluation between two training draws.
EVALUATIONS = (
    "        if i % 20 == 0:\n"
    "            train_accuracy = accuracy.eval(feed_dict={x: batch[0], y_: batch[1], keep_prob: 1.0})\n"
    '            print("step %d, training accuracy %g" % (i, train_accuracy))\n',
    "        if i % 20 == 0:\n"
    '            print("loss after step %d: %g" % (i, cross_entropy.eval(feed_dict={x: data, y_: labels, keep_prob: 1.0})))\n',
)
AFTER_TRAINING = (
    INTERLEAVED.replace(EVALUATIONS[0], "")
    .replace(EVALUATIONS[1], "")
    .replace(
        '    print("W2"',
        '    print("training accuracy %g" % accuracy.eval(feed_dict={x: data, y_: labels, keep_prob: 1.0}))\n'
        '    print("loss %g" % cross_entropy.eval(feed_dict={x: data, y_: labels, keep_prob: 1.0}))\n'
        '    print("W2"',
    )
)

SEEDED = {"interleaved": INTERLEAVED, "default_keep": DEFAULT_KEEP, "after_training": AFTER_TRAINING}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    programs = [Program(name, source, {"random": "seeded"}) for name, source in SEEDED.items()]
    return evaluate(programs, root=tmp_path_factory.mktemp("harness"))


def test_the_shapes_differ_where_they_should() -> None:
    assert DEFAULT_KEEP.count("keep_prob: 1.0") == 0 and "placeholder_with_default" in DEFAULT_KEEP
    assert all(evaluation in INTERLEAVED for evaluation in EVALUATIONS)
    assert "i % 20" not in AFTER_TRAINING and AFTER_TRAINING.count("keep_prob: 1.0") == 2


@pytest.mark.parametrize("name", sorted(SEEDED))
def test_a_seeded_dropout_evaluated_at_keep_one_prints_the_baseline_numbers(outcomes, name: str) -> None:
    assert_session_free_with_baseline_numbers(outcomes[name])


@pytest.mark.parametrize("name", ["interleaved", "default_keep"])
def test_the_evaluations_draw_through_a_tensor_rate_and_a_python_rate_would_not(
    outcomes, name: str, tmp_path: Path
) -> None:
    """The migrated text with the keep probability left a Python float (no cast) prints other numbers after the
    first evaluation: the cast is what keeps the evaluations drawing."""
    outcome = outcomes[name]
    text = outcome.migrated_text
    cast = "    keep_prob = tf.cast(keep_prob, tf.float32)\n"
    assert text is not None and text.count(cast) == 1, text
    assert "rate=1 - keep_prob" in text
    want = numbers(outcome.baseline.stdout)
    python_rate = numbers(run_in_a_shared_child(text.replace(cast, ""), tmp_path, graph=False))
    assert python_rate.shape == want.shape
    # step 0's accuracy is computed before the first skipped draw
    assert np.allclose(python_rate[:2], want[:2], rtol=RTOL, atol=ATOL), (python_rate, want)
    assert not np.allclose(python_rate, want, rtol=RTOL, atol=ATOL), (python_rate, want)


def test_after_training_only_no_evaluation_falls_between_two_training_draws(outcomes, tmp_path: Path) -> None:
    """Without an evaluation between training steps, a Python rate at the end changes nothing printed."""
    outcome = outcomes["after_training"]
    text = outcome.migrated_text
    assert text is not None
    python_rate = numbers(
        run_in_a_shared_child(
            text.replace("    keep_prob = tf.cast(keep_prob, tf.float32)\n", ""), tmp_path, graph=False
        )
    )
    assert np.allclose(python_rate, numbers(outcome.baseline.stdout), rtol=RTOL, atol=ATOL)


# TF 2.21 itself: TF1's dropout at a fed keep 1.0 draws; eager TF2's draws with a tensor rate, not with a Python 0.0.
MASKS = """\
import tensorflow as tf

mode = "{mode}"
if mode == "tf1":
    tf.compat.v1.disable_v2_behavior()
    tf.compat.v1.set_random_seed(0)
    keep = tf.compat.v1.placeholder(tf.float32)
    dropped = tf.compat.v1.nn.dropout(tf.ones([4, 8]), keep, seed=1)
    session = tf.compat.v1.Session()
    run = lambda k: session.run(dropped, {{keep: k}})
else:
    tf.random.set_seed(0)

    def run(k):
        rate = 1 - (tf.cast(k, tf.float32) if mode == "tensor" else k)
        return tf.nn.dropout(tf.ones([4, 8]), rate=rate, seed=1).numpy()

for k in (0.5, 1.0, 0.5, 0.5):
    print(" ".join(str(int(v)) for v in (run(k) > 0).ravel()))
"""


@pytest.fixture(scope="module")
def masks(tmp_path_factory) -> dict[str, list[str]]:
    root = tmp_path_factory.mktemp("masks")
    return {
        mode: run_in_a_shared_child(MASKS.format(mode=mode), root / mode, graph=mode == "tf1").split("\n")[:4]
        for mode in ("tf1", "tensor", "python")
    }


def test_tf1_draws_at_keep_one_and_eager_tf2_only_with_a_tensor_rate(masks) -> None:
    tf1, tensor, python = masks["tf1"], masks["tensor"], masks["python"]
    assert "0" in tf1[0] and "0" not in tf1[1]  # a mask at 0.5, every unit kept at 1.0
    assert tensor == tf1
    assert python[:2] == tf1[:2]
    assert python[2] != tf1[2] and python[3] == tf1[2]  # no draw at 1.0: the stream is one mask behind


# tf.layers.dropout(training=flag): identity when the flag is False, TF1's dropout when True.
LAYERS = INTERLEAVED.replace(
    "keep_prob = tf.placeholder(tf.float32)", "is_training = tf.placeholder_with_default(False, shape=())"
).replace("tf.nn.dropout(h, keep_prob)", "tf.layers.dropout(h, rate=0.5, training=is_training)")
LAYERS = LAYERS.replace(", keep_prob: 1.0}", "}").replace("keep_prob: 0.5", "is_training: True")


def test_a_seeded_layers_dropout_keeps_the_graph_tier() -> None:
    assert "keep_prob" not in LAYERS
    assert any("a seeded tf.layers.dropout" in reason for reason in reasons(LAYERS)), reasons(LAYERS)


def test_an_unseeded_layers_dropout_leaves_the_session() -> None:
    assert reasons(LAYERS.replace("tf.set_random_seed(0)\n", "")) == []
