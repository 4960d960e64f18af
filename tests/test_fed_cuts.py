"""A computed tensor fed (held-out set 12): ``sess.run(decoded, feed_dict={code: z})`` with ``code`` an autoencoder's
middle layer, computed from a placeholder and variables (fed_cuts.py). The runs that feed it read a placeholder in its
place; the train step and the other runs compute it as before.

The programs run as the TF1 baseline and migrated through tests/session_harness.py and must come out session-free
with the baseline's numbers (the graph tier before); the refusals keep the graph tier, each for its reason."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, migrated_with_reasons
from session_harness import Program, evaluate

META = {"random": "seeded"}

AUTOENCODER = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
x = tf.placeholder(tf.float32, [None, 4])
W1 = tf.Variable(tf.random_normal([4, 2], stddev=0.5))
b1 = tf.Variable(tf.zeros([2]))
code = tf.nn.sigmoid(tf.matmul(x, W1) + b1)
W2 = tf.Variable(tf.random_normal([2, 4], stddev=0.5))
b2 = tf.Variable(tf.zeros([4]))
logits = tf.matmul(code, W2) + b2
decoded = tf.nn.sigmoid(logits)
loss = tf.reduce_mean(tf.square(decoded - x))
train = tf.train.GradientDescentOptimizer(1.0).minimize(loss)
data = np.random.RandomState(0).rand(8, 4).astype(np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        l, _ = sess.run([loss, train], feed_dict={x: data})
        print(step, l)
    codes = sess.run(code, feed_dict={x: data[:2]})
    print(codes)
    grid = np.array([[0.0, 1.0], [0.5, 0.5], [1.0, 0.0]])
    print(sess.run([logits, decoded], feed_dict={code: grid}))
    print(decoded.eval(feed_dict={code: codes}))
    print(sess.run(loss, feed_dict={x: data[:3], code: grid}))
"""


def _in_main(source: str) -> str:
    """The Session block moved into ``def main():``, called once (the function tier, functions.py)."""
    head, block = source.split("with tf.Session()", 1)
    body = "".join(f"    {line}" if line.strip() else line for line in ("with tf.Session()" + block).splitlines(True))
    return f"{head}def main():\n{body}\n\nmain()\n"


PROGRAMS = {"autoencoder_decodes_a_fed_code": AUTOENCODER, "autoencoder_in_main": _in_main(AUTOENCODER)}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([Program(name, source, META) for name, source in PROGRAMS.items()])


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_fed_computed_tensor_comes_out_session_free_with_the_baseline_numbers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)


def test_the_feeding_runs_read_a_placeholder_in_its_place(outcomes) -> None:
    text = outcomes["autoencoder_decodes_a_fed_code"].migrated_text
    assert "def decoded_fed(code_fed):" in text and "def logits_fed(code_fed):" in text
    assert "def loss_fed(x, code_fed):" in text  # x fed beside it still reaches the loss
    assert "train(data)" in text  # the train step computes code from x, as TF1 did


REFUSED = {
    # The fetched value builds a variable of its own above the fed tensor's consumers: a copy would build another.
    "a layer below it": (
        "decoded = tf.nn.sigmoid(logits)",
        "decoded = tf.layers.dense(logits, 4)",
    ),
    # The run that feeds it trains: TF1 stopped the gradient at the fed value.
    "a train step feeding it": (
        "print(sess.run(loss, feed_dict={x: data[:3], code: grid}))",
        "print(sess.run([loss, train], feed_dict={x: data[:3], code: grid}))",
    ),
    # A copy would draw: TF1 drew once per run, in a run feeding it too.
    "a draw below it": (
        "decoded = tf.nn.sigmoid(logits)",
        "decoded = tf.nn.sigmoid(logits + tf.random_normal([4]))",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_fed_tensor_outside_the_shape_keeps_the_graph_tier(case: str) -> None:
    old, new = REFUSED[case]
    source = AUTOENCODER.replace(old, new)
    assert source != AUTOENCODER
    migrated, reasons = migrated_with_reasons(source)
    assert [message for _, message in reasons if "feeds `code`, which is not a placeholder" in message], reasons
    assert migrated is None or "_fed" not in migrated
