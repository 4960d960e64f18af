"""TFM201's eager rewrite on real TensorFlow: each TF1 program (tests/fixtures/TFM201/eager_*.before.py, shapes
taken from public tutorials) runs as the baseline under ``tf.compat.v1`` + ``disable_v2_behavior()``; its full
migration (every rule) runs on TF 2.21; both must print the same numbers within 1e-4 relative. One subprocess
runs all baselines, one all migrated programs. Plus the option that keeps the graph tier."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

FIXTURES = Path(__file__).parent / "fixtures" / "TFM201"
PROGRAMS = sorted(FIXTURES.glob("eager_*.before.py"))
NUMBER = re.compile(r"-?\d+\.?\d*(?:[eE][-+]?\d+)?")
GRAPH_ONLY = ("Session", "placeholder", "disable_eager_execution", "compat.v1.train")  # issue 16: session-free

RUNNER = r"""
import contextlib, io, json, sys
mode, paths = sys.argv[1], sys.argv[2:]
import tensorflow as tf
if mode == "tf1":
    tf.compat.v1.disable_v2_behavior()
printed = {}
for path in paths:
    source = open(path).read()
    if mode == "tf1":
        source = source.replace("import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\n", 1)
        tf.compat.v1.reset_default_graph()
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(source, path, "exec"), {"__name__": "__main__"})
    except Exception as err:
        out.write(f"\nFAILED {type(err).__name__}: {err}")
    printed[path] = out.getvalue()
print(json.dumps(printed))
"""


def _run(mode: str, paths: list[Path]) -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, mode, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _numbers(text: str) -> list[float]:
    return [float(n) for n in NUMBER.findall(text)]


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, tuple[str, str, str]]:
    """program name -> (baseline output, migrated output, migrated source)."""
    folder = tmp_path_factory.mktemp("programs")
    baselines, migrated = [], []
    for before in PROGRAMS:
        name = before.name.removesuffix(".before.py")
        result = migrate_source(before.read_text(), Options(), before.name)
        target = folder / f"{name}.py"
        target.write_text(result.migrated or "")
        baselines.append(before)
        migrated.append(target)
    tf1 = _run("tf1", baselines)
    tf2 = _run("tf2", migrated)
    return {
        b.name.removesuffix(".before.py"): (tf1[str(b)], tf2[str(m)], m.read_text())
        for b, m in zip(baselines, migrated)
    }


@pytest.mark.parametrize("name", [p.name.removesuffix(".before.py") for p in PROGRAMS])
def test_migrated_program_is_eager_and_prints_the_baseline_numbers(runs, name: str) -> None:
    baseline, migrated, source = runs[name]
    assert "FAILED" not in baseline, baseline
    assert "FAILED" not in migrated, migrated
    assert not [word for word in GRAPH_ONLY if word in source], source
    expected, got = _numbers(baseline), _numbers(migrated)
    assert len(expected) > 3
    assert len(got) == len(expected), (baseline, migrated)
    for want, have in zip(expected, got):
        assert math.isclose(want, have, rel_tol=1e-4, abs_tol=1e-6), (want, have, baseline, migrated)


def test_keep_graph_mode_keeps_todays_graph_tier() -> None:
    before = (FIXTURES / "eager_linear_regression_feed.before.py").read_text()
    kept = migrate_source(before, Options(keep_graph_mode=True), "program.py")
    assert "tf.compat.v1.Session()" in kept.migrated and "disable_eager_execution()" in kept.migrated
    assert not [f for f in kept.followups if f.code == "TFM201"]
    eager = migrate_source(before, Options(), "program.py")
    assert "Session" not in eager.migrated and "GradientTape" in eager.migrated


def test_a_blocked_program_gets_one_follow_up_at_the_blocking_line() -> None:
    before = (FIXTURES / "graph_tier_rmsprop.before.py").read_text()
    result = migrate_source(before, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert [f.line for f in ours] == [6]
    assert "RMSProp" in ours[0].message
    assert "disable_eager_execution()" in result.migrated


RESUME = r"""
import contextlib, io, json, os, shutil, sys
mode, path, *folders = sys.argv[1:]
import tensorflow as tf
if mode == "tf1":
    tf.compat.v1.disable_v2_behavior()
source = open(path).read()
if mode == "tf1":
    source = source.replace("import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\n", 1)
printed = []
for index, folder in enumerate(folders[:2] if mode == "tf1" else folders):
    os.makedirs(folder, exist_ok=True)
    os.chdir(folder)
    if mode == "tf1":
        tf.compat.v1.reset_default_graph()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, path, "exec"), {"__name__": "__main__"})
    printed.append(out.getvalue())
    if mode == "tf1" and index == 0:
        shutil.copytree(folder, folders[1])  # the TF1 program resumes in one copy of its first run ...
        shutil.copytree(folder, folders[2])  # ... the migrated program in another
print(json.dumps(printed))
"""


def _resume(mode: str, program: Path, *folders: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", RESUME, mode, str(program), *map(str, folders)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_saver_program_resumes_from_the_checkpoint_the_tf1_program_wrote(tmp_path) -> None:
    """The TF1 program trains and saves (global_step numbered, a name scope, auto-numbered variables); run again
    it restores and trains on. The migrated program, started on the first run's checkpoint, prints what that
    second TF1 run printed, so every variable was restored by its TF1 graph name; run once more, it resumes from
    its own TF2 checkpoint."""
    before = FIXTURES / "saver_resume_global_step.before.py"
    migrated = tmp_path / "migrated.py"
    migrated.write_text(migrate_source(before.read_text(), Options(), before.name).migrated or "")
    assert not [word for word in GRAPH_ONLY if word in migrated.read_text()]
    first, tf1, tf2 = tmp_path / "first", tmp_path / "tf1", tmp_path / "tf2"
    baseline_first, baseline_resumed = _resume("tf1", before, first, tf1, tf2)
    resumed, again = _resume("tf2", migrated, tf2, tf2)
    assert _numbers(baseline_first)[0] == 1.0 and _numbers(baseline_resumed)[0] == 4.0
    expected, got = _numbers(baseline_resumed), _numbers(resumed)
    assert len(got) == len(expected)
    for want, have in zip(expected, got):
        assert math.isclose(want, have, rel_tol=1e-4, abs_tol=1e-6), (baseline_resumed, resumed)
    assert _numbers(again)[0] == 7.0


def test_restored_variables_keep_their_tf1_graph_names(tmp_path) -> None:
    """TF1 numbers names per graph (``Variable_2``; ``W`` after ``w`` is ``W_1``, case-insensitive; ``w_1`` then
    taken is ``w_1_1``; a name scope prefixes them): the migrated program names each variable so, and every
    value the TF1 program saved comes back in the eager program."""
    before = FIXTURES / "saver_variable_names_restore.before.py"
    migrated = tmp_path / "migrated.py"
    migrated.write_text(migrate_source(before.read_text(), Options(), before.name).migrated or "")
    assert not [word for word in GRAPH_ONLY if word in migrated.read_text()]
    first, tf1, tf2 = tmp_path / "first", tmp_path / "tf1", tmp_path / "tf2"
    saved, restored = _resume("tf1", before, first, tf1, tf2)
    (migrated_restored,) = _resume("tf2", migrated, tf2)
    assert "saved in" in saved and "saved in" not in restored
    expected, got = _numbers(restored), _numbers(migrated_restored)
    assert len(expected) == 30 and got == expected, (restored, migrated_restored)  # 10 x (two values, float32)


SAVER_PROGRAM = """import tensorflow as tf
NAME = "w"
x = tf.placeholder(tf.float32)
{variables}
loss = tf.reduce_sum(w * x)
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
saver = tf.train.Saver()
sess = tf.Session()
{restore}
sess.run(train_op, feed_dict={{x: 1.0}})
{save}
"""
RESTORE = 'saver.restore(sess, "model.ckpt")'
SAVE = 'saver.save(sess, "model.ckpt")'


@pytest.mark.parametrize(
    ("variables", "restore", "save", "reason"),
    [
        pytest.param("w = tf.Variable(1.0, name=NAME)", RESTORE, SAVE, "not a string literal", id="name not literal"),
        pytest.param(
            'with tf.name_scope("s"):\n    w = tf.Variable(1.0)\nwith tf.name_scope("s"):\n    v = tf.Variable(2.0)',
            RESTORE,
            SAVE,
            "entered twice",
            id="scope entered twice",
        ),
        pytest.param(
            'w = tf.get_variable("w", initializer=1.0)', RESTORE, SAVE, "tf.get_variable", id="get_variable restored"
        ),
        pytest.param(
            "w = tf.Variable(1.0)",
            'print(tf.train.latest_checkpoint("."))',
            SAVE,
            "checkpoint state file",
            id="write looked up",
        ),
        pytest.param(
            "w = tf.Variable(1.0)",
            "",
            'for step in range(3):\n    saver.save(sess, "model.ckpt", global_step=step)',
            "",
            id="steps of a loop convert",
        ),
        pytest.param(
            "w = tf.Variable(1.0)",
            "",
            "saver.save(sess, PATH + 'model', global_step=1)",
            "numbered save path",
            id="path not split",
        ),
    ],
)
def test_saver_shapes_the_rewrite_cannot_promise_keep_the_graph_tier(variables, restore, save, reason) -> None:
    source = SAVER_PROGRAM.format(variables=variables, restore=restore, save=save)
    result = migrate_source(source, Options(), "program.py")
    ours = [f.message for f in result.followups if f.code == "TFM201"]
    if not reason:
        assert "Session" not in result.migrated and "tf.train.CheckpointManager(" in result.migrated, result.migrated
        return
    assert "disable_eager_execution()" in result.migrated
    assert len(ours) == 1 and reason in ours[0], ours


def test_saves_only_need_no_names_and_keep_the_optimizer_state() -> None:
    """Without a restore no TF1 checkpoint is read: names stay as written; an Adam program's checkpoint holds the
    optimizer, as the TF1 Saver held its slots."""
    source = SAVER_PROGRAM.format(
        variables='with tf.name_scope("s"):\n    w = tf.Variable(1.0)\nwith tf.name_scope("s"):\n    v = tf.Variable(2.0)',
        restore="",
        save='saver.save(sess, "ckpt/model", global_step=1)',
    ).replace("GradientDescentOptimizer(0.1)", "AdamOptimizer(0.1)")
    migrated = migrate_source(source, Options(), "program.py").migrated
    assert ", name=" not in migrated
    assert "tf.train.Checkpoint(w=w, v=v, optimizer=optimizer)" in migrated, migrated
    assert 'tf.train.CheckpointManager(checkpoint, "ckpt", max_to_keep=5, checkpoint_name="model")' in migrated
