"""A restore of TFM201's checkpoint-only conversion stops where TF1's ``saver.restore(sess, path)`` stopped: a
variable the checkpoint lacks (TF1: ``NotFoundError``) and ``path`` None, as ``tf.train.latest_checkpoint`` returns
over a folder with no checkpoint (TF1: ``ValueError``). ``checkpoint.restore(path)`` went on with the initial
values in both (checked on TF 2.21: it printed ``[1. 2. 3.] [4. 5.]`` where TF1 stopped);
``checkpoint.read(path).assert_existing_objects_matched()`` raises in both, as the eager rewrite's restores do.
Each program saves its variables under dict keys (``Saver({"v": v})``), which sends it to the checkpoint-only
conversion; it runs on TF 2.21 against the baseline (tf.compat.v1 + ``disable_v2_behavior()``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from interpreters import run_python
from session_harness import Program
from timeouts import limit

from tfmigrate import Options, migrate_source

OLD = """\
import tensorflow as tf

v = tf.Variable([7.0, 8.0, 9.0], name="v")
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    tf.train.Saver().save(sess, "./old/model.ckpt")
"""

MISSING = """\
import tensorflow as tf

v = tf.Variable([1.0, 2.0, 3.0], name="v")
w = tf.Variable([4.0, 5.0], name="w")
saver = tf.train.Saver({"v": v, "w": w})
with tf.Session() as sess:
    saver.restore(sess, "./old/model.ckpt")
    print("restored", sess.run(v), sess.run(w))
"""

NONE = """\
import tensorflow as tf

v = tf.Variable([1.0, 2.0, 3.0], name="v")
saver = tf.train.Saver({"v": v})
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.restore(sess, tf.train.latest_checkpoint("./old"))
    print("restored", sess.run(v))
"""

COMPLETE = MISSING.replace(', "w": w', "").replace(", sess.run(w)", "")
META = {"random": "none", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}
# program -> (writes the old checkpoint first, TF1 stops)
PROGRAMS = {"missing": (MISSING, True, True), "none": (NONE, False, True), "complete": (COMPLETE, True, False)}


def _run(source: str, folder: Path) -> tuple[bool, str]:
    folder.mkdir(parents=True, exist_ok=True)
    done = run_python(source, cwd=folder, timeout=limit())
    return done.ok, done.stdout + done.stderr[-2000:]


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_a_restore_stops_where_tf1_stopped(name: str, tmp_path: Path) -> None:
    source, old, stops = PROGRAMS[name]
    migrated = migrate_source(source, Options(), f"{name}.py").migrated
    assert migrated is not None and "Session" not in migrated and "Checkpoint(" in migrated, migrated
    outcomes = []
    for kind, text in (("baseline", Program(name, source, META).baseline_source), ("migrated", migrated)):
        if old:
            _run(Program("old", OLD, META).baseline_source, tmp_path / kind)
        outcomes.append(_run(text, tmp_path / kind))
    (want_ok, want), (got_ok, got) = outcomes
    assert want_ok is not stops, want
    assert got_ok is want_ok, (migrated, got)
    if want_ok:
        assert "restored [7. 8. 9.]" in want and "restored [7. 8. 9.]" in got, (want, got)
