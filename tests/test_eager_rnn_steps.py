"""RNN cells called by hand for one step, MultiRNNCell slots restored, and a one-shot iterator built in place
(issue 16, set 12d): each program is seeded, runs as the TF1 baseline (tf.compat.v1, legacy Keras where TF1's
cells live) and migrated (Keras 3 alone) through tests/session_harness.py, and must come out session-free with the
baseline's numbers; the shapes not proven keep the graph tier with the line and construct that blocks them."""

from __future__ import annotations

import textwrap

import pytest
from program_checks import assert_session_free_with_baseline_numbers, migrated_with_reasons
from session_harness import Program, evaluate

META = {"random": "seeded", "legacy_keras": True}

PROGRAMS = {
    # thegreedychoice's basic_lstm.py: one LSTM step in a named scope (the `as scope` alias unused), a plain tuple of
    # zeros as the state, which is fetched too (a tuple of arrays in TF1).
    "lstm_one_step_in_scope": """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(4)
x = tf.constant([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]])
cell = tf.nn.rnn_cell.BasicLSTMCell(4)
state = (tf.zeros([2, 4]),) * 2
with tf.variable_scope("one_step") as scope:
    output, new_state = cell(x, state)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(state))
    print(sess.run(output))
    print(sess.run(new_state))
    print(sess.run(new_state[0]))
""",
    # A GRU stepped by hand from its zero state, scope.reuse_variables() after the first step, no list of outputs:
    # the last step's output is read after the loop, trained with SGD.
    "gru_steps_last_output": """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(6)
n_steps = 3
seq = tf.placeholder(tf.float32, [4, n_steps, 2])
goal = tf.placeholder(tf.float32, [4, 1])
gru = tf.nn.rnn_cell.GRUCell(5)
state = gru.zero_state(4, tf.float32)
with tf.variable_scope("gru") as scope:
    for t in range(n_steps):
        if t > 0:
            scope.reuse_variables()
        h, state = gru(seq[:, t, :], state)
readout = tf.Variable(tf.ones([5, 1]))
cost = tf.reduce_mean(tf.square(tf.matmul(h, readout) - goal))
sgd = tf.train.GradientDescentOptimizer(0.2).minimize(cost)
batch = np.arange(24, dtype=np.float32).reshape(4, n_steps, 2) / 24.0
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    costs = [sess.run([sgd, cost], {seq: batch, goal: np.ones((4, 1))})[1] for _ in range(3)]
    print(costs)
    print(sess.run(state, {seq: batch}))
""",
    # A MultiRNNCell of GRUs trained with Adam under a Saver: the second run restores Adam's slots of
    # rnn/multi_rnn_cell/cell_i/gru_cell/{gates,candidate}/{kernel,bias} from the TF1 checkpoint.
    "multi_gru_adam_slots_resume": """\
import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(8)
path = "./multi_gru.ckpt"
series = np.linspace(0.0, 1.0, 24).reshape(4, 3, 2)
wanted = series.sum(axis=(1, 2)).reshape(4, 1) / 6.0
inputs = tf.placeholder(tf.float32, [None, 3, 2], name="inputs")
targets = tf.placeholder(tf.float32, [None, 1], name="targets")
stack = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(4) for _ in range(2)])
seq_out, last_states = tf.nn.dynamic_rnn(stack, inputs, dtype=tf.float32)
head = tf.Variable(tf.random_normal([4, 1]), name="head")
mse = tf.reduce_mean(tf.square(tf.matmul(seq_out[:, -1], head) - targets))
adam_step = tf.train.AdamOptimizer(0.05).minimize(mse)
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    if os.path.exists(path + ".index"):
        saver.restore(sess, path)
        print("resumed at", sess.run(mse, {inputs: series, targets: wanted}))
    for epoch in range(3):
        _, value = sess.run([adam_step, mse], {inputs: series, targets: wanted})
        print("epoch", epoch, value)
    saver.save(sess, path)
""",
    # A one-shot iterator over a dataset built in place: its element fetched, then fed to placeholders.
    "inline_one_shot_element_fed": """\
import numpy as np
import tensorflow as tf

features = np.arange(24, dtype=np.float32).reshape(8, 3) / 24.0
labels = (np.arange(8) % 2).astype(np.int64)
x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.int64, [None])
W = tf.Variable(tf.zeros([3, 2]))
logits = tf.matmul(x, W)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
next_el = tf.data.Dataset.from_tensor_slices((features, labels)).batch(2).make_one_shot_iterator().get_next()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(4):
        x_val, y_val = sess.run(next_el)
        print(i, y_val, sess.run([train, loss], feed_dict={x: x_val, y: y_val})[1])
    print(sess.run(W))
""",
    # get_next() of an inline one-shot iterator unpacked into names the graph reads (each run pulls a batch).
    "inline_one_shot_unpacked": """\
import numpy as np
import tensorflow as tf

rows = np.linspace(-1.0, 1.0, 30, dtype=np.float32).reshape(10, 3)
classes = (rows[:, 0] > 0).astype(np.int64)
dataset = tf.data.Dataset.from_tensor_slices((rows, classes)).batch(3)
features, targets = dataset.make_one_shot_iterator().get_next()
weights = tf.Variable(tf.zeros([3, 2]))
xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=tf.matmul(features, weights))
mean_xent = tf.reduce_mean(xent)
fit = tf.train.GradientDescentOptimizer(1.0).minimize(mean_xent)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        print(i, sess.run([fit, mean_xent])[1])
    print(sess.run(weights))
""",
}
RESUMING = {"multi_gru_adam_slots_resume"}
NOT_RNN = {"inline_one_shot_element_fed", "inline_one_shot_unpacked"}


@pytest.fixture(scope="module")
def outcomes():
    def meta(name: str) -> dict:
        found = {**META, "checkpoint": "resume"} if name in RESUMING else dict(META)
        return {**found, "legacy_keras": False, "random": "none"} if name in NOT_RNN else found

    return evaluate([Program(name, source, meta(name)) for name, source in PROGRAMS.items()])


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_comes_out_session_free_with_the_baseline_numbers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    assert "TF_USE_LEGACY_KERAS" not in outcome.migrated_text and "nn.rnn_cell." not in outcome.migrated_text
    if name in RESUMING:  # the migrated program restored the baseline's checkpoint (Adam's slots too)
        assert outcome.migrated_resume is not None and outcome.resume_match()[0], outcome.resume_match()[1]
        assert "rnn/multi_rnn_cell/cell_1/gru_cell/candidate/kernel" in outcome.migrated_text


def test_the_fetched_state_tuple_prints_as_tf1s(outcomes) -> None:
    """``sess.run(state)`` of ``(tf.zeros([2, 4]),) * 2`` printed a tuple of two arrays in TF1; the eager program
    reads it with map_structure, not ``.numpy()`` of a tuple (which raised)."""
    outcome = outcomes["lstm_one_step_in_scope"]
    assert outcome.migrated.stdout.startswith("(array([[0., 0., 0., 0.],")
    assert outcome.baseline.stdout.splitlines()[:4] == outcome.migrated.stdout.splitlines()[:4]


HEAD = "import numpy as np\nimport tensorflow as tf\n\n"


@pytest.mark.parametrize(
    ("body", "line", "construct"),
    [
        pytest.param(
            """\
            cell = tf.nn.rnn_cell.GRUCell(5)
            output, state = cell(tf.ones([2, 3]), tf.zeros([2, 5]))
            print(output.shape)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                print(sess.run(output))
            """,
            5,
            "the RNN cell `cell` is called by hand",
            id="a one-step output's static shape printed: the call is not folded",
        ),
        pytest.param(
            """\
            cell = tf.nn.rnn_cell.BasicRNNCell(4)
            def rnn(x):
                with tf.variable_scope("rnn", reuse=tf.AUTO_REUSE):
                    state = cell.zero_state(2, tf.float32)
                    for t in range(3):
                        output, state = cell(x[:, t, :], state)
                return output
            train_out = rnn(tf.ones([2, 3, 2]))
            test_out = rnn(tf.zeros([2, 3, 2]))
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                print(sess.run([train_out, test_out]))
            """,
            6,
            "function `rnn`: `with tf.variable_scope` in a helper (only tf.name_scope(name) is modelled); read at its "
            "calls, it stops on line 9 at: `state` is a graph value and is rebound by a statement in a `for` loop, and "
            "line 9 reads it before the binding, in a loop around it",
            id="an unrolled-RNN helper called twice under AUTO_REUSE",
        ),
    ],
)
def test_unproven_shapes_name_their_line_and_construct(body: str, line: int, construct: str) -> None:
    migrated, followups = migrated_with_reasons(HEAD + textwrap.dedent(body))
    assert migrated is not None and "compat.v1.Session" in migrated
    assert [number for number, _ in followups] == [line], followups
    assert construct in followups[0][1], followups
