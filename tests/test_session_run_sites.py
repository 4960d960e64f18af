"""Calls the eager rewrite took for Session runs or Saver saves, and runs it let through, shown against TF1 on TF 2.21:
a module-level ``sess.run`` after ``sess.close()`` (TF1's RuntimeError) ran eagerly and printed on; ``np.save(path,
x)`` in a function was read as a Saver save, its ``path`` as the Session parameter (session/runners.py).
"""

from __future__ import annotations

from pathlib import Path

from program_checks import eager, run_in_a_shared_child
from session_harness import BASELINE_IMPORT

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

CLOSED = """\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2])
w = tf.Variable(np.full([2, 1], 0.5, dtype=np.float32), name="w")
y = tf.matmul(x, w)
xs = np.arange(6, dtype=np.float32).reshape(3, 2)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
print(sess.run(y, feed_dict={x: xs}).ravel())
sess.close()
print(sess.run(y, feed_dict={x: xs + 1}).ravel())
"""


def test_a_run_after_close_keeps_tf1s_runtime_error(tmp_path: Path) -> None:
    """TF1 stops at the second run (RuntimeError: Attempted to use a closed Session); an eager rewrite printed on.
    The graph tier keeps the program, so the migrated one stops there too."""
    result = migrate_source(CLOSED, Options(), "program.py")
    reasons = [f.message for f in result.followups if f.code == "TFM201"]
    assert any("Session `sess` used after its close() (line 12)" in r for r in reasons), reasons
    assert result.migrated is not None and "sess.close()" in result.migrated
    closed = CLOSED.replace("sess.close()\n", "sess.close()\nsess = tf.Session()\n")  # a new Session is no harm
    assert "Session" not in eager(closed.replace("print(sess.run(y, feed_dict={x: xs + 1}).ravel())", "print(1)"))


DUMPED = """\
import numpy as np
import tensorflow as tf


def dump(path="weights.npy", arr=None):
    np.save(path, arr)
    print("saved", np.load(path).ravel())


x = tf.placeholder(tf.float32, [None, 2])
w = tf.Variable(np.full([2, 1], 0.5, dtype=np.float32), name="w")
y = tf.matmul(x, w)
xs = np.arange(6, dtype=np.float32).reshape(3, 2)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(2):
        out = sess.run(y, feed_dict={x: xs + i})
        dump("out%d.npy" % i, out)
    dump(arr=out)
"""


def test_np_save_in_a_function_is_no_saver_save(tmp_path: Path) -> None:
    """Was the graph tier: "function `dump`: the Session parameter `path` has a default"."""
    migrated = eager(DUMPED)
    assert "def dump(path=" in migrated and "np.save(path, arr)" in migrated, migrated
    baseline = run_in_a_shared_child(
        DUMPED.replace("import tensorflow as tf\n", BASELINE_IMPORT + "\n"), tmp_path / "tf1", graph=True
    )
    assert run_in_a_shared_child(migrated, tmp_path / "tf2", graph=False) == baseline
    assert baseline.count("saved [") == 3 and "[1.5 3.5 5.5]" in baseline, baseline
