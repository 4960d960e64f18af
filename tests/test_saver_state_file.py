"""TF1's ``saver.save(sess, path)`` wrote the ``checkpoint`` state file beside the checkpoint on every save;
``tf.train.latest_checkpoint(dir)`` and ``tf.train.get_checkpoint_state(dir)`` read it. The migrated save writes it
too (tfmigrate/transforms/_checkpoint_state.py), so a program that resumes from its newest checkpoint, its own or
its TF1 version's, finds it after migration, and a TF1 script finds what the migrated program saved. Each program
runs twice in one directory, the TF1 baseline (``tf.compat.v1`` + ``disable_v2_behavior()``) in one, the migrated
program in another, on TF 2.21, each run as a new program in the harness's long-lived child of its mode (a fresh
graph or Keras session and namespace: what a process of its own would start from; program_checks.CHILD_CHECK_ENV
reruns each in a process and compares).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from program_checks import eager, run_as_tf1, run_in_a_shared_child

# The resume check reads the state file itself (os.path.exists): before the fix the migrated program never resumed.
RESUMES_IF_STATE_FILE = """\
import os

import tensorflow as tf

W = tf.Variable([[0.5, -1.0]], name="weight")
update = tf.assign(W, W * 3.0)
saver = tf.train.Saver()
with tf.Session() as sess:
    if os.path.exists("./model/checkpoint"):
        saver.restore(sess, "./model/model.ckpt")
        print("resumed")
    else:
        sess.run(tf.global_variables_initializer())
    sess.run(update)
    print(sess.run(W))
    saver.save(sess, "./model/model.ckpt")
"""

# get_checkpoint_state, then saver.restore(sess, tf.train.latest_checkpoint(dir)): before the fix the graph tier.
RESUMES_FROM_LATEST = """\
import tensorflow as tf

W = tf.Variable([[0.5, -1.0]], name="weight")
update = tf.assign(W, W * 3.0)
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    ckpt = tf.train.get_checkpoint_state("./model")
    if ckpt and ckpt.model_checkpoint_path:
        saver.restore(sess, tf.train.latest_checkpoint("./model"))
        print("resumed", ckpt.model_checkpoint_path)
    sess.run(update)
    print(sess.run(W))
    print("saved", saver.save(sess, "./model/model.ckpt"))
"""

# A dict var_list: the eager rewrite refuses it, the checkpoint-only conversion (_checkpoint.py) converts the Saver.
SAVES_BY_DICT = """\
import tensorflow as tf

W = tf.Variable([[1.5, -3.0]], name="weight")
saver = tf.train.Saver({"weight": W})
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print("saved", saver.save(sess, "./model/model.ckpt"))
"""

FINDS_LATEST = """\
import tensorflow as tf

W = tf.Variable([[0.0, 0.0]], name="weight")
saver = tf.train.Saver()
with tf.Session() as sess:
    path = tf.train.latest_checkpoint("./model")
    print("latest", path)
    saver.restore(sess, path)
    print(sess.run(W))
"""


def _state(directory: Path) -> str:
    return (directory / "model" / "checkpoint").read_text()


@pytest.mark.parametrize(
    "program",
    [
        pytest.param(RESUMES_IF_STATE_FILE, id="resume check reads the state file"),
        pytest.param(RESUMES_FROM_LATEST, id="restore of latest_checkpoint after get_checkpoint_state"),
    ],
)
def test_a_migrated_program_resumes_in_its_next_run_as_tf1_did(program: str, tmp_path: Path) -> None:
    migrated = eager(program)
    baseline = [run_as_tf1(program, tmp_path / "tf1") for _ in range(2)]
    after = [run_in_a_shared_child(migrated, tmp_path / "tf2", graph=False) for _ in range(2)]
    assert "resumed" in baseline[1] and "[[ 4.5 -9. ]]" in baseline[1], baseline
    assert after == baseline
    assert _state(tmp_path / "tf2") == _state(tmp_path / "tf1")  # model_checkpoint_path: "model.ckpt"


def test_a_tf1_checkpoint_restores_in_the_migrated_program(tmp_path: Path) -> None:
    run_as_tf1(RESUMES_FROM_LATEST, tmp_path)
    out = run_in_a_shared_child(eager(RESUMES_FROM_LATEST), tmp_path, graph=False)
    assert "resumed ./model/model.ckpt\n[[ 4.5 -9. ]]\n" in out, out


@pytest.mark.parametrize(
    "program",
    [
        pytest.param(RESUMES_IF_STATE_FILE, id="eager rewrite"),
        pytest.param(SAVES_BY_DICT, id="checkpoint-only conversion"),
    ],
)
def test_a_tf1_script_finds_what_the_migrated_program_saved(program: str, tmp_path: Path) -> None:
    migrated = eager(program)
    assert "Session" not in migrated, migrated
    run_in_a_shared_child(migrated, tmp_path, graph=False)
    out = run_as_tf1(FINDS_LATEST, tmp_path)
    assert "latest ./model/model.ckpt\n[[ 1.5 -3. ]]\n" in out, out
