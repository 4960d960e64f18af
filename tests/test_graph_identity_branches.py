"""``if self.dropout_keep_prob is not None:`` over a placeholder the constructor made, rebinding a graph value in
its branch (held-out set 17, the text-classification models' bidirectional LSTM: ``lstm_fw_cell =
rnn.DropoutWrapper(lstm_fw_cell, ...)``): TF1 took the branch once, while it built the graph; the eager rewrite reads
the ``if`` as its taken branch (graph_identity_branches.py). Each program runs as the TF1 baseline (Keras 2) and
migrated on TF 2.21; the seeded one prints the same numbers."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate

from tfmigrate.transforms.session import graph_identity_branches

PROGRAM = textwrap.dedent(
    """
    import numpy as np
    import tensorflow as tf

    SEED
    rng = np.random.RandomState(0)


    class BiLSTM:
        def __init__(self, hidden_size, num_classes, steps, dims):
            self.input_x = tf.placeholder(tf.float32, [None, steps, dims])
            self.input_y = tf.placeholder(tf.int32, [None])
            self.dropout_keep_prob = tf.placeholder(tf.float32)
            self.hidden_size = hidden_size
            self.num_classes = num_classes
            self.inference()
            self.loss = tf.reduce_mean(
                tf.nn.sparse_softmax_cross_entropy_with_logits(labels=self.input_y, logits=self.logits)
            )
            self.train_op = tf.train.GradientDescentOptimizer(0.5).minimize(self.loss)

        def reset(self):
            pass

        def inference(self):
            lstm_fw_cell = tf.nn.rnn_cell.BasicLSTMCell(self.hidden_size)
            lstm_bw_cell = tf.nn.rnn_cell.BasicLSTMCell(self.hidden_size)
            WRAP
            outputs, _ = tf.nn.bidirectional_dynamic_rnn(lstm_fw_cell, lstm_bw_cell, self.input_x, dtype=tf.float32)
            output_rnn = tf.concat(outputs, axis=2)
            output_rnn_last = tf.reduce_mean(output_rnn, axis=1)
            if self.dropout_keep_prob is not None:
                output_rnn_last = tf.nn.dropout(output_rnn_last, self.dropout_keep_prob)
            w = tf.Variable(tf.truncated_normal([2 * self.hidden_size, self.num_classes], stddev=0.1))
            b = tf.Variable(tf.zeros([self.num_classes]))
            self.logits = tf.matmul(output_rnn_last, w) + b


    x = rng.rand(12, 5, 3).astype(np.float32)
    y = rng.randint(0, 2, 12).astype(np.int32)
    model = BiLSTM(hidden_size=4, num_classes=2, steps=5, dims=3)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(12):
            feed = {model.input_x: x, model.input_y: y, model.dropout_keep_prob: 0.7}
            loss, _ = sess.run([model.loss, model.train_op], feed_dict=feed)
            if step % 3 == 0:
                print(step, loss)
        print(sess.run(model.logits, feed_dict={model.input_x: x[:2], model.dropout_keep_prob: 1.0}))
    """
).lstrip()
WRAPPED = """if self.dropout_keep_prob is not None:
            lstm_fw_cell = tf.nn.rnn_cell.DropoutWrapper(lstm_fw_cell, output_keep_prob=self.dropout_keep_prob)
            lstm_bw_cell = tf.nn.rnn_cell.DropoutWrapper(lstm_bw_cell, output_keep_prob=self.dropout_keep_prob)"""
SEEDED = PROGRAM.replace("SEED", "tf.set_random_seed(5)").replace("        WRAP\n", "")
BRANCH_REFUSAL = "is a graph value and is rebound by a statement in an `if` branch"


def _meta(random: str) -> dict:
    return {"random": random, "legacy_keras": True, "source": "-"}


def test_a_branch_over_a_placeholders_identity_is_read_as_taken() -> None:
    program = Program("identity_branch_seeded", SEEDED, _meta("seeded"))
    assert_session_free_with_baseline_numbers(evaluate([program])["identity_branch_seeded"])


def test_wrapped_cells_in_the_branch_run_eagerly_unseeded() -> None:
    """The held-out shape itself: the cells rebound to their DropoutWrapper in the branch (unseeded: compared by
    the shape of the output and a falling loss)."""
    source = PROGRAM.replace("SEED\n", "").replace("WRAP", WRAPPED)
    program = Program("identity_branch_wrapped", source, _meta("unseeded"))
    assert_session_free_with_baseline_numbers(evaluate([program])["identity_branch_wrapped"])


def test_wrapped_cells_in_a_seeded_program_name_the_dropout_masks() -> None:
    """Seeded, the next reason is the DropoutWrapper's masks (TF1 drew them from the graph's op seeds), not the
    branch."""
    found = reasons(PROGRAM.replace("SEED", "tf.set_random_seed(5)").replace("WRAP", WRAPPED))
    assert found and not any(BRANCH_REFUSAL in r for r in found), found
    assert any("DropoutWrapper" in r for r in found), found


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            ("        self.inference()\n", "        self.inference()\n        self.dropout_keep_prob = None\n"),
            id="bound-twice",
        ),
        pytest.param(
            (
                "        self.dropout_keep_prob = tf.placeholder(tf.float32)\n",
                "        self.reset()\n        self.dropout_keep_prob = tf.placeholder(tf.float32)\n",
            ),
            id="bound-after-a-method-call",
        ),
    ],
)
def test_a_test_that_is_not_surely_decided_is_still_refused(change: tuple[str, str]) -> None:
    source = SEEDED.replace(*change, 1)
    assert source != SEEDED
    found = reasons(source)
    assert any(BRANCH_REFUSAL in r for r in found), found


def _decided(source: str) -> str | None:
    """The module as graph_identity_branches reads it (None: nothing decided)."""
    module = cst.parse_module(textwrap.dedent(source))

    def resolve(node: cst.CSTNode) -> str | None:
        if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "tf":
            return node.attr.value
        return None

    done = graph_identity_branches.read(module, resolve, lambda node: 0)
    return None if done is None else done[0].code


CLASS = """
class Model:
    def __init__(self):
        self.keep = tf.placeholder(tf.float32)
        self.build()

    def build(self):
        h = tf.ones([2])
        if self.keep IS None:
            h = tf.nn.dropout(h, self.keep)
        else:
            h = h * 2
        self.h = h
"""


@pytest.mark.parametrize(("test", "kept"), [("is not", "h = tf.nn.dropout(h, self.keep)"), ("is", "h = h * 2")])
def test_the_taken_branch_stands_for_the_if(test: str, kept: str) -> None:
    decided = _decided(CLASS.replace("IS", test))
    assert decided is not None and "if " not in decided and "else" not in decided, decided
    assert f"        {kept}\n" in decided, decided
    assert ("h * 2" in decided) is (test == "is")


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(("class Model:\n", "class Model:\n    keep = None\n\n"), id="class-level"),
        pytest.param(("tf.placeholder(tf.float32)", "tf.placeholder(tf.float32) if ok else None"), id="expression"),
        pytest.param(("tf.placeholder(tf.float32)", "make_keep()"), id="not-a-graph-value"),
        pytest.param(("class Model:", "class Model(Base):"), id="based"),
        pytest.param(("class Model:", "class Sub(Model):\n    keep = None\n\n\nclass Model:"), id="derived"),
        pytest.param(
            ("        self.build()\n", "        self.build()\n        setattr(self, 'keep', None)\n"), id="setattr"
        ),
        pytest.param(("    def build(self):\n", "    def build(self):\n        self = other\n"), id="self-rebound"),
        pytest.param(("self.keep IS None", "self.keep IS None or h"), id="compound-test"),
        pytest.param(("        self.keep = tf", "        self.build()\n        self.keep = tf"), id="after-a-call"),
    ],
)
def test_an_if_not_surely_decided_is_kept(change: tuple[str, str]) -> None:
    source = CLASS.replace("IS", "is not").replace(*[c.replace("IS", "is not") for c in change], 1)
    assert source != CLASS.replace("IS", "is not")
    assert _decided(source) is None
