"""A project's own package kept without ``__init__.py`` (PEP 420: a namespace package of plain ``.py`` files) on the
program's path: ``from tables.loader import load_rows`` (held-out set 25's zm_acs_lr_benchmark, ``from model.data
import read_from_csv``). Its submodules are source like any module on the path (tfmigrate.host_libraries), read
as a sibling is; it was reported as "a compiled module ... that no installed distribution declares". Run on real
TensorFlow: the migrated program is session-free and prints the TF1 baseline's numbers."""

from __future__ import annotations

from pathlib import Path

from program_checks import run_in_a_shared_child
from session_harness import Program, compare

from tfmigrate import migrate_source
from tfmigrate.host_libraries import decide

LOADER = """\
import numpy as np


def load_rows(count):
    xs = np.linspace(-1.0, 1.0, count, dtype=np.float32).reshape(count, 1)
    return xs, 3.0 * xs + 0.5
"""

GRAPH_LOADER = """\
import tensorflow as tf


def load_rows(count):
    return tf.ones([count, 1]), tf.ones([count, 1])
"""

PROGRAM = """\
import tensorflow as tf
from tables.loader import load_rows

inputs, targets = load_rows(16)
x = tf.placeholder(tf.float32, [None, 1])
y = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.zeros([1, 1]))
b = tf.Variable(tf.zeros([1]))
loss = tf.losses.mean_squared_error(y, tf.matmul(x, w) + b)
train = tf.train.GradientDescentOptimizer(0.2).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(5):
    print(step, sess.run([loss, train], feed_dict={x: inputs, y: targets})[0])
print(sess.run([w, b]))
"""


def _namespace(root: Path, loader: str = LOADER) -> Path:
    (root / "tables").mkdir(parents=True)
    (root / "tables" / "loader.py").write_text(loader)
    return root


def test_a_namespace_package_on_the_path_is_read_as_source(tmp_path, monkeypatch) -> None:
    monkeypatch.syspath_prepend(str(_namespace(tmp_path / "project")))
    decision = decide("tables")
    assert (decision.verdict, decision.source) == ("", tmp_path / "project")


def test_a_module_later_on_the_path_wins_over_a_namespace_portion(tmp_path, monkeypatch) -> None:
    """Python's import takes a module or regular package anywhere on the path before a namespace package."""
    _namespace(tmp_path / "first")
    (tmp_path / "second").mkdir()
    (tmp_path / "second" / "tables.py").write_text("def load_rows(count):\n    return count\n")
    monkeypatch.syspath_prepend(str(tmp_path / "second"))
    monkeypatch.syspath_prepend(str(tmp_path / "first"))
    assert decide("tables").source == tmp_path / "second"


def test_a_namespace_package_spread_over_two_directories_is_not_read(tmp_path, monkeypatch) -> None:
    for part in ("first", "second"):
        monkeypatch.syspath_prepend(str(_namespace(tmp_path / part)))
    verdict = decide("tables").verdict
    assert verdict.startswith("`tables` is a namespace package spread over several directories"), verdict


def test_a_namespace_submodule_building_ops_keeps_the_graph_tier_and_says_so(tmp_path, monkeypatch) -> None:
    monkeypatch.syspath_prepend(str(_namespace(tmp_path, GRAPH_LOADER)))
    followups = [f.message for f in migrate_source(PROGRAM).followups if f.code == "TFM201"]
    assert len(followups) == 1, followups
    assert "function `load_rows` (loader.py line 4) reads `tf` (tensorflow) at line 5" in followups[0], followups


def test_a_program_reading_a_namespace_package_is_session_free_with_the_baselines_numbers(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.syspath_prepend(str(_namespace(tmp_path / "source")))
    result = migrate_source(PROGRAM)
    assert not result.followups, [f.message for f in result.followups]
    migrated = result.migrated
    assert migrated is not None and "Session" not in migrated and "disable_v2_behavior" not in migrated, migrated
    assert "from tables.loader import load_rows" in migrated, migrated
    program = Program("namespace_tables", PROGRAM, {"random": "none"})
    baseline = run_in_a_shared_child(program.baseline_source, _namespace(tmp_path / "base"), graph=True)
    eager = run_in_a_shared_child(migrated, _namespace(tmp_path / "mig"), graph=False)
    same, why = compare(baseline, eager, program, strict=True)
    assert same, (why, baseline, eager)
    assert [line.split()[0] for line in baseline.splitlines()[:5]] == ["0", "1", "2", "3", "4"], baseline
