"""The checkpoint-only conversion of TFM201 drops the Sessions' initialiser runs: eager variables hold their initial
values from the start. TF1 ran each initialisation, so one that ran after a restore put the initial values back;
the eager program kept the restored ones and printed them (``fresh [7. 8. 9.]`` for TF1's ``fresh [1. 2. 3.]``).
Where an initialisation may run after a restore (in a later pass of a loop holding both, or in a function called
after the one that restores), the program keeps graph mode. Each program restores a checkpoint an older TF1 program
wrote (other values than the initial ones) and runs on TF 2.21 against the baseline (tf.compat.v1 +
``disable_v2_behavior()``), each in the harness's shared child of its mode (graph for the baseline and graph-tier
output, eager for converted output; ``TFMIGRATE_CHILD_CHECK=1`` reruns each in a process of its own and compares);
a function that initialises before the one that restores is still converted."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from program_checks import run_in_a_shared_child
from session_harness import ATOL, RTOL, Program, numbers

from tfmigrate import Options, migrate_source

OLD = """\
import tensorflow as tf

v = tf.Variable([7.0, 8.0, 9.0], name="v")
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    tf.train.Saver().save(sess, "./old/model.ckpt")
"""

LOOP = """\
import tensorflow as tf

v = tf.Variable([1.0, 2.0, 3.0], name="v")
saver = tf.train.Saver({"v": v})
for step in range(3):
    with tf.Session() as sess:
        if step == 1:
            saver.restore(sess, "./old/model.ckpt")
        else:
            sess.run(tf.global_variables_initializer())
        print(step, sess.run(v))
"""

FUNCTIONS = """\
import tensorflow as tf

v = tf.Variable([1.0, 2.0, 3.0], name="v")
saver = tf.train.Saver()


def evaluate():
    with tf.Session() as sess:
        saver.restore(sess, "./old/model.ckpt")
        print("restored", sess.run(v))


def fresh():
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print("fresh", sess.run(v))


evaluate()
fresh()
"""

IN_ORDER = FUNCTIONS.replace("evaluate()\nfresh()\n", "fresh()\nevaluate()\n")
PROGRAMS = {"loop": (LOOP, True), "functions": (FUNCTIONS, True), "in_order": (IN_ORDER, False)}
META = {"random": "none", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}


@pytest.fixture(scope="module")
def old(tmp_path_factory) -> Path:
    """A folder holding ``old/model.ckpt``, the checkpoint the older TF1 program wrote."""
    folder = tmp_path_factory.mktemp("old")
    run_in_a_shared_child(Program("old", OLD, META).baseline_source, folder, graph=True)
    return folder / "old"


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_an_initialisation_after_a_restore_keeps_its_values(name: str, old: Path, tmp_path: Path) -> None:
    source, declined = PROGRAMS[name]
    result = migrate_source(source, Options(), f"{name}.py")
    followups = [f.line for f in result.followups if f.code == "TFM201"]
    assert result.migrated is not None
    assert ("Session" in result.migrated) == declined, result.migrated
    if declined:
        assert "disable_v2_behavior()" in result.migrated and followups, (result.migrated, followups)
    printed = []
    runs = (("baseline", Program(name, source, META).baseline_source, True), ("migrated", result.migrated, declined))
    for kind, text, graph in runs:
        shutil.copytree(old, tmp_path / kind / "old")
        printed.append(numbers(run_in_a_shared_child(text, tmp_path / kind, graph=graph)))
    want, got = printed
    assert want.size >= 6 and got.shape == want.shape and np.allclose(got, want, rtol=RTOL, atol=ATOL), (want, got)
