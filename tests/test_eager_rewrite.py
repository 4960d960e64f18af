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
from timeouts import limit

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
        timeout=limit(900),
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
