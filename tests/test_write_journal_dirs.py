"""The pool's write journal directory: removed when its run ends, and, when a killed run could not remove it, by the
next run, never while the run that made it lives (its lock). tests/test_interruption.py interrupts real runs."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from timeouts import limit

from tfmigrate import write_journal
from tfmigrate.write_journal import OWNER, PREFIX, UNOWNED_AGE, remove_abandoned

pytestmark = pytest.mark.skipif(write_journal.fcntl is None, reason="no flock on this platform")


@pytest.fixture
def temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_a_live_runs_journal_is_kept_and_removed_at_its_end(temp: Path) -> None:
    with write_journal.directory() as journal:
        assert Path(journal).parent == temp and (Path(journal) / OWNER).is_file()
        remove_abandoned(temp)  # another run starting meanwhile
        assert Path(journal).is_dir()
    assert list(temp.iterdir()) == []


def test_a_journal_is_removed_when_the_run_stops_inside_it(temp: Path) -> None:
    with pytest.raises(KeyboardInterrupt), write_journal.directory():
        raise KeyboardInterrupt
    assert list(temp.iterdir()) == []


HOLDER = """
import sys, time
from tfmigrate import write_journal
with write_journal.directory() as journal:
    print(journal, flush=True)
    time.sleep(600)
"""


def test_a_killed_runs_journal_is_removed_by_the_next_run_only(temp: Path) -> None:
    env = {**os.environ, "TMPDIR": str(temp)}
    holder = subprocess.Popen([sys.executable, "-c", HOLDER], stdout=subprocess.PIPE, text=True, env=env)
    try:
        journal = Path(holder.stdout.readline().strip())
        assert journal.parent == temp
        remove_abandoned(temp)
        assert journal.is_dir(), "a running run's journal was removed"
    finally:
        holder.kill()
        holder.communicate(timeout=limit(30))
    assert journal.is_dir(), "SIGKILL leaves it"
    with write_journal.directory():
        assert not journal.exists()
    assert list(temp.iterdir()) == []


def test_unowned_directories_go_only_when_old(temp: Path) -> None:
    old_style = temp / f"{PREFIX}old"  # a tfmigrate before the owner file, or a run killed before its lock
    old_style.mkdir()
    other = temp / "tfmigrate-run-x"
    other.mkdir()
    remove_abandoned(temp)
    assert old_style.is_dir()
    remove_abandoned(temp, now=old_style.stat().st_mtime + UNOWNED_AGE + 1)
    assert not old_style.exists() and other.is_dir()
