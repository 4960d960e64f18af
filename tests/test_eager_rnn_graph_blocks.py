"""RNN cells built inside ``with g.as_default():`` (and device or Session blocks), which open no variable scope:
TF1 named and numbered their variables as at module level, so the eager rewrite reads them so (session/rnn.py
``_top_level``), also a MultiRNNCell of DropoutWrappers whose keep probability is fed, under a Saver (held-out 26's
char-RNN shape, Raschka's chapter 16). Each program runs as the TF1 baseline (tf.compat.v1 + legacy Keras) and
migrated (Keras 3 alone) through tests/session_harness.py; what stays in graph mode keeps a true reason."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers
from session_harness import Program, evaluate, load_programs

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

# Seeded: the cells built in a device block inside the graph's block draw TF1's kernels (op seeds counted in the
# one graph) and compute TF1's numbers, trained.
SEEDED_BLOCKS = """\
import numpy as np
import tensorflow as tf

graph = tf.Graph()
with graph.as_default():
    tf.set_random_seed(4)
    x = tf.placeholder(tf.float32, [None, 4, 3])
    W = tf.Variable(tf.random_normal([4, 1]))
    with tf.device('/cpu:0'):
        cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(5), tf.nn.rnn_cell.BasicLSTMCell(4)])
        outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    loss = tf.reduce_mean(tf.square(tf.matmul(outputs[:, -1], W) - 1.0))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

data = np.random.RandomState(0).rand(2, 4, 3)
with tf.Session(graph=graph) as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(outputs, feed_dict={x: data}))
    for step in range(3):
        l, _ = sess.run([loss, train], feed_dict={x: data})
        print(step, l)
"""
RASCHKA = "raschka_ch16_sentiment_graph_block"


@pytest.fixture(scope="module")
def outcomes():
    seeded = Program("seeded_blocks", SEEDED_BLOCKS, {"random": "seeded", "legacy_keras": True})
    return evaluate([seeded, *load_programs([RASCHKA])])


def test_cells_in_graph_and_device_blocks_draw_and_compute_tf1_numbers(outcomes) -> None:
    outcome = outcomes["seeded_blocks"]
    assert_session_free_with_baseline_numbers(outcome)
    assert "TF_USE_LEGACY_KERAS" not in outcome.migrated_text and "nn.rnn_cell." not in outcome.migrated_text


def test_dropout_wrapped_cells_under_a_saver_restore_the_tf1_checkpoint(outcomes) -> None:
    """Trained at keep 0.8 and saved (rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel and Adam's slots: a
    DropoutWrapper opens no scope); the migrated program restores that TF1 checkpoint and predicts at keep 1.0 the
    baseline's probabilities."""
    outcome = outcomes[RASCHKA]
    assert_session_free_with_baseline_numbers(outcome)
    assert outcome.program.checkpoint == "resume" and outcome.migrated_resume is not None
    same, why = outcome.resume_match()
    assert same, why
    assert outcome.migrated_resume.stdout.count("predicted") == 4, outcome.migrated_resume.stdout
    migrated = outcome.migrated_text
    assert '"rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel": cells.cells[1].cell.kernel' in migrated, migrated
    assert 'cells.feed({"tf_keepprob": 1.0})(tf.zeros([1, n_features])' in migrated, migrated


CELL_SUBCLASS = '''\
import numpy as np
import tensorflow as tf


class GRUCell(tf.nn.rnn_cell.RNNCell):
    """A course's GRU: tf.layers.dense gates in its own __call__."""

    def __init__(self, num_units):
        self._num_units = num_units

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    def __call__(self, inputs, state, scope=None):
        with tf.variable_scope(scope or "gru_cell"):
            both = tf.concat([inputs, state], 1)
            z = tf.layers.dense(both, self._num_units, tf.sigmoid)
            h = tf.layers.dense(both, self._num_units, tf.tanh)
            new_h = (1 - z) * state + z * h
        return new_h, new_h


x = tf.placeholder(tf.float32, [None, 4, 3])
outputs, state = tf.nn.dynamic_rnn(GRUCell(5), x, dtype=tf.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(state, {x: np.ones((2, 4, 3))}))
'''
OUTSIDE_THE_GRAPH = """\
import numpy as np
import tensorflow as tf

graph = tf.Graph()
with graph.as_default():
    x = tf.placeholder(tf.float32, [None, 4, 3])
    cell = tf.nn.rnn_cell.GRUCell(5)
    outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
with tf.Session(graph=graph) as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(state, {x: np.ones((2, 4, 3))}))
y = tf.placeholder(tf.float32, [None, 4, 3])
other = tf.nn.rnn_cell.GRUCell(3)
more, _ = tf.nn.dynamic_rnn(other, y, dtype=tf.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(more, {y: np.ones((2, 4, 3))}))
"""


@pytest.mark.parametrize(
    ("source", "line", "reason"),
    [
        pytest.param(
            CELL_SUBCLASS,
            5,
            "class `GRUCell` is an RNN cell of the program's own (a subclass of `tf.nn.rnn_cell.RNNCell`): TF1 "
            "built its variables where tf.nn.dynamic_rnn or static_rnn first called it",
            id="an RNNCell subclass building tf.layers.dense gates (held-out 28's cg_rnn_sentiment)",
        ),
        pytest.param(
            OUTSIDE_THE_GRAPH,
            7,
            "an RNN cell built in a `with <graph>.as_default():` block while another RNN is built outside it",
            id="a graph's block beside an RNN of the default graph (each graph numbers its own)",
        ),
    ],
)
def test_rnn_shapes_in_blocks_not_shown_equal_keep_the_graph_tier(source: str, line: int, reason: str) -> None:
    result = migrate_source(source, Options(), "program.py")
    [ours] = [f for f in result.followups if f.code == "TFM201"]
    assert ours.line == line, ours.message
    assert reason in ours.message
    assert "tf.compat.v1.Session(" in (result.migrated or "")
