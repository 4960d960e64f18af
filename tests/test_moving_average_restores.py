"""``tf.train.Saver(ema.variables_to_restore())`` (the evaluation half of the moving-average lesson: TF1 maps each
trainable variable to its shadow's checkpoint name, ``v/ExponentialMovingAverage``) runs eagerly: a generated
function reads a TF1 checkpoint by those names, and a migrated one through a Checkpoint whose attribute is the one
the migrated saving program gave the shadow (``v_ExponentialMovingAverage``). Both ways are run on TF 2.21: the
migrated program restores the TF1 original's checkpoint, and the TF1 original restores the migrated one, with the
same numbers. A save through such a Saver keeps the graph tier (TF1 wrote each variable under its shadow's name).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from program_checks import eager, reasons, run_as_tf1
from session_harness import _job as job
from session_harness import run_jobs

SAVE = """\
import tensorflow as tf

v = tf.Variable(0, dtype=tf.float32, name="v")
w = tf.Variable([1.0, 2.0], name="w")
step = tf.Variable(0, trainable=False, name="step")
ema = tf.train.ExponentialMovingAverage(0.99, step)
maintain_averages_op = ema.apply([v, w])
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(tf.assign(v, 10))
    sess.run(tf.assign(w, [4.0, -2.0]))
    sess.run(tf.assign(step, 10000))
    sess.run(maintain_averages_op)
    print(sess.run([v, w, ema.average(v), ema.average(w)]))
    saver.save(sess, "Saved_model/model2.ckpt")
"""

RESTORE = """\
import tensorflow as tf

v = tf.Variable(0, dtype=tf.float32, name="v")
w = tf.Variable([0.0, 0.0], name="w")
step = tf.Variable(0, trainable=False, name="step")
ema = tf.train.ExponentialMovingAverage(0.99)
saver = tf.train.Saver(ema.variables_to_restore())
with tf.Session() as sess:
    saver.restore(sess, "Saved_model/model2.ckpt")
    print(sess.run([v, w, step]))
"""


def _run(source: str, directory: Path, *, tf1: bool) -> str:
    directory.mkdir(parents=True, exist_ok=True)
    done = run_jobs([job("program", source, directory)], graph=tf1, legacy_keras=False)["program"]
    assert done.ok, f"{source}\n{done.stderr[-3000:]}"
    return done.stdout


def test_the_shadows_restore_into_the_variables_both_ways(tmp_path: Path) -> None:
    save, restore = eager(SAVE), eager(RESTORE)
    assert "Checkpoint(v_ExponentialMovingAverage=v, w_ExponentialMovingAverage=w, step=step)" in restore, restore
    assert '"v/ExponentialMovingAverage": v' in restore and '"step": step' in restore, restore
    tf1, tf2 = tmp_path / "tf1", tmp_path / "tf2"
    assert _run(save, tf2, tf1=False) == run_as_tf1(SAVE, tf1)
    expected = run_as_tf1(RESTORE, tf1)
    assert "0.099999905), array([1.03, 1.96]" in expected and "10000" in expected, expected  # the shadows, the step
    assert _run(restore, tf1, tf1=False) == expected  # the TF1 checkpoint, by the shadows' names
    assert run_as_tf1(RESTORE, tf2) == expected  # the migrated checkpoint, read by TF1
    assert _run(restore, tf2, tf1=False) == expected


@pytest.mark.parametrize(
    "old, new, reason",
    [
        pytest.param(
            "    print(sess.run([v, w, step]))\n",
            "    print(sess.run([v, w, step]))\n    saver.save(sess, 'again.ckpt')\n",
            "a save through a Saver of ema.variables_to_restore()",
            id="saved through it",
        ),
        pytest.param(
            "saver = tf.train.Saver(ema.variables_to_restore())\n",
            "listed = ema.variables_to_restore()\nsaver = tf.train.Saver(listed)\n",
            "other than as the var_list of a tf.train.Saver",
            id="the list bound to a name",
        ),
        pytest.param(
            "ema = tf.train.ExponentialMovingAverage(0.99)\n",
            "ema = tf.train.ExponentialMovingAverage(0.99)\nmaintain = ema.apply([step])\n",
            "the averaged variable `step`, not trainable",
            id="a non-trainable variable averaged",
        ),
    ],
)
def test_what_the_restore_does_not_model_keeps_the_graph_tier(old: str, new: str, reason: str) -> None:
    assert old in RESTORE
    said = reasons(RESTORE.replace(old, new))
    assert len(said) == 1 and reason in said[0], said
