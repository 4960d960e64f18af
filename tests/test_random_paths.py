"""A random tensor read along several paths (held-out set 10, blocker 1): the learners' linear regression whose data
is ``x = tf.random_normal(...)``, read by the labels and by the prediction; a VAE's ``epsilon =
tf.random_normal(tf.shape(logvar))``, drawn from the shape of what the run feeds, read by the train step and by a loss
summary fetched beside it (held-out set 27, ya_vae_saver). TF1 draws ``x`` once per run and every
consumer in that run sees that draw; the eager program draws it once where the run was and passes it to every
function that reads it (session/shared_draws.py). Each program runs as the TF1 baseline and, migrated, on TF 2.21:
seeded, so the migrated program must print the baseline's numbers exactly (1e-4), which it only does when it draws
as many times as TF1 did. What cannot be drawn once per run keeps the graph tier with its reason."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, eager, reasons_by_line, summary_events
from session_harness import Program, evaluate, load_programs

SHAPED = [
    "draws_course_linear_regression_seeded",
    "draws_course_linear_regression_flags_saver",
    "draws_uniform_data_noisy_labels",
    "draws_summary_beside_train_step",
    "draws_separate_runs_draw_again",
    "vae_summary_shape_draw_saver",  # epsilon drawn from the encoder's output shape (held-out set 27's ya_vae_saver)
    "ageron_15_variational_autoencoder",
]
SUMMARIES = {  # program -> the tag its summary ends with
    "draws_course_linear_regression_flags_saver": "error",
    "draws_summary_beside_train_step": "error",
    "vae_summary_shape_draw_saver": "lowerbound",
    "vae_summary_fetched_alone": "lowerbound",
}
RESUMED = {"draws_course_linear_regression_flags_saver": "restored", "vae_summary_shape_draw_saver": "Restoring saved"}

COURSE = load_programs(["draws_course_linear_regression_seeded"])[0].source
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
    # no graph seed: an op seed on the data, fixed initial values
    "op_seed_only": COURSE.replace("tf.set_random_seed(0)\n", "")
    .replace("mean=0, stddev=1)", "mean=0, stddev=1, seed=9)")
    .replace("initial_value=tf.random_normal(shape=(1, 1))", "initial_value=[[0.3]]"),
    # ``sess.run([optimizer, error])``: the step returns the loss it computed from the run's one draw.
    "train_and_error_fetched": COURSE.replace(
        "            sess.run(optimizer)\n",
        '            _, err = sess.run([optimizer, error])\n            print("fetched error %f" % err)\n',
    ),
    # a second random op adds noise to the labels: both tensors drawn once per run
    "noisy_labels": COURSE.replace(
        "y_true = tf.matmul(x, [[0.8]]) + 0.7",
        "y_true = tf.matmul(x, [[0.8]]) + 0.7 + tf.random_normal(shape=(100, 1), stddev=0.1)",
    ),
    # a fetch list of two values, each reading the data tensor
    "error_and_labels_fetched": COURSE.replace(
        "    with tf.Session() as sess:\n        sess.run(init)\n",
        "    with tf.Session() as sess:\n        sess.run(init)\n        e, t = sess.run([error, y_true])\n"
        '        print("error %f, mean label %f" % (e, t.mean()))\n',
    ),
    # a run fetching the summary alone draws once, as TF1's did
    "vae_summary_fetched_alone": VAE.replace(
        '            print("Step {0} | Loss: {1}".format(step, cur_loss))\n',
        '            print("Step {0} | Loss: {1}".format(step, cur_loss))\n'
        "            summary_writer.add_summary(sess.run(summary_op, feed_dict=feed_dict), 100 + step)\n",
    ),
    # drawn from the shape of a placeholder; a fetch list of the draw and an expression of it
    "shaped_by_the_placeholder": PLAIN,
}
META = {"random": "seeded", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("random-paths")
    programs = load_programs(SHAPED) + [Program(name, source, META) for name, source in VARIANTS.items()]
    return root, evaluate(programs, root=root)


@pytest.mark.parametrize("name", SHAPED + sorted(VARIANTS))
def test_random_tensors_read_along_several_paths_run_eagerly_with_the_baseline_numbers(runs, name) -> None:
    _, outcomes = runs
    assert_session_free_with_baseline_numbers(outcomes[name])


@pytest.mark.parametrize("name", sorted(RESUMED))
def test_the_saver_program_resumes_from_the_baseline_checkpoint(runs, name) -> None:
    _, outcomes = runs
    outcome = outcomes[name]
    resumed, why = outcome.resume_match()
    assert resumed, why
    assert outcome.migrated_resume is not None and RESUMED[name] in outcome.migrated_resume.stdout


@pytest.mark.parametrize("name", sorted(SUMMARIES))
def test_the_summaries_hold_the_baseline_values(runs, name) -> None:
    """The summary is computed from the run's draw: the same value TF1 wrote at each step."""
    root, _ = runs
    want, got = summary_events(root / "base" / name), summary_events(root / "mig" / name)
    assert any(tag.endswith(SUMMARIES[name]) for _, tag, _ in want)
    assert got.keys() == want.keys()
    for key, value in want.items():
        assert got[key] == pytest.approx(value, rel=1e-4, abs=1e-6), key


def test_each_run_draws_the_data_once_and_passes_it() -> None:
    text = eager(COURSE)
    assert "def y_true(x):" in text and "def y_predict(x):" in text and "def error(x):" in text
    assert "optimizer(x())" in text
    assert "error(x()).numpy()" in text


def test_a_fetch_list_reading_the_data_twice_draws_it_first() -> None:
    text = eager(VARIANTS["error_and_labels_fetched"])
    assert "x_drawn = x()" in text
    assert "[error(x_drawn).numpy(), y_true(x_drawn).numpy()]" in text


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


def test_separate_runs_draw_again() -> None:
    """Do no harm: two runs of values of one random tensor draw twice in TF1, and so in the eager program."""
    text = eager(load_programs(["draws_separate_runs_draw_again"])[0].source)
    assert 'print("doubled", doubled(sample()).numpy())' in text
    assert 'print("shifted", shifted(sample()).numpy())' in text
    assert 'print("eval", total(sample()).numpy(), doubled(sample()).numpy())' in text


def test_the_separate_runs_baseline_draws_anew_per_run(runs) -> None:
    """The do-no-harm program would pass with one draw for every run if TF1 drew once: its runs differ."""
    _, outcomes = runs
    printed = outcomes["draws_separate_runs_draw_again"].baseline.stdout
    doubled = printed.split("doubled [")[1].split("]")[0].split()
    shifted = printed.split("shifted [")[1].split("]")[0].split()
    assert [float(s) - 10.0 for s in shifted] != pytest.approx([float(d) / 2.0 for d in doubled])
    assert "difference [10. 10. 10. 10.]" in printed


SHAPED_INPUT = "".join(PLAIN.splitlines(keepends=True)[:-1])  # PLAIN without its second run: the error alone


@pytest.mark.parametrize(
    ("source", "line", "reason"),
    [
        pytest.param(
            SHAPED_INPUT.replace("x = tf.random_normal(tf.shape(data))", "x = tf.random_normal(tf.shape(data)) + data"),
            9,
            "`error` reads the random tensor `x` (line 6) along 2 paths: TF1 draws it once per run, the eager "
            "functions would draw it once per path",
            id="a random tensor that reads a placeholder's value",
        ),
        pytest.param(
            SHAPED_INPUT.replace("x = tf.random_normal(tf.shape(data))", "x = tf.random_normal([1, 2]) * w"),
            9,
            "`error` reads the random tensor `x` (line 6) along 2 paths",
            id="a random tensor that reads a variable",
        ),
        pytest.param(
            """\
import tensorflow as tf

data = tf.placeholder(tf.float32, [None])
noise = tf.random_normal(tf.shape(data)) * data
sess = tf.Session()
print(sess.run([noise, noise * 2], {data: [1.0, 2.0]}))
""",
            6,
            "one run fetches several values of a random tensor",
            id="a fetch list of a random tensor reading a placeholder's value and an expression of it",
        ),
        pytest.param(
            """\
import tensorflow as tf

tf.set_random_seed(1)
x = tf.random_normal([5, 3])
y = x * 2.0
z = y + x
n = z.shape.as_list()[1]
with tf.Session() as sess:
    print(n, sess.run(z))
""",
            7,
            "`z.shape` of a tensor computed from the random tensor `x`",
            id="the static shape of a tensor computed from a shared draw",
        ),
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
def test_draws_not_shown_once_per_run_keep_the_graph_tier(source: str, line: int, reason: str) -> None:
    followups = reasons_by_line(source)
    assert len(followups) == 1, followups
    assert followups[0][0] == line and reason in followups[0][1], followups  # a Saver's line: the construct's ends it
