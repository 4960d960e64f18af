"""TFM201: a module-level function defined above the graph values and the Session it runs (a GAN script's
``show_result()`` calling ``sess.run(G_z, ...)`` above ``sess = tf.InteractiveSession()``) is not plain Python. Read
as host code at its ``def``, it was kept as written while its Session was removed, and the migrated program stopped
with a NameError (held-out 19's zx_mnist_gan, after its helpers' variable scopes were modelled). It keeps the graph
tier, named at its line, and the migrated program prints what TF1 printed."""

from __future__ import annotations

from program_checks import run_in_a_shared_child
from session_harness import switches_graph_mode

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

PROGRAM = """\
import numpy as np
import tensorflow as tf


def show(n, isFix=False):
    if isFix:
        v = sess.run(G_z, {z: np.ones((2, 2))})
    else:
        v = sess.run(G_z, {z: np.zeros((2, 2)) + 0.5})
    print(n, np.mean(v))


z = tf.placeholder(tf.float32, [None, 2])
w0 = tf.Variable(tf.ones([2, 3]))
G_z = tf.matmul(z, w0)
loss = tf.reduce_sum(G_z)
opt = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
sess = tf.InteractiveSession()
tf.global_variables_initializer().run()
for i in range(2):
    l, _ = sess.run([loss, opt], {z: [[1.0, 1.0]]})
    print(l)
    show(i, isFix=False)
    show(i, isFix=True)
sess.close()
"""


def _run(source: str, tmp_path, name: str) -> str:
    """Both programs switch TF2 behaviour off before they build (the migrated one keeps the graph tier): the
    harness's shared graph child, without a TensorFlow start-up of their own."""
    assert switches_graph_mode(source), source
    return run_in_a_shared_child(source, tmp_path / name, graph=True)


def test_a_function_defined_above_the_session_it_runs_keeps_the_graph_tier(tmp_path) -> None:
    result = migrate_source(PROGRAM, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert len(ours) == 1 and ours[0].line == 7, ours
    assert "`sess` is used inside function `show`" in ours[0].message, ours
    migrated = result.migrated or ""
    assert "disable_v2_behavior()" in migrated and "sess.run(G_z" in migrated, migrated
    tf1 = PROGRAM.replace("import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n")
    expected = _run(tf1, tmp_path, "tf1")
    assert expected.count("\n") == 6, expected
    assert _run(migrated, tmp_path, "migrated") == expected


def test_a_host_function_defined_above_the_graph_stays_plain_python() -> None:
    """A host function's own local named like a later graph value (``loss``) is its own: no follow-up from this
    check, and the program comes out session-free."""
    source = PROGRAM.replace(
        "def show(n, isFix=False):\n    if isFix:\n        v = sess.run(G_z, {z: np.ones((2, 2))})\n    else:\n"
        "        v = sess.run(G_z, {z: np.zeros((2, 2)) + 0.5})\n    print(n, np.mean(v))\n",
        "def show(n, isFix=False):\n    loss = n * 2\n    print(n, loss, isFix)\n",
    )
    result = migrate_source(source, Options(), "program.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    assert "InteractiveSession" not in (result.migrated or "")
