"""The suite's own machinery (tests/session_harness.py, tests/conftest.py, tests/timeouts.py): a TF1 baseline kept
for later calls comes back with the directory it left, exactly as it ran; one that cannot be reproduced that way is
not kept; scheduling units start longest first; a limit whose expiry is tested stretches with the load. No
TensorFlow here: the runs are written by hand, the harness's end-to-end use is every program module's."""

from __future__ import annotations

import os
import time
from pathlib import Path

import conftest
import pytest
import session_harness
import timeouts
from session_harness import Program, Run

META = {"random": "none", "checkpoint": "resume"}
SOURCE = "import tensorflow as tf\nprint(1)\n"


def _dirs(root: Path) -> dict[str, Path]:
    return {kind: root / kind for kind in ("base", "base_resume", "mig", "mig_resume")}


def _ran(root: Path, name: str, checkpoint: bytes = b'model_checkpoint_path: "model.ckpt-4"\n') -> None:
    """What the baseline's two runs of a resuming program leave: a checkpoint, then one more."""
    (root / "base" / name).mkdir(parents=True)
    (root / "base" / name / "checkpoint").write_bytes(checkpoint)
    (root / "base_resume" / name).mkdir(parents=True)
    (root / "base_resume" / name / "checkpoint").write_bytes(checkpoint.replace(b"-4", b"-9"))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "kept"
    monkeypatch.setenv(session_harness.BASELINE_CACHE_ENV, str(folder))
    return folder


def test_a_kept_baseline_comes_back_with_the_directories_its_runs_left(tmp_path: Path, cache: Path) -> None:
    program = Program("saver", SOURCE, META)
    runs = {"saver": Run(0, "loss 0.5\n", "", 1.5), "saver#resume": Run(0, "loss 0.25\n", "", 1.0)}
    _ran(tmp_path / "first", "saver")
    session_harness._keep_baseline(cache, program, runs, _dirs(tmp_path / "first"), tmp_path / "first")

    later = _dirs(tmp_path / "later")
    assert session_harness._restore_baseline(cache, program, later) == runs
    assert (later["base"] / "saver" / "checkpoint").read_bytes().endswith(b'-4"\n')
    assert (later["mig_resume"] / "saver" / "checkpoint").read_bytes().endswith(b'-4"\n')  # what TF1 wrote first
    assert (later["base_resume"] / "saver" / "checkpoint").read_bytes().endswith(b'-9"\n')


def test_another_text_or_manifest_entry_is_another_baseline(tmp_path: Path, cache: Path) -> None:
    program = Program("saver", SOURCE, META)
    _ran(tmp_path, "saver")
    runs = {"saver": Run(0, "1\n"), "saver#resume": Run(0, "1\n")}
    session_harness._keep_baseline(cache, program, runs, _dirs(tmp_path), tmp_path)
    assert session_harness._restore_baseline(cache, program, _dirs(tmp_path / "same")) == runs
    for other in (
        Program("saver", SOURCE + "print(2)\n", META),
        Program("saver", SOURCE, {**META, "files": ["a.csv"]}),
    ):
        assert session_harness._restore_baseline(cache, other, _dirs(tmp_path / "other")) is None


@pytest.mark.parametrize(
    "runs, checkpoint",
    [
        pytest.param({"saver": Run(1, "", "Traceback"), "saver#resume": Run(0)}, b"x", id="a failed run"),
        pytest.param({"saver": Run(0), "saver#resume": Run(-1, "", "timed out")}, b"x", id="a crashed resume"),
        pytest.param({"saver": Run(0)}, b"x", id="a resume never run"),
        pytest.param({"saver": Run(0), "saver#resume": Run(0)}, None, id="a directory naming its own path"),
    ],
)
def test_a_baseline_that_could_not_come_back_as_it_ran_is_not_kept(tmp_path, cache, runs, checkpoint) -> None:
    """A crash or time-out may be the machine's load, not the program; an absolute path in a checkpoint state file
    would point a later run at a folder that is gone."""
    program = Program("saver", SOURCE, META)
    _ran(tmp_path, "saver", checkpoint if checkpoint is not None else f'path: "{tmp_path}/base/m"\n'.encode())
    session_harness._keep_baseline(cache, program, runs, _dirs(tmp_path), tmp_path)
    assert session_harness._restore_baseline(cache, program, _dirs(tmp_path / "later")) is None


def test_no_cache_folder_keeps_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    for value in ("", "off"):
        monkeypatch.setenv(session_harness.BASELINE_CACHE_ENV, value)
        assert session_harness.baseline_cache() is None
    monkeypatch.delenv(session_harness.BASELINE_CACHE_ENV)
    assert session_harness.baseline_cache() is None


def test_the_conftest_and_the_harness_name_the_same_variable() -> None:
    assert conftest.BASELINE_CACHE_ENV == session_harness.BASELINE_CACHE_ENV


def test_entries_unused_for_a_fortnight_are_pruned(tmp_path: Path) -> None:
    old, recent = tmp_path / "old", tmp_path / "recent"
    old.mkdir()
    recent.mkdir()
    (old / "runs.json").write_text("{}")
    weeks_ago = time.time() - 3 * 7 * 24 * 3600
    os.utime(old, (weeks_ago, weeks_ago))
    conftest.prune(tmp_path, time.time() - conftest.BASELINE_MAX_AGE)
    assert not old.exists() and recent.exists()


def test_units_start_longest_first_and_untimed_shared_modules_before_all() -> None:
    units = ["tests/test_a.py", "tests/test_b.py::t", "tests/test_new.py", "tests/test_c.py::u", "tests/test_d.py"]
    seconds = {"tests/test_a.py": 10.0, "tests/test_c.py::u": 30.0, "tests/test_d.py": 200.0}
    shared = {"tests/test_a.py", "tests/test_new.py", "tests/test_d.py"}
    assert conftest.longest_first(units, seconds, shared) == [
        "tests/test_new.py",
        "tests/test_d.py",
        "tests/test_c.py::u",
        "tests/test_a.py",
        "tests/test_b.py::t",
    ]


@pytest.mark.parametrize("load, cores, factor", [(0.3, 2, 1.0), (2.0, 2, 1.0), (11.0, 2, 5.5), (6.0, 4, 1.5)])
def test_a_short_limit_stretches_with_the_load_per_core(monkeypatch, load, cores, factor) -> None:
    monkeypatch.setattr(os, "getloadavg", lambda: (load, 0.0, 0.0))
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert timeouts.busy() == factor
