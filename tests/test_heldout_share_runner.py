"""benchmarks/heldout_share.py, the runner of the held-out figures: what it counts as harm.

"Do no harm" counts a migrated program that is much slower than its baseline, and the runner printed only numbers
and tiers: a rewrite whose train step ran many times the baseline's time (held-out set 8) came out as "same", like
one that ran as fast. It also counted as "other numbers" an unseeded program whose TF1 baseline's own loss did not
fall (it ended in nan): the harness stops at the baseline's check, so nothing was learnt about the migration. The
rows here are built from runs whose seconds and outputs are given, so no assertion depends on how fast this machine
is; the last test runs the real runner on a three-line program for the columns and lines it prints.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from heldout_runner import run_main
from session_harness import Outcome, Program, Run

from tfmigrate.ftypes import FileResult, Status

REPO = Path(__file__).resolve().parents[1]
RUNNER = REPO / "benchmarks" / "heldout_share.py"


def _runner():
    spec = importlib.util.spec_from_file_location("heldout_share", RUNNER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


heldout_share = _runner()
PROGRAM = Program("p", "import tensorflow as tf\nprint(1)\n", {"random": "none"})


def _outcome(base: Run, migrated: Run | None, program: Program = PROGRAM) -> Outcome:
    result = FileResult(path=Path("p.py"), status=Status.CHANGED, migrated="print(1)\n")
    return Outcome(program, result, base, migrated)


@pytest.mark.parametrize(
    ("base", "migrated", "cell", "slower"),
    [
        pytest.param(Run(0, "1\n", "", 3.4), Run(0, "1\n", "", 90.1), "3.4 / 90.1", True, id="26x and 87 s more"),
        pytest.param(Run(0, "1\n", "", 1.0), Run(0, "1\n", "", 4.0), "1.0 / 4.0", False, id="4x is not much slower"),
        pytest.param(Run(0, "1\n", "", 0.1), Run(0, "1\n", "", 0.9), "0.1 / 0.9", False, id="9x but under 2 s more"),
        pytest.param(Run(0, "1\n", "", 0.0), Run(0, "1\n", "", 2.5), "0.0 / 2.5", True, id="a baseline of 0.0 s"),
        pytest.param(Run(0, "1\n", "", 1.0), Run(1, "", "boom", 50.0), "1.0 / -", False, id="migrated program stops"),
        pytest.param(Run(1, "", "boom", 0.2), None, "-", False, id="baseline fails"),
    ],
)
def test_row_shows_seconds_and_flags_much_slower(base, migrated, cell, slower):
    outcome = _outcome(base, migrated)
    cells, _, _ = heldout_share._row(PROGRAM, outcome, {})
    assert cells[6] == cell
    assert (heldout_share.much_slower(outcome) is not None) is slower


def test_the_ratio_is_migrated_over_baseline():
    assert heldout_share.much_slower(_outcome(Run(0, "", "", 2.0), Run(0, "", "", 30.0))) == pytest.approx(15.0)


UNSEEDED = Program("u", "import tensorflow as tf\n", {"random": "unseeded", "loss": r"loss: (\S+)"})


@pytest.mark.parametrize(
    ("base", "migrated", "kind", "numbers"),
    [
        pytest.param("loss: 2.0\nloss: nan\n", "loss: 2.0\nloss: 0.5\n", "undecided", "UNDECIDED: ", id="nan baseline"),
        pytest.param(
            "loss: 2.0\nloss: 2.0\n", "loss: 2.0\nloss: 0.5\n", "undecided", "UNDECIDED: ", id="flat baseline"
        ),
        pytest.param(
            "loss: 2.0\nloss: 0.5\n", "loss: 2.0\nloss: 3.0\n", "other numbers", "OTHER: ", id="migrated rises"
        ),
        pytest.param("loss: 2.0\nloss: 0.5\n", "loss: 2.0\n", "other numbers", "OTHER: ", id="fewer reports"),
        pytest.param("loss: 2.0\nloss: 0.5\n", "loss: 1.0\nloss: 0.9\n", "session-free", "same shape", id="both fall"),
    ],
)
def test_a_baseline_whose_loss_does_not_fall_leaves_the_row_undecided(base, migrated, kind, numbers):
    outcome = _outcome(Run(0, base, "", 1.0), Run(0, migrated, "", 1.0), UNSEEDED)
    cells, got, _ = heldout_share._row(UNSEEDED, outcome, {})
    assert got == kind
    assert cells[4].startswith(numbers)


def test_runner_prints_the_seconds_column_and_the_slow_line(tmp_path, monkeypatch, capsys):
    """A real run (TensorFlow in the children): the header names the column, the row has two numbers in it, the
    much-slower line comes before the summary line, and the summary stays the last line (READMEs quote it)."""
    (tmp_path / "hello.py").write_text(
        "import tensorflow as tf\nsess = tf.Session()\nprint(sess.run(tf.constant(3)))\n"
    )
    (tmp_path / "manifest.toml").write_text('[hello]\nrandom = "none"\n')
    lines = run_main(heldout_share, tmp_path, monkeypatch, capsys)
    assert "seconds (baseline / migrated)" in lines[1].split(" | ")
    row = lines[2].split(" | ")
    assert row[0] == "hello"
    base, migrated = (float(value) for value in row[6].split(" / "))
    assert base >= 0 and migrated >= 0
    assert lines[-2] == "much slower than the baseline (>= 5x and >= 2 CPU-s more): 0"
    assert lines[-1] == (
        "session-free with baseline numbers: 1/1; stop running: 0; other numbers: 0; "
        "undecided (the baseline's own loss does not fall): 0"
    )
