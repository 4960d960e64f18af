"""A seeded dropout shared by the training runs and the evaluation runs interleaved with them draws TF1's masks.

In TF1 one ``tf.nn.dropout`` op serves both: every ``sess.run`` that evaluates it advances its stream, the
evaluation (``keep_prob`` fed 1.0) too. Eager TF2 draws from one kernel per op, so one stream, across every eager
call; a train step traced as a ``tf.function`` draws from a kernel, so a stream, of its own, and after the first
evaluation its masks would differ from TF1's (held-out finding). The migrated program draws each such dropout from a
``tf.random.Generator`` on the op's TF1 stream (dropout_streams.py), shared by the traced step and the eager
evaluations; where a seeded draw is no such dropout (``tf.multinomial``, a graph seed held in a name), a step that
draws runs eagerly (seeds.run_time_draws). A step that draws nothing stays traced whatever else draws (a sample
taken outside it runs eagerly, on TF1's stream); so do steps where draws only make initial values, and unseeded
dropouts.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from program_checks import run_in_a_shared_child
from session_harness import ATOL, RTOL, Program, evaluate, numbers

from tfmigrate import Options, migrate_source

# The shape of TF's "Deep MNIST for experts" loop: accuracy.eval every 100 steps with keep_prob 1.0, then the step.
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
sess = tf.InteractiveSession()
sess.run(tf.global_variables_initializer())
for i in range(60):
    start = (i * 16) % 64
    batch = (data[start:start + 16], labels[start:start + 16])
    if i % 20 == 0:
        print("step %d, training accuracy %g" % (i, accuracy.eval(feed_dict={x: batch[0], y_: batch[1], keep_prob: 1.0})))
    train_step.run(feed_dict={x: batch[0], y_: batch[1], keep_prob: 0.5})
print("loss %g" % cross_entropy.eval(feed_dict={x: data, y_: labels, keep_prob: 1.0}))
print("W2", sess.run(W2)[0])
"""

# Seeded draws that only make initial values (in a helper, bound to a name first, returned by a helper): no op
# draws while the graph runs, so the train step in the loop stays a tf.function.
INITIAL_ONLY = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)


def weight_variable(shape):
    initial = tf.truncated_normal(shape, stddev=0.1)
    return tf.Variable(initial)


def xavier_init(shape):
    return tf.random_normal(shape=shape, stddev=0.1)


x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 1])
W = weight_variable([4, 3])
V = tf.Variable(xavier_init([3, 1]))
loss = tf.reduce_mean(tf.square(tf.matmul(tf.nn.relu(tf.matmul(x, W)), V) - y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
data = np.ones((8, 4), np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        _, value = sess.run([train, loss], {x: data, y: np.ones((8, 1), np.float32)})
        print(step, value)
"""

# A sampling op drawn while the graph runs, outside the train step's loss, between the steps and after them.
SAMPLER = INITIAL_ONLY.replace("data = np.ones", "sample = tf.multinomial(tf.matmul(x, W), 1)\ndata = np.ones").replace(
    "        print(step, value)\n",
    "        print(step, value, sess.run(sample, {x: data}).ravel())\n    print(sess.run(sample, {x: data}).ravel())\n",
)

# The same sample, and a helper drawing noise into the step's loss: the step draws, so it runs eagerly.
HELPER_NOISE = SAMPLER.replace(
    "x = tf.placeholder",
    "def noisy(t):\n    return t + tf.random_normal(tf.shape(t), stddev=0.01)\n\n\nx = tf.placeholder",
).replace(
    "tf.square(tf.matmul(tf.nn.relu(tf.matmul(x, W)), V)", "tf.square(tf.matmul(tf.nn.relu(tf.matmul(noisy(x), W)), V)"
)

# The dropout drawn inside the step beside a sample drawn outside it: no Generator (a run-time draw that is no
# dropout), so the step that draws the dropout runs eagerly, on the op's kernel as TF1 did.
INTERLEAVED_SAMPLER = (
    INTERLEAVED.replace(
        "sess = tf.InteractiveSession()", "sample = tf.multinomial(y_conv, 1)\nsess = tf.InteractiveSession()"
    )
    + 'print("sample", sess.run(sample, feed_dict={x: data[:8], keep_prob: 1.0}).ravel())\n'
)


# Two Sessions one after the other: TF1 restarts every seeded op's stream in the second, the dropout's too.
TWO_SESSIONS = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(3)
rng = np.random.RandomState(0)
data = rng.rand(32, 5).astype(np.float32)
target = rng.rand(32, 1).astype(np.float32)
x = tf.placeholder(tf.float32, [None, 5])
y = tf.placeholder(tf.float32, [None, 1])
keep_prob = tf.placeholder(tf.float32)
W = tf.Variable(tf.random_normal([5, 8]))
V = tf.Variable(tf.random_normal([8, 1]))
h = tf.nn.dropout(tf.nn.relu(tf.matmul(x, W)), keep_prob)
loss = tf.reduce_mean(tf.square(tf.matmul(h, V) - y))
train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(20):
        sess.run(train, feed_dict={x: data, y: target, keep_prob: 0.5})
        if step % 5 == 0:
            print(step, sess.run(loss, feed_dict={x: data, y: target, keep_prob: 1.0}))
    print(sess.run(V)[:3, 0])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(20):
        sess.run(train, feed_dict={x: data, y: target, keep_prob: 0.5})
        if step % 5 == 0:
            print(step, sess.run(loss, feed_dict={x: data, y: target, keep_prob: 1.0}))
    print(sess.run(V)[:3, 0])
"""


def _step_decorators(source: str) -> list[str]:
    result = migrate_source(source, Options(), "program.py")
    assert result.migrated is not None, result.error
    assert "Session" not in result.migrated, [f.message for f in result.followups]
    lines = result.migrated.splitlines()
    return [lines[i + 1] for i, line in enumerate(lines) if line.strip() == "@tf.function"]


@pytest.mark.parametrize(
    ("source", "traced"),
    [
        pytest.param(INTERLEAVED, ["def train_step(x, y_, keep_prob):"], id="dropout from its Generator: traced step"),
        pytest.param(
            INTERLEAVED.replace("tf.set_random_seed(0)", "SEED = 0\ntf.set_random_seed(SEED)"),
            [],
            id="graph seed held in a name: eager step",
        ),
        pytest.param(
            INTERLEAVED.replace("tf.set_random_seed(0)\n", ""),
            ["def train_step(x, y_, keep_prob):"],
            id="unseeded dropout: traced step",
        ),
        pytest.param(SAMPLER, ["def train(x, y):"], id="multinomial drawn outside the step: traced step"),
        pytest.param(INTERLEAVED_SAMPLER, [], id="dropout in the step, multinomial outside: eager step"),
        pytest.param(HELPER_NOISE, [], id="a helper's draw in the step, multinomial outside: eager step"),
        pytest.param(INITIAL_ONLY, ["def train(x, y):"], id="initial values only: traced step"),
    ],
)
def test_a_step_is_traced_unless_it_draws_a_seeded_op_outside_a_generator(source: str, traced: list[str]) -> None:
    assert _step_decorators(source) == traced


def test_interleaved_evaluation_keeps_the_baseline_masks_and_the_op_kernel_in_a_traced_step_would_not(
    tmp_path: Path,
) -> None:
    program = Program("seeded_dropout_interleaved", INTERLEAVED, {"random": "seeded"})
    outcome = evaluate([program], root=tmp_path / "harness")[program.name]
    assert outcome.session_free, outcome.leftovers
    assert outcome.numbers_match() == (True, "same numbers"), (outcome.baseline.stdout, outcome.migrated)
    want = numbers(outcome.baseline.stdout)
    text = outcome.migrated_text
    assert text is not None and "@tf.function\ndef train_step(" in text
    generator = 'dropout_stream = tf.random.Generator.from_key_counter(key=0, counter=[0, 1], alg="philox")\n'
    sampled = "tf.nn.experimental.general_dropout(h(x), rate=1 - keep_prob, uniform_sampler=dropout_stream.uniform)"
    assert text.count(generator) == 1 and text.count(sampled) == 1, text
    # Why the Generator: the traced step drawing from the op's own kernel (seed=1) draws other masks after the first
    # evaluation ran between two steps.
    kernel = text.replace(sampled, "tf.nn.dropout(h(x), rate=1 - keep_prob, seed=1)").replace(generator, "")
    traced = numbers(run_in_a_shared_child(kernel, tmp_path / "kernel", graph=False))
    assert traced.shape == want.shape
    assert np.allclose(traced[:2], want[:2], rtol=RTOL, atol=ATOL)  # before any evaluation ran between two steps
    assert not np.allclose(traced, want, rtol=RTOL, atol=ATOL), (traced, want)


@pytest.mark.parametrize(
    ("name", "source", "traced"),
    [
        pytest.param("seeded_sampler_outside_the_step", SAMPLER, True, id="sample outside the traced step"),
        pytest.param("seeded_dropout_beside_a_sampler", INTERLEAVED_SAMPLER, False, id="dropout in the eager step"),
        pytest.param("seeded_helper_noise_beside_a_sampler", HELPER_NOISE, False, id="helper noise in the eager step"),
    ],
)
def test_draws_outside_a_traced_step_and_inside_an_eager_one_keep_the_baseline_numbers(
    tmp_path: Path, name: str, source: str, traced: bool
) -> None:
    program = Program(name, source, {"random": "seeded"})
    outcome = evaluate([program], root=tmp_path / "harness")[program.name]
    assert outcome.session_free, outcome.leftovers
    assert outcome.numbers_match() == (True, "same numbers"), (outcome.baseline.stdout, outcome.migrated)
    assert len(numbers(outcome.baseline.stdout)) > 3
    text = outcome.migrated_text
    assert text is not None and ("@tf.function\n" in text) is traced, text


def test_a_second_session_resets_the_dropouts_generator_as_tf1_restarted_its_stream(tmp_path: Path) -> None:
    program = Program("seeded_dropout_two_sessions", TWO_SESSIONS, {"random": "seeded"})
    outcome = evaluate([program], root=tmp_path / "harness")[program.name]
    assert outcome.session_free, outcome.leftovers
    assert outcome.numbers_match() == (True, "same numbers"), (outcome.baseline.stdout, outcome.migrated)
    text = outcome.migrated_text
    reset = "tf.random.set_seed(3); dropout_stream.reset_from_key_counter(key=3, counter=[0, 2])\n"
    assert text is not None and text.count(reset) == 1 and "@tf.function\ndef train(" in text, text
    want = numbers(outcome.baseline.stdout)
    assert np.array_equal(want[: len(want) // 2], want[len(want) // 2 :])  # TF1 drew the same masks again
    kept = numbers(
        run_in_a_shared_child(text.replace(reset, "tf.random.set_seed(3)\n"), tmp_path / "kept", graph=False)
    )
    assert kept.shape == want.shape and not np.allclose(kept, want, rtol=RTOL, atol=ATOL), (kept, want)
