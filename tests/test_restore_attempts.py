"""A restore inside ``try: ... except ...:`` (held-out 22, sr_train_test; session/restore_attempts.py): the "resume if
possible" form. Run twice as the TF1 baseline (no checkpoint: the handler; then the checkpoint the first run saved:
restored) and migrated: session-free, the baseline's text and numbers both runs, on the TF1 checkpoint and on its
own. The fixtures TFM201/eager_restore_tried_* run both paths and a checkpoint lacking a variable in one program."""

from __future__ import annotations

import pytest
from program_checks import assert_resumes_like_the_baseline, assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate

RESUME = """\
import numpy as np
import tensorflow as tf

np.random.seed(0)
tf.set_random_seed(1)
x_data = np.random.rand(100, 3).astype(np.float32)
y_data = x_data.dot(np.array([[0.1], [0.2], [0.3]], dtype=np.float32)) + 0.3

X = tf.placeholder(tf.float32, [None, 3])
Y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable(tf.random_normal([3, 1]), name="weights")
b = tf.Variable(tf.zeros([1]), name="bias")
loss = tf.reduce_mean(tf.square(tf.matmul(X, W) + b - Y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
saver = tf.train.Saver()
ckpt_path = "./resume/model.ckpt"

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    try:
        saver.restore(sess, ckpt_path)
        print("restored")
    except Exception:
        print("fresh start")
    for step in range(20):
        _, l = sess.run([train, loss], feed_dict={X: x_data, Y: y_data})
        if step % 5 == 0:
            print(step, l)
    saver.save(sess, ckpt_path)
    print(sess.run(W).ravel(), sess.run(b))
"""

INITIALISES = RESUME.replace(
    """    sess.run(tf.global_variables_initializer())
    try:
        saver.restore(sess, ckpt_path)
        print("restored")
    except Exception:
        print("fresh start")
""",
    """    try:
        saver.restore(sess, ckpt_path)
        print("restored")
    except:
        print("fresh start")
        sess.run(tf.global_variables_initializer())
""",
)
PROGRAMS = {"resume": RESUME, "initialises": INITIALISES}
META = {"random": "seeded", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-", "checkpoint": "resume"}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([Program(name, source, META) for name, source in PROGRAMS.items()])


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_the_fresh_run_and_the_resumed_run_keep_the_baseline_text_and_numbers(outcomes, name) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    same, why = outcome.resume_match()  # the migrated program restores the checkpoint the TF1 program wrote
    assert same, why
    assert "fresh start" in outcome.baseline.stdout and "restored" in outcome.baseline_resume.stdout
    assert "restore_checkpoint_whole(ckpt_path)" in outcome.migrated_text


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_the_migrated_program_resumes_from_its_own_checkpoint(outcomes, name, tmp_path) -> None:
    first, second = assert_resumes_like_the_baseline(outcomes[name], tmp_path)
    assert first.splitlines()[0] == "fresh start" and second.splitlines()[0] == "restored"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(
            ('    except Exception:\n        print("fresh start")', "    except Exception as e:\n        print(e)"),
            "handler reads the exception",
            id="handler reads the exception",
        ),
        pytest.param(
            ('        print("fresh start")\n', '        print("fresh start")\n    finally:\n        print("done")\n'),
            "with a `finally:`",
            id="finally",
        ),
    ],
)
def test_a_try_other_than_the_resume_form_keeps_the_graph_tier(change, reason) -> None:
    found = reasons(RESUME.replace(*change))
    assert len(found) == 1 and reason in found[0], found
