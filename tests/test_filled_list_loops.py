"""Hand-unrolled RNN loops (held-out set 26's ky_unrolled_rnn): ``for i in range(time_step)`` rebinding the state
from itself, appending each step's output to a list and reading it back by index in the same pass
(``pred.append(tf.matmul(out[i], Wo[i]))``), or appending before the rebinding (Erik Hallström's echo-RNN
tutorial: ``states_series.append(next_state); current_state = next_state`` over ``tf.unstack`` of a placeholder,
the loop's own name rebound by ``tf.reshape``). TF1 built one copy of the body per pass; the unrolled program builds
the same ops once each, in the same order. Run as the TF1 baseline and migrated on TF 2.21 (seeded: number by
number); a loop not shown equal keeps the graph tier with the reason the unrolling stopped."""

from __future__ import annotations

import pytest
from program_checks import assert_baseline_numbers, assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate, load_programs

RECURRENCE = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(2)
T = 4
x = tf.placeholder(tf.float32, [T, None, 3])
y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable(tf.random_normal([3, 5], stddev=0.5))
U = tf.Variable(tf.random_normal([5, 5], stddev=0.5))
b = tf.Variable(tf.zeros([5]))
V = tf.Variable(tf.random_normal([5, 1], stddev=0.5))
state = tf.zeros([2, 5])
outputs = []
for t in range(T):
    state = tf.tanh(tf.matmul(x[t], W) + tf.matmul(state, U) + b)
    outputs.append(state)
pred = tf.matmul(outputs[-1], V)
loss = tf.reduce_mean(tf.square(pred - y))
train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
xs = np.random.RandomState(0).randn(T, 2, 3).astype(np.float32)
ys = np.tanh(xs.sum(axis=(0, 2)))[:, None]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(6):
        _, l = sess.run([train, loss], {x: xs, y: ys})
        print(step, l)
    print("second output", sess.run(outputs[1], {x: xs}))
"""

# Erik Hallström's "How to build a Recurrent Neural Network in TensorFlow" (the echo RNN many public copies
# reproduce): the step's state appended, then bound to the state the next pass reads.
ECHO = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(3)
batch_size = 3
truncated_backprop_length = 5
state_size = 4
batchX_placeholder = tf.placeholder(tf.float32, [batch_size, truncated_backprop_length])
batchY_placeholder = tf.placeholder(tf.float32, [batch_size, truncated_backprop_length])
init_state = tf.placeholder(tf.float32, [batch_size, state_size])
W = tf.Variable(tf.random_normal([state_size + 1, state_size], stddev=0.5))
b = tf.Variable(np.zeros((1, state_size)), dtype=tf.float32)
W2 = tf.Variable(tf.random_normal([state_size, 1], stddev=0.5))
inputs_series = tf.unstack(batchX_placeholder, axis=1)
current_state = init_state
states_series = []
for current_input in inputs_series:
    current_input = tf.reshape(current_input, [batch_size, 1])
    input_and_state_concatenated = tf.concat([current_input, current_state], 1)
    next_state = tf.tanh(tf.matmul(input_and_state_concatenated, W) + b)
    states_series.append(next_state)
    current_state = next_state
last = tf.matmul(states_series[-1], W2)
total_loss = tf.reduce_mean(tf.square(last[:, 0] - batchY_placeholder[:, -1]))
train_step = tf.train.AdagradOptimizer(0.3).minimize(total_loss)
rng = np.random.RandomState(0)
x = rng.randint(0, 2, (batch_size, truncated_backprop_length)).astype(np.float32)
y = np.roll(x, 2, axis=1)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    _current_state = np.zeros((batch_size, state_size))
    for batch_idx in range(9):
        feed = {batchX_placeholder: x, batchY_placeholder: y, init_state: _current_state}
        _total_loss, _train_step = sess.run([total_loss, train_step], feed_dict=feed)
        if batch_idx % 3 == 0:
            print("Step", batch_idx, "Loss", _total_loss)
    print(sess.run(current_state, feed_dict=feed))
"""

SEEDED = {
    "seeded_recurrence_appended": RECURRENCE,
    # the appended item read back by index in the same pass (``outputs[t]``, ``outputs[-1]``) by a second list
    "seeded_recurrence_read_back": RECURRENCE.replace(
        "    outputs.append(state)\n",
        "    outputs.append(state * 0.5)\n    doubled.append(outputs[t] + outputs[-1] * tf.reduce_sum(W))\n",
    )
    .replace("outputs = []\n", "outputs = []\ndoubled = []\n")
    .replace("outputs[-1], V)", "doubled[-1], V)"),
    "seeded_echo_rnn": ECHO,
}

# A module binding ``range`` itself (here one pass fewer): the count is not Python's, so the loop is not unrolled.
SHADOWED_RANGE = RECURRENCE.replace(
    "T = 4\n", "T = 4\n_range = range\n\n\ndef range(n):\n    return _range(n - 1)\n\n\n"
)


@pytest.fixture(scope="module")
def seeded_outcomes():
    programs = {**SEEDED, "seeded_recurrence_shadowed_range": SHADOWED_RANGE}
    return evaluate([Program(name, source, {"random": "seeded"}) for name, source in programs.items()])


@pytest.mark.parametrize("name", sorted(SEEDED))
def test_unrolled_recurrences_print_tf1s_numbers(seeded_outcomes, name: str) -> None:
    assert_session_free_with_baseline_numbers(seeded_outcomes[name])


def test_a_loop_over_a_range_the_module_binds_keeps_the_graph_tier_and_tf1s_numbers(seeded_outcomes) -> None:
    outcome = seeded_outcomes["seeded_recurrence_shadowed_range"]
    assert_baseline_numbers(outcome)  # TF1 built three passes; so does the graph tier kept
    assert not outcome.session_free
    found = reasons(SHADOWED_RANGE)
    assert len(found) == 1 and "the module binds `range` itself" in found[0], found


@pytest.mark.parametrize("builtin", ["range", "len"])
def test_a_count_read_from_a_builtin_the_module_binds_is_not_unrolled(builtin: str) -> None:
    """``len`` too (``range(len(SIZES))``): a module binding the name, even to itself, is not read as Python's."""
    source = RECURRENCE.replace("T = 4\n", "T = 4\nSIZES = [1, 2, 3, 4]\n").replace("range(T)", "range(len(SIZES))")
    assert reasons(source) == [], reasons(source)  # Python's builtins: unrolled
    shadowed = source.replace("SIZES = [1, 2, 3, 4]\n", f"SIZES = [1, 2, 3, 4]\n{builtin} = {builtin}\n")
    found = reasons(shadowed)
    assert len(found) == 1 and LOOP_REFUSED in found[0] and f"the module binds `{builtin}` itself" in found[0], found


def test_a_list_read_back_by_index_in_its_loop_runs_eagerly() -> None:
    program = load_programs(["kyuye_rnn_outputs_read_by_index"])[0]
    outcome = evaluate([program])[program.name]
    assert_session_free_with_baseline_numbers(outcome)
    assert "tf.matmul(out_1" in outcome.migrated_text, outcome.migrated_text  # ``out[0]``: the item the pass named


LOOP_REFUSED = "`state` is a graph value and is rebound by a statement in a `for` loop"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        # the bound is known only when the program runs: TF1 unrolled whatever it was then
        (("T = 4\n", 'T = int("4")\n'), "the loop runs over `range(T)`, whose length the code does not state"),
        (("T = 4\n", "T = 40\n"), "the loop runs 40 passes, more than the 32 the unrolling writes out"),
        # the list read whole: its length changes from pass to pass
        (
            ("    outputs.append(state)\n", "    outputs.append(state * len(outputs))\n"),
            "it reads the list `outputs` it fills other than by one index (`outputs[i]`)",
        ),
        # a function reading the list, defined before the loop: read where it is called, not where it is defined
        (
            ("outputs = []\n", "outputs = []\n\n\ndef item(k):\n    return outputs[k]\n\n\n"),
            "the list `outputs` it fills is read by the function `item`, defined between its `[]` and the loop",
        ),
        # an item the list does not hold yet: TF1 raised IndexError when it built the graph
        (
            ("    outputs.append(state)\n", "    outputs.append(state + outputs[t - 1])\n"),
            "a read of a list it fills names no item the list holds then",
        ),
    ],
)
def test_a_loop_not_unrolled_keeps_the_graph_tier_saying_why(change, reason) -> None:
    found = reasons(RECURRENCE.replace(*change))
    assert len(found) == 1 and LOOP_REFUSED in found[0] and reason in found[0], found
