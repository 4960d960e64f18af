"""A migrated restore reads with ``Checkpoint.read``: ``restore()`` adds a save counter that ``Checkpoint.write``
never saves, so restoring what another migrated program wrote failed ``assert_existing_objects_matched`` (held-out
set 9: a saving program and its restoring program, both session-free, the second stopped). ``read()`` reads what
``write()``, ``save()`` / ``CheckpointManager`` and a TF1 Saver wrote. Run on TF 2.21.
"""

from __future__ import annotations

from pathlib import Path

from interpreters import run_python
from timeouts import limit

from tfmigrate import Options, migrate_source

SAVE = """\
import tensorflow as tf

W = tf.Variable([[0.5, -1.0]], name="weight")
b = tf.Variable([0.25], name="bias")
update = tf.assign(W, W * 3.0)
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(update)
    print("saved", saver.save(sess, "./model/saved.ckpt"))
"""

RESTORE = """\
import tensorflow as tf

W = tf.Variable(tf.zeros([1, 2]), name="weight")
b = tf.Variable(tf.zeros([1]), name="bias")
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, "./model/saved.ckpt")
    print("restored", sess.run(W), sess.run(b))
"""


def _migrate(source: str) -> str:
    result = migrate_source(source, Options(), "p.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    assert "Session" not in result.migrated, result.migrated
    return result.migrated


def _run(folder: Path, name: str, text: str) -> str:
    """``python name`` in ``folder``, run in the worker's long-lived TensorFlow child (tests/interpreters.py)."""
    (folder / name).write_text(text)
    done = run_python(text, cwd=folder, file=folder / name, timeout=limit())
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_a_migrated_restore_reads_what_a_migrated_save_wrote(tmp_path: Path) -> None:
    save, restore = _migrate(SAVE), _migrate(RESTORE)
    assert ".write(" in save, save
    assert '.read("./model/saved.ckpt").assert_existing_objects_matched()' in restore, restore
    _run(tmp_path, "save.py", save)
    out = _run(tmp_path, "restore.py", restore)
    assert "restored [[ 1.5 -3. ]] [0.25]" in out, out
