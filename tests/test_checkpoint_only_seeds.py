"""The checkpoint-only conversion of TFM201 (``_checkpoint.Analysis``: Sessions that only initialise, read, save and
restore are unwrapped) meets only the Session programs the eager rewrite refused, and there a seeded random draw
keeps graph mode: eager TF2 gives a draw other numbers than the op seed of its place in TF1's graph (or, for two ops
given one seed, continues one stream where TF1 started two), so the variables printed and saved were others. Each
program below reaches it for another reason the eager rewrite has (Sessions in several functions, a dict
``var_list``, ``InteractiveSession`` with one); run on TF 2.21 against the baseline (tf.compat.v1 +
``disable_v2_behavior()``), each now prints TF1's numbers, and an unseeded one is still converted."""

from __future__ import annotations

from pathlib import Path

import pytest
from program_checks import assert_baseline_numbers, assert_session_free_with_baseline_numbers, reasons_by_line
from session_harness import Program, evaluate

SEEDED_FUNCTIONS = """\
import tensorflow as tf

tf.set_random_seed(1234)
with tf.variable_scope("model"):
    W = tf.get_variable("W", [3, 2])
    b = tf.get_variable("b", [2], initializer=tf.random_normal_initializer(stddev=0.1))
saver = tf.train.Saver([W, b])


def save_model(path):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print("W", sess.run(W))
        print("b", sess.run(b))
        saver.save(sess, path)


def load_model(path):
    with tf.Session() as sess:
        saver.restore(sess, path)
        print("restored", sess.run([W, b]))


save_model("./m.ckpt")
load_model("./m.ckpt")
"""

# No graph seed: w2 holds w1's first numbers in TF1 (each op starts the stream (default, 1)); eager TF2 reuses one
# kernel for both, and w2 continued w1's stream.
SHARED_OP_SEED = """\
import tensorflow as tf

w1 = tf.Variable(tf.random_normal([2, 3], seed=1), name="w1")
w2 = tf.Variable(tf.random_normal([3, 1], seed=1), name="w2")
saver = tf.train.Saver()


def save():
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print(sess.run(w1))
        print(sess.run(w2))
        saver.save(sess, "./m.ckpt")


def restore():
    with tf.Session() as sess:
        saver.restore(sess, "./m.ckpt")
        print(sess.run(w2))


save()
restore()
"""

SEEDED_DICT = (Path(__file__).parent / "fixtures" / "TFM201" / "seeded_dict_var_list.before.py").read_text()

SEEDED_INTERACTIVE = """\
import tensorflow as tf

tf.set_random_seed(5)
sess = tf.InteractiveSession()
a = tf.Variable(tf.random_normal([2, 3], stddev=0.5), name="a")
saver = tf.train.Saver({"a": a})
tf.global_variables_initializer().run()
print(a.eval())
saver.save(sess, "./a.ckpt")
sess.close()
"""

UNSEEDED_FUNCTIONS = """\
import tensorflow as tf

v1 = tf.Variable([1.0, 2.0, 3.0], name="v1")
v2 = tf.Variable(tf.zeros([2, 2]) + 4.5, name="v2")
saver = tf.train.Saver()


def save():
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print(sess.run(v1), sess.run(v2))
        saver.save(sess, "./m.ckpt")


def restore():
    with tf.Session() as sess:
        saver.restore(sess, "./m.ckpt")
        print(sess.run(v1), sess.run(v2))


save()
restore()
"""

SEEDED = {
    "seeded_functions": SEEDED_FUNCTIONS,
    "shared_op_seed": SHARED_OP_SEED,
    "seeded_dict": SEEDED_DICT,
    "seeded_interactive": SEEDED_INTERACTIVE,
}
META = {"source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}


@pytest.fixture(scope="module")
def outcomes():
    programs = [Program(name, source, {**META, "random": "seeded"}) for name, source in SEEDED.items()]
    programs.append(Program("unseeded_functions", UNSEEDED_FUNCTIONS, {**META, "random": "none"}))
    return evaluate(programs)


EAGER = {"seeded_dict", "seeded_interactive"}  # the eager rewrite takes them whole (a dict Saver's keys name them)


@pytest.mark.parametrize("name", sorted(SEEDED))
def test_a_seeded_draw_keeps_graph_mode_and_the_baseline_numbers(outcomes, name: str) -> None:
    """The checkpoint-only path declines seeded draws; where the whole program is rewritten eagerly (a dict Saver
    whose keys name the variables, an InteractiveSession) the draws stream TF1's, so the numbers are the baseline's
    either way."""
    outcome = outcomes[name]
    if name in EAGER:
        assert_session_free_with_baseline_numbers(outcome)
    else:
        assert not outcome.session_free and outcome.explained, outcome.migrated_text
        assert_baseline_numbers(outcome)
    assert outcome.numbers_match()[0] and len(outcome.baseline.stdout.split()) > 3


def test_the_follow_up_names_why_the_eager_rewrite_refused() -> None:
    assert [line for line, _ in reasons_by_line(SEEDED_FUNCTIONS)] == [7]


def test_an_unseeded_program_is_still_converted(outcomes) -> None:
    assert_session_free_with_baseline_numbers(outcomes["unseeded_functions"])
