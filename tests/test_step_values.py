"""Values fetched with training steps that are not ``minimize`` steps, and ``tf.multinomial`` draws, run on TF 2.21.

``_, c, acc = sess.run([train_op, cost, accuracy], feed)`` where ``train_op`` applies clipped
``compute_gradients`` pairs, a decayed rate fetched with the op counting its global step, and a GAN's two train
ops run in one ``sess.run`` with values fetched after them: TF1 computes those values before the update(s), so
the migrated step returns them after its loss(es) (session/forward_fetches.py, session/joint_steps.py).
``tf.multinomial`` is given TF1's op seed (session/seeds.py) and spelled ``tf.random.categorical``, the same
kernel (session/categorical.py). Each program runs as the TF1 baseline and migrated and prints the same numbers;
values TF1 may read after an update keep the graph tier with the reason.
"""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate, load_programs

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

NAMES = [
    "stepvals_clipped_gradients_classifier",
    "stepvals_char_sampling",
    "stepvals_joint_gan_scores",
    "stepvals_decayed_rate_two_optimizers",
    "stepvals_clipped_gradients_weight_dicts",
]
SHOWN = {
    "stepvals_clipped_gradients_classifier": [
        "    accuracy_value = accuracy(x, y)\n    optimizer.apply_gradients(capped_gvs(x, y))",
        "    return loss_value, accuracy_value",
        "_, c, acc = [None, step_values[0].numpy(), step_values[1].numpy()]",
    ],
    "stepvals_clipped_gradients_weight_dicts": [
        "tape.gradient(loss_value, [weights['h1'], weights['out'], biases['b1'], biases['out']])",
        "    return loss_value, accuracy_value",
    ],
    "stepvals_char_sampling": ["tf.random.categorical(logits(inputs) / temperature, 1, seed=1)"],
    "stepvals_joint_gan_scores": [
        "    real_accuracy_value = real_accuracy(disc_input)\n    sample_mean_value = sample_mean(gen_input)\n",
        "return loss_value, loss_value_2, real_accuracy_value, sample_mean_value",
        "losses[2].numpy(), losses[3].numpy()]",
    ],
    "stepvals_decayed_rate_two_optimizers": [
        "    learning_rate_value = learning_rate()\n    with tf.control_dependencies([loss_value]):\n"
        "        optimizer.apply_gradients(zip(train_gradients, variables))\n"
        "    global_step.assign_add(1)\n    return loss_value, learning_rate_value",
        "clip_by_global_norm",
    ],
}

UNSEEDED_DRAWS = """\
import numpy as np
import tensorflow as tf

logits = tf.placeholder(tf.float32, [None, 3])
draws = tf.multinomial(logits, 4, output_dtype=tf.int32)
counts = tf.random.multinomial(tf.log([[0.5, 0.5]]), 6)
with tf.Session() as sess:
    for i in range(3):
        d = sess.run(draws, {logits: np.zeros([2, 3], np.float32)})
        print(d.shape, d.dtype, d.min() >= 0, d.max() <= 2)
    print(sess.run(counts).shape)
"""


@pytest.fixture(scope="module")
def outcomes():
    programs = load_programs(NAMES)
    programs.append(
        Program("unseeded_draws", UNSEEDED_DRAWS, {"random": "unseeded", "source": "-", "licence": "-", "adapted": "-"})
    )
    return evaluate(programs)


@pytest.mark.parametrize("name", NAMES)
def test_step_values_come_from_the_step_with_the_baseline_numbers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    for shown in SHOWN[name]:
        assert shown in outcome.migrated_text, outcome.migrated_text


def test_an_unseeded_multinomial_draw_runs_eagerly_with_tf1s_shapes_and_dtypes(outcomes) -> None:
    """Compared by shape: an unseeded draw is any draw, so only its shape, dtype (``output_dtype``) and range are
    printed, and the migrated program prints the baseline's text."""
    outcome = outcomes["unseeded_draws"]
    assert outcome.session_free, [f.message for f in outcome.migration.followups]
    assert outcome.runs, outcome.migrated.stderr[-2000:] if outcome.migrated else ""
    assert outcome.migrated.stdout == outcome.baseline.stdout  # shapes, dtypes, ranges: no drawn value printed
    assert "(2, 4) int32 True True" in outcome.migrated.stdout
    assert "tf.random.categorical(logits, 4, dtype=tf.int32)" in outcome.migrated_text, outcome.migrated_text
    assert "multinomial" not in outcome.migrated_text.split("import tensorflow as tf", 1)[1]


AFTER_UPDATE = "a value is fetched after the op that updates the variables it reads"
CLIPPED = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
X = tf.placeholder(tf.float32, [None, 3])
Y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable(tf.random_normal([3, 1]), name="W")
b = tf.Variable(tf.zeros([1]), name="b")
logits = tf.matmul(X, W) + b
loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=Y, logits=logits))
{definition}
opt = tf.train.AdamOptimizer(0.05)
grads = opt.compute_gradients(loss)
clipped = [(tf.clip_by_value(g, -1.0, 1.0), v) for g, v in grads]
train = opt.apply_gradients(clipped)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(3):
        _, l, value = sess.run([train, loss, value_fetched], feed_dict={{X: np.ones([2, 3]), Y: np.ones([2, 1])}})
        print(l, value)
"""


@pytest.mark.parametrize(
    ("definition", "expected"),
    [
        pytest.param("value_fetched = tf.reduce_sum(W)", AFTER_UPDATE, id="the updated variable off the loss's path"),
        pytest.param("value_fetched = tf.reshape(W, [3])", AFTER_UPDATE, id="a view of the updated variable"),
        pytest.param(
            "value_fetched = tf.nn.dropout(tf.sigmoid(logits), 0.5)", "random", id="a second draw of a random value"
        ),
    ],
)
def test_a_value_tf1_may_read_after_an_applied_update_keeps_the_graph_tier(definition: str, expected: str) -> None:
    messages = reasons(CLIPPED.format(definition=definition))
    assert any(expected in message for message in messages), messages


def test_a_value_of_the_clipped_steps_forward_pass_is_returned_by_the_step() -> None:
    migrated = migrate_source(
        CLIPPED.format(definition="value_fetched = tf.reduce_mean(tf.sigmoid(logits))"), Options(), "program.py"
    ).migrated
    assert "return loss_value, value_fetched_value" in migrated, migrated
    assert "Session" not in migrated, migrated


def test_a_value_of_the_step_counter_other_than_the_decayed_rate_keeps_the_graph_tier() -> None:
    """The rate is read by the update ops the increment waits for; another reading of the counter is not."""
    source = load_programs(["stepvals_decayed_rate_two_optimizers"])[0].source
    source = source.replace(
        "\nwith tf.Session()", "\ncounted = tf.cast(global_step, tf.float32) * 2.0\nwith tf.Session()"
    )
    source = source.replace("[train_op, loss, learning_rate]", "[train_op, loss, counted]")
    assert "[train_op, loss, counted]" in source and "counted = tf.cast" in source
    messages = reasons(source)
    assert any("fetched after the op that updates" in message for message in messages), messages


UNLISTED = "compute_gradients() over variables tfmigrate cannot list by name"


@pytest.mark.parametrize(
    ("edit", "why"),
    [
        pytest.param(
            (
                '"b1": tf.Variable(tf.zeros([n_hidden])),',
                '"b1": tf.Variable(tf.zeros([n_hidden])),\n    "unused": tf.Variable(1.0),',
            ),
            "an entry the loss does not read (TF1 pairs it with None, which clip_by_value meets)",
            id="an unread entry",
        ),
        pytest.param(
            ('"h1": tf.Variable(', '"h1": tf.Variable(trainable=False, initial_value='),
            "a non-trainable entry",
            id="a non-trainable entry",
        ),
    ],
)
def test_weight_dicts_whose_gradient_list_cannot_be_told_keep_the_graph_tier(edit: tuple[str, str], why: str) -> None:
    source = load_programs(["stepvals_clipped_gradients_weight_dicts"])[0].source
    assert edit[0] in source
    messages = reasons(source.replace(edit[0], edit[1], 1))
    assert any(UNLISTED in message for message in messages), (why, messages)
