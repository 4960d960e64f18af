"""An RNN cell called by hand in a Python loop over the time steps (rnn_unrolled.py), in the shape of the book
"詳解 ディープラーニング" (yusugomori/deeplearning-tensorflow-keras, chapter 5) and the courses that copy it:
``with tf.variable_scope("RNN"): for t in range(maxlen): if t > 0: tf.get_variable_scope().reuse_variables();
(cell_output, state) = cell(x[:, t, :], state); outputs.append(cell_output)``, inside ``inference()`` with nested
``weight_variable``/``bias_variable`` helpers (nested_functions.py), ``loss = loss(y, t)`` rebinding the helper's
name (and ``loss = history["val_loss"]`` at the end: rebound_functions.py), the zero state sized by a fed
``n_batch`` placeholder fed other batch sizes at evaluation, and a Saver whose checkpoint (``GRU/gru_cell/...``,
Adam's slots of the cell's variables) the migrated program restores. Each program runs as the TF1 baseline
(``tf.compat.v1``, Keras 2) and migrated (Keras 3 alone), and must print the same numbers. What the fold cannot show
equal stays as written, with the line the proof refuses."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons_by_line
from session_harness import PROGRAMS as PROGRAMS_DIR
from session_harness import Program, evaluate, load_programs

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

BOOK = ["yusugomori_sin_simple_rnn", "yusugomori_sin_lstm", "yusugomori_adding_problem_gru"]

# The loop at module level, the zero state of a fed batch size evaluated at 30 and at 1.
MODULE_LEVEL = """\
import numpy as np
import tensorflow as tf

np.random.seed(0)
tf.set_random_seed(123)
maxlen, n_in, n_hidden, n_out = 6, 1, 5, 1
data = np.random.rand(30, maxlen, n_in)
target = data.sum(axis=1)
x = tf.placeholder(tf.float32, shape=[None, maxlen, n_in])
t = tf.placeholder(tf.float32, shape=[None, n_out])
n_batch = tf.placeholder(tf.int32, shape=[])
cell = tf.nn.rnn_cell.BasicRNNCell(n_hidden)
initial_state = cell.zero_state(n_batch, tf.float32)
state = initial_state
outputs = []
with tf.variable_scope("RNN"):
    for step in range(maxlen):
        if step > 0:
            tf.get_variable_scope().reuse_variables()
        (cell_output, state) = cell(x[:, step, :], state)
        outputs.append(cell_output)
output = outputs[-1]
V = tf.Variable(tf.truncated_normal([n_hidden, n_out], stddev=0.01))
c = tf.Variable(tf.zeros([n_out]))
y = tf.matmul(output, V) + c
loss = tf.reduce_mean(tf.square(y - t))
train_step = tf.train.AdamOptimizer(0.01).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for epoch in range(3):
    for i in range(3):
        sess.run(train_step, feed_dict={x: data[i * 10 : (i + 1) * 10], t: target[i * 10 : (i + 1) * 10], n_batch: 10})
    print(epoch, loss.eval(session=sess, feed_dict={x: data, t: target, n_batch: 30}))
print(y.eval(session=sess, feed_dict={x: data[:1], n_batch: 1}))
"""

# ``with tf.variable_scope("lstm") as scope:`` and ``scope.reuse_variables()`` after the call, the last state's
# ``.h`` read, a Saver resumed by the second run (``lstm/lstm_cell/kernel`` and Adam's slots restored).
SCOPE_ALIAS_SAVED = """\
import os
import numpy as np
import tensorflow as tf

tf.set_random_seed(5)
steps, depth, units = 5, 2, 4
x = tf.placeholder(tf.float32, [None, steps, depth])
y = tf.placeholder(tf.float32, [None, 1])
cell = tf.nn.rnn_cell.LSTMCell(units, forget_bias=1.0)
state = cell.zero_state(4, tf.float32)
hidden = []
with tf.variable_scope("lstm") as scope:
    for i in range(steps):
        output, state = cell(x[:, i], state)
        hidden.append(output)
        scope.reuse_variables()
W = tf.Variable(tf.random_normal([units, 1]), name="W")
pred = tf.matmul(state.h, W) + tf.reduce_mean(tf.stack(hidden), 0)[:, :1]
loss = tf.reduce_mean(tf.square(pred - y))
train = tf.train.AdamOptimizer(0.05).minimize(loss)
saver = tf.train.Saver()
data = np.random.RandomState(0).rand(4, steps, depth)
target = np.random.RandomState(1).rand(4, 1)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    if os.path.exists("model.ckpt.index"):
        saver.restore(sess, "./model.ckpt")
    for step in range(4):
        l, _ = sess.run([loss, train], feed_dict={x: data, y: target})
        print(step, l)
    saver.save(sess, "./model.ckpt")
"""

# No scope and no reuse (the root scope is left alone): a GRU, gradient descent.
UNSCOPED = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(11)
x = tf.placeholder(tf.float32, [None, 4, 3])
cell = tf.nn.rnn_cell.GRUCell(6)
state = cell.zero_state(8, tf.float32)
outs = []
for k in range(4):
    o, state = cell(x[:, k, :], state)
    outs.append(o)
W = tf.Variable(tf.random_normal([6, 1], stddev=0.1))
loss = tf.reduce_mean(tf.square(tf.matmul(outs[-1], W) - 1.0))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
data = np.random.RandomState(2).rand(8, 4, 3)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        _, l = sess.run([train, loss], feed_dict={x: data})
        print(step, l)
"""
# TensorFlow's PTB tutorial shape (ptb_word_lm.py): a MultiRNNCell of LSTMs over embedded words, every step's output
# concatenated, tf.get_variable for the embedding and the softmax.
PTB = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(3)
batch_size, num_steps, size, vocab = 4, 5, 8, 10
input_data = tf.placeholder(tf.int32, [batch_size, num_steps])
targets = tf.placeholder(tf.int32, [batch_size, num_steps])
cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(size, forget_bias=0.0) for _ in range(2)])
initial_state = cell.zero_state(batch_size, tf.float32)
embedding = tf.get_variable("embedding", [vocab, size])
inputs = tf.nn.embedding_lookup(embedding, input_data)
outputs = []
state = initial_state
with tf.variable_scope("RNN"):
    for time_step in range(num_steps):
        if time_step > 0:
            tf.get_variable_scope().reuse_variables()
        (cell_output, state) = cell(inputs[:, time_step, :], state)
        outputs.append(cell_output)
output = tf.reshape(tf.concat(outputs, 1), [-1, size])
softmax_w = tf.get_variable("softmax_w", [size, vocab])
softmax_b = tf.get_variable("softmax_b", [vocab])
logits = tf.matmul(output, softmax_w) + softmax_b
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.reshape(targets, [-1]), logits=logits))
train_op = tf.train.GradientDescentOptimizer(1.0).minimize(loss)
data = np.random.RandomState(0).randint(0, vocab, (batch_size, num_steps + 1))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(4):
        cost, _ = sess.run([loss, train_op], {input_data: data[:, :-1], targets: data[:, 1:]})
        print(i, cost)
"""
PROGRAMS = {
    "module_level": MODULE_LEVEL,
    "scope_alias_saved": SCOPE_ALIAS_SAVED,
    "unscoped": UNSCOPED,
    "ptb_multi_cell": PTB,
}
META = {"random": "seeded", "legacy_keras": True, "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}
SPECIAL = {"scope_alias_saved": {**META, "checkpoint": "resume"}}


@pytest.fixture(scope="module")
def outcomes():
    written = [Program(name, source, SPECIAL.get(name, META)) for name, source in PROGRAMS.items()]
    return evaluate([*load_programs(BOOK), *written])


@pytest.mark.parametrize("name", [*BOOK, *sorted(PROGRAMS)])
def test_unrolled_loop_comes_out_session_free_with_the_baseline_numbers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    same, why = outcome.resume_match()
    assert same, why
    code = "\n".join(line for line in outcome.migrated_text.splitlines() if not line.lstrip().startswith("#"))
    assert "TF_USE_LEGACY_KERAS" not in code and "nn.rnn_cell." not in code


def test_the_loop_is_read_as_the_static_rnn_it_computes() -> None:
    migrated = migrate_source(MODULE_LEVEL, Options(), "program.py").migrated or ""
    assert "for step in range(maxlen):" not in migrated and "\noutputs = []" not in migrated
    assert "static_rnn(cell, [x[:, step, :] for step in range(maxlen)], initial_state=" in migrated


@pytest.mark.parametrize(
    ("source", "line"),
    [
        pytest.param(
            MODULE_LEVEL.replace("output = outputs[-1]", "output = outputs[-1] + 0.0 * step"),
            20,
            id="the loop variable read after the loop",
        ),
        pytest.param(
            UNSCOPED.replace(
                "    outs.append(o)\n", "    outs.append(o)\n    tf.get_variable_scope().reuse_variables()\n"
            ),
            10,
            id="reuse set on the root scope",
        ),
        pytest.param(
            MODULE_LEVEL.replace(
                "state = initial_state\noutputs = []", "outputs = []\nstate = initial_state\nprint(outputs)"
            ),
            21,
            id="the list read before the loop",
        ),
        pytest.param(
            MODULE_LEVEL.replace("outputs = []\n", "outputs = []\nfor _ in range(2):\n    outputs = []\n"),
            22,
            id="the list last bound by a block before the loop (was an internal error)",
        ),
    ],
)
def test_a_loop_not_shown_equal_keeps_the_graph_tier_naming_the_cell_call(source: str, line: int) -> None:
    assert source.splitlines()[line - 1].lstrip().startswith(("(cell_output, state) = cell(", "o, state = cell("))
    found = reasons_by_line(source)
    assert [at for at, _ in found] == [line], found
    assert "is rebound by a statement in a `for` loop" in found[0][1]


def test_a_cell_not_modelled_in_the_books_helper_is_named_at_its_line() -> None:
    """The fold's list of steps is not what stops the proof (the program never wrote it): the cell is."""
    book = (PROGRAMS_DIR / "yusugomori_sin_lstm.py").read_text(encoding="utf-8")
    source = book.replace(
        "LSTMCell(n_hidden, forget_bias=1.0)", "LSTMCell(n_hidden, forget_bias=1.0, use_peepholes=True)"
    )
    found = reasons_by_line(source)
    line = next(i for i, text in enumerate(source.splitlines(), 1) if "use_peepholes=True" in text)
    assert [at for at, _ in found] == [line], found
    assert "LSTMCell" in found[0][1] and "ListComp" not in found[0][1]
