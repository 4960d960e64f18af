"""Gradient accumulation, the TF1 recipe of Stack Overflow 46772685 (tests/programs/so46772685_accumulate_gradients.py):
accumulators made by a comprehension over ``tf.trainable_variables()``, zero and ``assign_add`` ops by comprehensions,
``apply_gradients`` of the (accumulator, variable) pairs, run as zero, one accumulating run per mini-batch, apply.
Written out per variable (session/accumulator_lists.py), it comes out session-free with the TF1 baseline's numbers
on TF 2.21: the accumulators as ``tf.Variable``s made once, one ``tf.function`` per mini-batch taking the gradients
once, an apply step; resumed from the TF1 Saver's checkpoint (accumulators and Adam's slots by TF1's names). Where
the eager form cannot be shown to keep TF1's numbers, the graph tier keeps a true reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from program_checks import (
    assert_session_free_with_baseline_numbers,
    evaluate_sources,
    migrated_with_reasons,
    restored_from_the_tf1_checkpoint,
)
from test_named_refusals import ACCUMULATE

NAME = "so46772685_accumulate_gradients"
PROGRAM = (Path(__file__).parent / "programs" / f"{NAME}.py").read_text()
META = dict(random="seeded", source="Stack Overflow 46772685", licence="CC BY-SA 3.0", adapted="-")
APPLY = "        sess.run(train_step)\n"
PRINT = '        print("step %d rmse %.6f" % (step, sess.run(rmse, feed_dict={X: Xs.reshape(-1, 4), y: ys.reshape(-1, 1)})))\n'
ACCUMULATE_RUN = "            sess.run(accum_ops, feed_dict={X: Xs[i], y: ys[i]})\n"
KEPT = "tf.train.Saver kept in graph mode (tf.compat.v1.train.Saver) with its Session program"
RECIPE = "gradient accumulation (`accum_vars`: a variable per trainable variable made in a list comprehension or loop"


def test_the_module_level_recipe_comes_out_session_free_with_the_baseline_numbers() -> None:
    outcomes = evaluate_sources({NAME: PROGRAM, "one_weight": ACCUMULATE}, META, resuming=frozenset({NAME}))
    for name, outcome in outcomes.items():
        assert_session_free_with_baseline_numbers(outcome)
        migrated = outcome.migrated_text or ""
        assert "apply_gradients(train_step_pairs())" in migrated, (name, migrated)
        assert migrated.count("tape.gradient(") == 1, (name, migrated)  # one step per mini-batch, not one per assign
    migrated = restored_from_the_tf1_checkpoint(outcomes[NAME])
    assert "@tf.function\ndef accum_ops_0_step(X, y):" in migrated, migrated
    for index, variable in enumerate(("W1", "b1", "W2", "b2")):  # TF1 named them after the weights' Variable_3
        made = f'tf.Variable(tf.compat.v1.zeros_like({variable}.read_value()), trainable=False, name="Variable_{4 + index}")'
        assert f"accum_vars_{index} = {made}" in migrated, migrated


def _line(source: str, text: str) -> int:
    return next(n for n, line in enumerate(source.splitlines(), 1) if text in line and not line.startswith("#"))


@pytest.mark.parametrize(
    ("case", "old", "new", "at", "reason"),
    [
        pytest.param(  # the apply waits for no forward value: TF1 printed the loss before or after it, run by run
            "loss_beside_apply",
            APPLY + PRINT,
            "        value, _ = sess.run([rmse, train_step], feed_dict={X: Xs.reshape(-1, 4), y: ys.reshape(-1, 1)})\n"
            '        print("step %d rmse %.6f" % (step, value))\n',
            "value, _ = sess.run",
            "one run fetches `rmse` beside `train_step`, the apply of accumulated gradients, which it does not wait "
            "for: TF1 ran the two in no set order (the value read before or after the update)",
            id="loss fetched beside the apply",
        ),
        pytest.param(  # TF1 drew the dropout mask once per run for every accumulator
            "dropout",
            "hidden = tf.nn.relu(tf.matmul(X, W1) + b1)\n",
            "hidden = tf.nn.dropout(tf.nn.relu(tf.matmul(X, W1) + b1), 0.8)\n",
            "sess.run(accum_ops",
            "one run assigns gradients of `rmse`, which draws random values",
            id="random loss",
        ),
        pytest.param(  # the list is read otherwise than by the recipe: its pieces are not written out
            "accumulators_read",
            "saver = tf.train.Saver()\n",
            "saver = tf.train.Saver()\nprint(len(accum_vars))\n",
            "accum_vars = [",
            RECIPE,
            id="accumulators read elsewhere",
        ),
        pytest.param(  # one assign op of the list run alone: op_lists reads only whole lists
            "one_accumulator_run",
            ACCUMULATE_RUN,
            ACCUMULATE_RUN.replace("accum_ops,", "accum_ops[0],"),
            "accum_vars = [",
            RECIPE,
            id="an element of the op list run",
        ),
        pytest.param(  # trainable accumulators would join tf.trainable_variables() and the slots
            "trainable_accumulators",
            ", trainable=False) for tv in tvs]",
            ") for tv in tvs]",
            "accum_vars = [",
            RECIPE,
            id="accumulators trainable",
        ),
        pytest.param(  # tf.trainable_variables() over layers and variables: its TF1 order is not listed
            "layers",
            "hidden = tf.nn.relu(tf.matmul(X, W1) + b1)\n",
            "hidden = tf.layers.dense(tf.nn.relu(tf.matmul(X, W1) + b1), 8)\n",
            "tvs = tf.trainable_variables()",
            "a variable list over tf.layers layers and other variables",
            id="a tf.layers layer among the variables",
        ),
    ],
)
def test_a_recipe_not_shown_to_keep_tf1s_numbers_keeps_the_graph_tier(
    case: str, old: str, new: str, at: str, reason: str
) -> None:
    source = PROGRAM.replace(old, new, 1)
    assert source != PROGRAM, case
    migrated, reasons = migrated_with_reasons(source)
    assert migrated is not None and "tf.compat.v1.Session" in migrated, case
    line = _line(source, at)
    assert len(reasons) == 1 and reasons[0][0] == _line(source, "saver = tf.train.Saver()"), (case, reasons)
    assert reasons[0][1].startswith(KEPT) and f"Needs graph mode: {reason}" in reasons[0][1], (case, reasons)
    assert f"(line {line})" in reasons[0][1], (case, reasons)


ONE_DRAW = """\
import tensorflow as tf

tf.set_random_seed(5)
r = tf.random_normal([2])
a = tf.Variable(tf.zeros([2]))
b = tf.Variable(tf.zeros([2]))
set_a = a.assign(r)
set_b = b.assign(r * 2.0)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run([set_a, set_b])
    print(sess.run(a) * 2.0 - sess.run(b))
"""


def test_assign_ops_of_one_random_draw_run_together_keep_the_graph_tier() -> None:
    """TF1 drew ``r`` once for the run (the program prints ``[0. 0.]``); one eager function per assign drew it twice
    (TF 2.21 printed other numbers before this refusal)."""
    migrated, reasons = migrated_with_reasons(ONE_DRAW)
    assert migrated is not None and "disable_v2_behavior" in migrated
    assert len(reasons) == 1 and reasons[0][0] == 11, reasons
    assert "one run fetches assign ops `set_a` and `set_b` of one random draw (TF1 drew once per run" in reasons[0][1]
