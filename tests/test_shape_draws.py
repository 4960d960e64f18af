"""Random draws shaped by what a run feeds, and summaries of random values (held-out set 27, ya_vae_saver): a VAE's
``epsilon = tf.random_normal(tf.shape(logvar))`` is drawn once per run in TF1, and every value of that run (the
train step's loss, a fetched loss, a merged summary of it) reads that one draw. The eager program draws it at the
run site from the run's feeds (a shape reads no variable's value) and passes it to each function
(session/shared_draws.py), so a summary fetched beside the train op is computed from the step's own draw. Each
program runs as the TF1 baseline and, migrated, on TF 2.21: seeded programs must print the baseline's numbers and
write its summaries exactly. What is not drawn from constants or shapes keeps the graph tier with its reason."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, eager, reasons_by_line, summary_events
from session_harness import Program, evaluate, load_programs

SHAPED = ["vae_summary_shape_draw_saver", "ageron_15_variational_autoencoder"]

VAE = load_programs(["vae_summary_shape_draw_saver"])[0].source
PLAIN = """\
import tensorflow as tf

tf.set_random_seed(0)
w = tf.Variable(0.5)
data = tf.placeholder(tf.float32, [None, 2])
x = tf.random_normal(tf.shape(data))
y_true = x * 0.8 + data
y_predict = x * w
error = tf.reduce_mean(tf.square(y_predict - y_true))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(error, {data: [[1.0, 2.0]]}))
    print(sess.run([x, x * 2], {data: [[1.0, 2.0], [3.0, 4.0]]}))
"""
VARIANTS = {
    # a run fetching the summary alone draws once, as TF1's did
    "summary_fetched_alone": VAE.replace(
        '            print("Step {0} | Loss: {1}".format(step, cur_loss))\n',
        '            print("Step {0} | Loss: {1}".format(step, cur_loss))\n'
        "            summary_writer.add_summary(sess.run(summary_op, feed_dict=feed_dict), 100 + step)\n",
    ),
    # the draw shaped by the placeholder itself; a fetch list of the draw and an expression of it
    "shaped_by_the_placeholder": PLAIN,
}
META = {"random": "seeded", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("shape-draws")
    programs = load_programs(SHAPED) + [Program(name, source, META) for name, source in VARIANTS.items()]
    return root, evaluate(programs, root=root)


@pytest.mark.parametrize("name", SHAPED + sorted(VARIANTS))
def test_draws_shaped_by_the_feeds_run_eagerly_with_the_baseline_numbers(runs, name) -> None:
    _, outcomes = runs
    assert_session_free_with_baseline_numbers(outcomes[name])


def test_the_vae_resumes_from_the_baseline_checkpoint(runs) -> None:
    _, outcomes = runs
    outcome = outcomes["vae_summary_shape_draw_saver"]
    resumed, why = outcome.resume_match()
    assert resumed, why
    assert outcome.migrated_resume is not None and "Restoring saved parameters" in outcome.migrated_resume.stdout


@pytest.mark.parametrize("name", ["vae_summary_shape_draw_saver", "summary_fetched_alone"])
def test_the_summaries_hold_the_baseline_values(runs, name) -> None:
    """The loss summary is computed from the run's one draw of epsilon: the value TF1 wrote at each step."""
    root, _ = runs
    want, got = summary_events(root / "base" / name), summary_events(root / "mig" / name)
    assert any(tag == "lowerbound" for _, tag, _ in want)
    assert got.keys() == want.keys()
    for key, value in want.items():
        assert got[key] == pytest.approx(value, rel=1e-4, abs=1e-6), key


def test_the_run_draws_epsilon_from_its_feeds_once_and_passes_it() -> None:
    text = eager(VAE)
    assert "def epsilon(x):" in text
    assert 'epsilon_drawn = epsilon(feed_dict["x"])' in text
    assert 'summary_op(tf.cast(feed_dict["x"], "float"), epsilon_drawn)' in text
    assert 'train_step(tf.cast(feed_dict["x"], "float"), epsilon_drawn)' in text


def test_the_l2_penalty_summed_with_plus_equals_is_read_layer_by_layer() -> None:
    text = eager(VAE)
    assert "l2_loss = tf.constant(0.0)" in text
    assert "def l2_loss_4():" in text and "return l2_loss_3() + tf.nn.l2_loss(W_dec)" in text


@pytest.mark.parametrize(
    ("source", "line", "reason"),
    [
        pytest.param(
            VAE.replace(
                "x_hat = tf.matmul(z, W_dec) + b_dec", "x_hat = tf.nn.dropout(tf.matmul(z, W_dec), 0.9) + b_dec"
            ),
            64,
            "the summary `lowerbound` reads the random tensor `loss` (eager code draws again) (line 61)",
            id="a summary of a loss through a dropout, whose draw reads a value",
        ),
        pytest.param(
            VAE.replace(
                'epsilon = tf.random_normal(tf.shape(logvar), name="epsilon")',
                'epsilon = tf.random_normal(tf.shape(logvar), name="epsilon") * tf.reduce_mean(W_dec)',
            ),
            64,
            "the summary `lowerbound` reads the random tensor `loss` (eager code draws again) (line 61)",
            id="a summary of a draw scaled by a variable's value",
        ),
    ],
)
def test_summaries_of_draws_not_shown_once_per_run_keep_the_graph_tier(source: str, line: int, reason: str) -> None:
    followups = reasons_by_line(source)
    assert len(followups) == 1, followups
    assert followups[0][0] == line and reason in followups[0][1], followups  # the Saver's line, the summary's
