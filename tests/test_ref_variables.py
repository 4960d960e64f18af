"""The graph tier keeps TF1's variable kind: ``tf.Variable`` becomes ``tf.compat.v1.Variable``, a ref variable.

In TF 2.21 ``tf.Variable`` is TF2's class: it makes a resource variable even after
``tf.compat.v1.disable_v2_behavior()``, where TF1's ``tf.Variable`` (``tf.compat.v1.Variable``) made a ref variable.
They differ without any variable read by name: a run fetching several ``tf.assign`` updates, one writing a variable
another's delta reads, races over ref variables (TF1's loss changes from run to run) and reads snapshots over
resource variables (one loss every run); ``sess.run("W:0")`` gives a resource variable's handle. So TFM102 renames
every ``tf.Variable`` of a program it switches to graph mode; session-free output and TF2 code keep ``tf.Variable``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from program_checks import run_in_a_shared_child
from session_harness import BASELINE_IMPORT, TF1_IMPORT

from tfmigrate import Options, migrate_source

# Backprop by hand: four updates fetched in one run, W2's update and the delta of W1's update both read W2.
BY_HAND = """\
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
xs = rng.rand(16, 3).astype(np.float32)
ys = xs.sum(axis=1, keepdims=True).astype(np.float32)
x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.float32, [None, 1])
W1 = tf.Variable(tf.constant(0.1, shape=[3, 4]), name="W1")
b1 = tf.Variable(tf.zeros([4]))
W2 = tf.Variable(tf.constant(0.1, shape=[4, 1]), name="W2")
b2 = tf.Variable(tf.zeros([1]))
h = tf.sigmoid(tf.matmul(x, W1) + b1)
out = tf.matmul(h, W2) + b2
diff = out - y
loss = tf.reduce_mean(tf.square(diff))
d_out = 2 * diff / 16.0
d_h = tf.matmul(d_out, tf.transpose(W2)) * h * (1 - h)
step = [
    tf.assign(W1, W1 - 0.05 * tf.matmul(tf.transpose(x), d_h)),
    tf.assign(b1, b1 - 0.05 * tf.reduce_sum(d_h, 0)),
    tf.assign(W2, W2 - 0.05 * tf.matmul(tf.transpose(h), d_out)),
    tf.assign(b2, b2 - 0.05 * tf.reduce_sum(d_out, 0)),
]
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(50):
        sess.run(step, feed_dict={x: xs, y: ys})
    print("kinds", sorted({type(v).__name__ for v in (W1, b1, W2, b2)}), isinstance(W1, tf.Variable))
    print("loss finite", np.isfinite(sess.run(loss, feed_dict={x: xs, y: ys})))
    saver.save(sess, "./model.ckpt")
"""

# The same variables restored from the checkpoint TF1 wrote, then fetched by tensor name.
RESTORE = """\
import tensorflow as tf

W1 = tf.Variable(tf.zeros([3, 4]), name="W1")
b1 = tf.Variable(tf.zeros([4]))
W2 = tf.Variable(tf.zeros([4, 1]), name="W2")
b2 = tf.Variable(tf.zeros([1]))
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, "./model.ckpt")
    print("kinds", sorted({type(v).__name__ for v in (W1, b1, W2, b2)}))
    print("W2", sess.run("W2:0").ravel().tolist())
    print("b1", sess.run(b1).tolist())
"""


def _migrated(source: str) -> str:
    result = migrate_source(source, Options(), "program.py")
    assert result.migrated is not None, result.error
    return result.migrated


def _baseline(source: str) -> str:
    return TF1_IMPORT.sub(BASELINE_IMPORT, source, count=1)


@pytest.mark.parametrize("source", [BY_HAND, RESTORE], ids=["updates fetched together", "restore and fetch by name"])
def test_the_graph_tier_writes_tf1s_variable_class(source: str) -> None:
    migrated = _migrated(source)
    assert "tf.compat.v1.disable_v2_behavior()" in migrated
    assert migrated.count("tf.compat.v1.Variable(") == source.count("tf.Variable(") == 4
    assert "tf.Variable(" not in migrated and migrated.count("tf.Variable)") == source.count("tf.Variable)")


def test_ref_variables_as_tf1_and_its_checkpoint_restored_by_the_graph_tier(tmp_path: Path) -> None:
    want = run_in_a_shared_child(_baseline(BY_HAND), tmp_path, graph=True)
    got = run_in_a_shared_child(_migrated(BY_HAND), tmp_path / "migrated", graph=True)
    assert want == got == "kinds ['RefVariable'] True\nloss finite True\n"
    # The migrated reader restores TF1's checkpoint and fetches "W2:0" as TF1 did: the value, not a handle.
    want = run_in_a_shared_child(_baseline(RESTORE), tmp_path, graph=True)
    got = run_in_a_shared_child(_migrated(RESTORE), tmp_path, graph=True)
    assert want == got and want.startswith("kinds ['RefVariable']\nW2 [") and "0.1" not in want.split("\n")[1]


def test_without_the_rename_tf2s_class_makes_resource_variables_under_the_switch(tmp_path: Path) -> None:
    """Why the rename: the switched program with ``tf.Variable`` left as written fetches a handle by name."""
    run_in_a_shared_child(_baseline(BY_HAND), tmp_path, graph=True)
    kept = _migrated(RESTORE).replace("tf.compat.v1.Variable(", "tf.Variable(")
    out = run_in_a_shared_child(kept, tmp_path, graph=True)
    assert out.startswith("kinds ['ResourceVariable']\n"), out


SESSION_FREE = """\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2])
W = tf.Variable(tf.ones([2, 1]))
y = tf.matmul(x, W)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: np.ones((1, 2), np.float32)}))
"""

TF2 = """\
import tensorflow as tf

W = tf.Variable(tf.ones([2, 1]))


@tf.function
def f(x):
    return tf.matmul(x, W)


print(f(tf.ones([1, 2])).numpy())
"""


def test_eager_output_and_tf2_code_keep_tf_variable() -> None:
    migrated = _migrated(SESSION_FREE)
    assert "Session" not in migrated and "W = tf.Variable(tf.ones([2, 1]))" in migrated
    assert _migrated(TF2) == TF2
