"""TFM201: a module-level function defined above the graph values and the Session it runs (a GAN script's
``show_result()`` calling ``sess.run(G_z, ...)`` above ``sess = tf.InteractiveSession()``) is judged where it is called
(late_calls.py). Read at its ``def`` it looked like plain Python: kept as written while its Session was removed, the
migrated program stopped with a NameError (held-out 19's zx_mnist_gan); then the graph tier kept it. Proved at its
calls, it runs eagerly and prints what TF1 printed; where a call cannot be proved so, the graph tier keeps the program,
named at the line. The GAN shape itself: tests/fixtures/TFM201/eager_gan_show_result_above_session (run on real TF by
tests/test_eager_rewrite.py)."""

from __future__ import annotations

import numpy as np
import pytest
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
show(9)
sess.close()
"""


FEED_ABOVE = """\
import numpy as np
import tensorflow as tf

data = np.linspace(0, 1, 12, dtype=np.float32).reshape(6, 2)


def feed_dict(train, step):
    if train:
        xs = data[step % 3:step % 3 + 3]
    else:
        xs = data
    return {x: xs, y_: xs.sum(axis=1, keepdims=True)}


def evaluate(step):
    l = sess.run(loss, feed_dict=feed_dict(False, step))
    print('eval', step, l)


x = tf.placeholder(tf.float32, [None, 2])
y_ = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.zeros([2, 1]))
y = tf.matmul(x, w)
loss = tf.reduce_mean(tf.square(y - y_))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(4):
    _, l = sess.run([train_step, loss], feed_dict=feed_dict(True, step))
    print(step, l)
    evaluate(step)
"""


def _run(source: str, tmp_path, name: str) -> str:
    """In the harness's shared child of the program's mode (the TF1 baseline and a graph-tier output switch TF2
    behaviour off before they build), without a TensorFlow start-up of their own."""
    return run_in_a_shared_child(source, tmp_path / name, graph=switches_graph_mode(source))


def _numbers(text: str) -> np.ndarray:
    return np.array([float(word) for line in text.splitlines() for word in line.split()])


def _refusal(source: str) -> tuple[int, str, str]:
    result = migrate_source(source, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert len(ours) == 1, result.followups
    return ours[0].line, ours[0].message, result.migrated or ""


def test_a_function_defined_above_the_session_it_runs_is_proved_at_its_calls(tmp_path) -> None:
    """Called in the loop and once after it (two call sites, the same graph values live at both)."""
    result = migrate_source(PROGRAM, Options(), "program.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    migrated = result.migrated or ""
    assert "Session" not in migrated and "disable_v2_behavior" not in migrated, migrated
    assert "        v = G_z(np.ones((2, 2))).numpy()\n" in migrated, migrated
    tf1 = PROGRAM.replace("import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n")
    expected = _numbers(_run(tf1, tmp_path, "tf1"))
    got = _numbers(_run(migrated, tmp_path, "migrated"))
    assert expected.size == 12 and got.shape == expected.shape, (expected, got)
    assert np.allclose(got, expected, rtol=1e-6), (expected, got)


def test_a_feed_function_defined_above_its_placeholders_is_one_at_its_calls(tmp_path) -> None:
    """``def feed_dict(train, step): ... return {x: xs, y_: ...}`` above ``x = tf.placeholder(...)``, called by the
    runs and by an evaluation helper also defined above them: read as if both were defined below the Session."""
    result = migrate_source(FEED_ABOVE, Options(), "program.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    migrated = result.migrated or ""
    assert "Session" not in migrated and "placeholder" not in migrated, migrated
    assert '    return {"x": xs, "y_": xs.sum(axis=1, keepdims=True)}\n' in migrated, migrated
    tf1 = FEED_ABOVE.replace(
        "import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n"
    )
    expected = _numbers(_run(tf1, tmp_path, "tf1").replace("eval", ""))
    got = _numbers(_run(migrated, tmp_path, "migrated").replace("eval", ""))
    assert expected.size == 16 and got.shape == expected.shape, (expected, got)
    assert np.allclose(got, expected, rtol=1e-6), (expected, got)


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        pytest.param(
            "z = tf.placeholder",
            "show(-1)\nz = tf.placeholder",
            13,
            "function `show` is called before `G_z`, which it reads, is bound",
            id="called before the names it reads are bound (a NameError in TF1 too)",
        ),
        pytest.param(
            "show(9)\n",
            "G_z = tf.matmul(z, w0) * 2.0\nshow(9)\n",
            26,
            "`show` runs other graph values at this call than at an earlier one",
            id="two calls with different graph values bound",
        ),
        pytest.param(
            "sess.close()\n",
            "sess.close()\nshow(7)\n",
            27,
            "`sess`, which function `show` runs, is closed here",
            id="called after its Session is closed (TF1 stops there)",
        ),
        pytest.param(
            "    show(i, isFix=True)\n",
            "    list(map(show, [i]))\n",
            24,
            "function `show` reads `sess`, a graph value or Session, and is used here other than called",
            id="passed as a value",
        ),
        pytest.param(
            "def show(n, isFix=False):\n",
            "def show(n, isFix=False):\n    global G_z\n",
            6,
            "global/nonlocal state",
            id="rebinds a module name by global",
        ),
        pytest.param(
            "    print(n, np.mean(v))\n",
            "    loss = np.mean(v)\n    print(n, loss)\n",
            10,
            "function `show` (read where it is called) has its own `loss`, named like the module's graph value",
            id="a local named like a graph value",
        ),
    ],
)
def test_a_call_that_cannot_be_proved_keeps_the_graph_tier_at_its_line(old, new, line, message) -> None:
    assert old in PROGRAM
    found, said, migrated = _refusal(PROGRAM.replace(old, new, 1))
    assert (found, message in said) == (line, True), (found, said)
    assert "disable_v2_behavior()" in migrated and "sess.run(G_z" in migrated, migrated


def test_a_host_function_defined_above_the_graph_stays_plain_python() -> None:
    """A host function's own local named like a later graph value (``loss``), reading no graph value: plain Python,
    kept as written, and the program comes out session-free."""
    source = PROGRAM.replace(
        "def show(n, isFix=False):\n    if isFix:\n        v = sess.run(G_z, {z: np.ones((2, 2))})\n    else:\n"
        "        v = sess.run(G_z, {z: np.zeros((2, 2)) + 0.5})\n    print(n, np.mean(v))\n",
        "def show(n, isFix=False):\n    loss = n * 2\n    print(n, loss, isFix)\n",
    )
    result = migrate_source(source, Options(), "program.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    assert "InteractiveSession" not in (result.migrated or "")
    assert "def show(n, isFix=False):\n    loss = n * 2\n" in (result.migrated or "")
