"""A session-free file and TF_USE_LEGACY_KERAS (tfmigrate/transforms/_legacy_keras.py), on real TensorFlow.

The eager rewrite's ``TF1Adam`` subclasses Keras 3's ``Optimizer``; under the variable tf.keras is tf_keras, whose
``Optimizer`` stops it (``TypeError: learning_rate is not a valid argument``). Each migrated program runs in a
child started with or without the variable (it counts only before TensorFlow loads Keras): the harness's shared
child of its mode and Keras flavour, an eager program on Keras 2 in a process of its own; it must print the TF1
Session's numbers: a helper nothing calls that builds a Keras-2 cell or layer no longer sets the variable, and a file that
runs on Keras 2 anyway keeps the graph tier."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from program_checks import run_in_a_shared_child
from timeouts import limit

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

PROGRAM = """\
{head}import numpy as np
import tensorflow as tf

{helper}
x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.float32, [None, 1])
hidden = tf.Variable(tf.fill([3, 4], 0.1))
h = tf.tanh(tf.matmul(x, hidden))
out = tf.Variable(tf.zeros([4, 1]))
loss = tf.reduce_mean(tf.square(tf.matmul(h, out) - y))
train_op = tf.train.AdamOptimizer(0.01).minimize(loss)

rng = np.random.RandomState(0)
xs = rng.randn(32, 3).astype(np.float32)
ys = xs.sum(axis=1, keepdims=True)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        _, l = sess.run([train_op, loss], feed_dict={{x: xs, y: ys}})
        print(step, l)
{tail}"""

# a helper nothing calls, each kept on Keras 2 by another rule (TFM101, TFM103, TFM104)
UNCALLED = {
    "rnn_cell": "def lstm_cell(num_units):\n    return tf.nn.rnn_cell.BasicLSTMCell(num_units)\n\n",
    "tf_layers": "def shared_dense(h):\n    return tf.layers.dense(h, 4, name='d', reuse=tf.AUTO_REUSE)\n\n",
    "contrib": "def lstm_cell(num_units):\n    return tf.contrib.rnn.BasicLSTMCell(num_units)\n\n",
}
NUMBER = re.compile(r"-?\d+\.?\d*(?:[eE][-+]?\d+)?")


def _program(head: str = "", helper: str = "", tail: str = "") -> str:
    return PROGRAM.format(head=head, helper=helper, tail=tail)


def _run(source: str, folder: Path, *, graph: bool, legacy: bool = False) -> list[float]:
    """The numbers ``source`` prints in the harness's shared child of its mode and Keras flavour: a child started
    with TF_USE_LEGACY_KERAS set or not, as the process of its own this stands for (the graph programs switch TF2
    behaviour off before they build anything, which the tests assert)."""
    return [float(n) for n in NUMBER.findall(run_in_a_shared_child(source, folder, graph=graph, legacy_keras=legacy))]


def _run_alone(source: str, folder: Path, legacy: bool) -> list[float]:
    """``_run`` in a process of its own: an eager program on Keras 2 (the harness keeps no such child)."""
    path = folder / "program.py"
    path.write_text(source)
    env = {k: v for k, v in os.environ.items() if k != "TF_USE_LEGACY_KERAS"}
    if legacy:
        env["TF_USE_LEGACY_KERAS"] = "1"
    done = subprocess.run(
        [sys.executable, str(path)], cwd=folder, env=env, capture_output=True, text=True, timeout=limit(300)
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return [float(n) for n in NUMBER.findall(done.stdout)]


def _switched_first(migrated: str) -> None:
    """The graph tier's switch comes before the first graph op (as the shared graph child, already in graph mode,
    cannot show)."""
    assert migrated.index("disable_v2_behavior()") < migrated.index("placeholder("), migrated


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> list[float]:
    """The TF1 Session's numbers: the program under tf.compat.v1 with v2 behaviour off."""
    source = _program().replace("import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\n")
    numbers = _run(
        source.replace("\nx = ", "\ntf.disable_v2_behavior()\nx = ", 1), tmp_path_factory.mktemp("tf1"), graph=True
    )
    assert len(numbers) == 10
    return numbers


def _same(expected: list[float], got: list[float]) -> None:
    assert len(got) == len(expected), got
    for want, have in zip(expected, got):
        assert math.isclose(want, have, rel_tol=1e-5, abs_tol=1e-7), (want, have)


@pytest.mark.parametrize("helper", sorted(UNCALLED))
def test_an_uncalled_keras2_helper_leaves_the_eager_program_on_keras3(baseline, tmp_path, helper: str) -> None:
    result = migrate_source(_program(helper=UNCALLED[helper]), Options(), "program.py")
    migrated = result.migrated or ""
    assert "Session" not in migrated and "class TF1Adam" in migrated, migrated
    assert "TF_USE_LEGACY_KERAS" not in migrated, migrated
    notes = [f for f in result.followups if "TF_USE_LEGACY_KERAS" in f.message]
    assert [f.line for f in notes] == [5], result.followups  # the helper's line, once
    assert "not set" in notes[0].message
    _same(baseline, _run(migrated, tmp_path, graph=False))


def test_a_keras2_helper_the_program_calls_keeps_the_graph_tier_and_the_env_line() -> None:
    source = _program(helper=UNCALLED["rnn_cell"], tail="print(lstm_cell(4).state_size)\n")
    migrated = migrate_source(source, Options(), "program.py").migrated or ""
    assert "disable_v2_behavior()" in migrated and 'os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")' in migrated


@pytest.mark.parametrize("how", ["source", "option"])
def test_a_file_run_on_keras2_keeps_the_graph_tier(baseline, tmp_path, how: str) -> None:
    if how == "source":
        source, options = _program(head='import os\nos.environ["TF_USE_LEGACY_KERAS"] = "1"\n'), Options()
    else:
        source, options = _program(), Options(keras="tf-keras")
    result = migrate_source(source, options, "program.py")
    migrated = result.migrated or ""
    assert "disable_v2_behavior()" in migrated and "TF1Adam" not in migrated, migrated
    assert [f for f in result.followups if f.code == "TFM201" and "Keras 2" in f.message], result.followups
    _switched_first(migrated)
    _same(baseline, _run(migrated, tmp_path, graph=True, legacy=True))


def test_a_file_run_on_keras2_without_keras_in_its_eager_form_stays_eager() -> None:
    source = _program(head='import os\nos.environ["TF_USE_LEGACY_KERAS"] = "1"\n')
    source = source.replace("train_op = tf.train.AdamOptimizer(0.01).minimize(loss)\n", "")
    source = source.replace("_, l = sess.run([train_op, loss]", "l = sess.run(loss")
    migrated = migrate_source(source, Options(), "program.py").migrated or ""
    assert "Session" not in migrated and "keras" not in migrated, migrated


def test_keras_in_comments_the_rewrite_drops_does_not_hide_the_keras_it_adds(baseline, tmp_path) -> None:
    """The decision read "keras" in the text: the two comments on lines the rewrite drops held as many as its
    ``TF1Adam`` writes, so the file went eager and stopped under tf_keras (``learning_rate is not a valid
    argument``). It reads the Keras names the eager form uses."""
    source = _program(head='import os\nos.environ["TF_USE_LEGACY_KERAS"] = "1"  # tf.keras is Keras 2\n')
    source = source.replace(
        "with tf.Session() as sess:\n    sess.run(tf.global_variables_initializer())\n",
        "with tf.Session() as sess:  # no keras Model: keras would compile() and fit()\n"
        "    sess.run(tf.global_variables_initializer())  # keras: model.build()\n",
    )
    result = migrate_source(source, Options(), "program.py")
    migrated = result.migrated or ""
    assert "disable_v2_behavior()" in migrated and "TF1Adam" not in migrated, migrated
    assert [f for f in result.followups if f.code == "TFM201" and "Keras 2" in f.message], result.followups
    _switched_first(migrated)
    _same(baseline, _run(migrated, tmp_path, graph=True, legacy=True))


def test_keras_in_names_of_a_rewrite_that_adds_no_keras_leaves_it_eager(tmp_path) -> None:
    """Placeholders named ``keras_x`` reappear as the parameters of each function the rewrite writes: more "keras"
    in the text (the file kept the graph tier), no Keras name, and the eager form runs on Keras 2 with the TF1
    Session's numbers."""
    source = _program(head='import os\nos.environ["TF_USE_LEGACY_KERAS"] = "1"\n')
    for old, new in (
        ("train_op = tf.train.AdamOptimizer(0.01).minimize(loss)\n", ""),
        (
            "_, l = sess.run([train_op, loss], feed_dict={x: xs, y: ys})",
            "l = sess.run(loss, {keras_x: xs, keras_y: ys})",
        ),
        ("x = tf.placeholder", "keras_x = tf.placeholder"),
        ("y = tf.placeholder", "keras_y = tf.placeholder"),
        ("tf.matmul(x, hidden)", "tf.matmul(keras_x, hidden)"),
        ("out) - y)", "out) - keras_y)"),
    ):
        assert old in source, old
        source = source.replace(old, new)
    migrated = migrate_source(source, Options(), "program.py").migrated or ""
    assert "Session" not in migrated and migrated.count("keras") > source.count("keras"), migrated
    assert ".keras." not in migrated, migrated
    tf1 = source.replace("import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n")
    (tmp_path / "tf1").mkdir()
    (tmp_path / "eager").mkdir()
    want = _run(tf1, tmp_path / "tf1", graph=True, legacy=True)
    assert len(want) == 10
    _same(want, _run_alone(migrated, tmp_path / "eager", legacy=True))
