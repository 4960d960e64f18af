"""A write run stopped at a random moment (Ctrl-C, or SIGKILL) leaves every file whole: original or migrated.

Each file is compared by hash with the result of an uninterrupted run over a copy of the same tree. Ctrl-C
must end the run with status 130 and one short line, not a traceback per worker; after SIGKILL nothing can be
cleaned up, so the next run must remove the temporary files the killed one left behind.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PRIVATE, SCRIPT
from timeouts import limit

SEEDS = (11, 24, 37)
TEMPLATES = (
    PRIVATE,
    "import tensorflow as tf\n\nx = tf.placeholder(tf.float32, [None, 3])\nsess = tf.Session()\n",
    "from tensorflow.python.keras.models import Sequential\nfrom tensorflow.python.keras.layers import Dense\n"
    "model = Sequential([Dense(4)])\n",
    "import os\n\nprint(os.getcwd())\n",
)


def _make_tree(root: Path, files: int = 72) -> None:
    for i in range(files):
        package = root / f"pkg{i % 6}"
        package.mkdir(parents=True, exist_ok=True)
        body = TEMPLATES[i % len(TEMPLATES)] + "".join(f"value_{i}_{k} = {k}\n" for k in range(i % 7))
        (package / f"mod_{i:03d}.py").write_text(body)


def _hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _env(tmp_path: Path) -> dict[str, str]:
    """The run's own cache and temporary folder (where its pool keeps its write journal)."""
    (tmp_path / "tmp").mkdir(exist_ok=True)
    return {**os.environ, "TFMIGRATE_CACHE_DIR": str(tmp_path / "cache"), "TMPDIR": str(tmp_path / "tmp")}


def _journals(tmp_path: Path) -> list[str]:
    return [p.name for p in (tmp_path / "tmp").glob("tfmigrate-writes-*")]


def _start(tree: Path, tmp_path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [str(SCRIPT), "--no-cache", "-j", "2", str(tree)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(tmp_path),
        start_new_session=True,
    )


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory):
    """The tree before, and the hashes and duration of an uninterrupted run over it."""
    base = tmp_path_factory.mktemp("interrupt")
    original = base / "original"
    _make_tree(original)
    clean = base / "clean"
    shutil.copytree(original, clean)
    started = time.monotonic()
    proc = _start(clean, base)
    out, err = proc.communicate(timeout=limit(600))
    duration = time.monotonic() - started
    assert proc.returncode == 0, err.decode()
    before, after = _hashes(original), _hashes(clean)
    assert sum(before[k] != after[k] for k in before) >= 36, "the tree must give the run real writes to do"
    print(f"reference run: {duration:.1f} s")
    return original, before, after, duration


def _assert_whole(tree: Path, before: dict[str, str], after: dict[str, str]) -> int:
    now = _hashes(tree)
    temps = [k for k in now if Path(k).name.startswith(".tfmigrate-")]
    files = {k: v for k, v in now.items() if k not in temps}
    assert set(files) == set(before), "no file may be lost or added"
    for name, digest in files.items():
        assert digest in (before[name], after[name]), f"{name} is neither its original nor its migrated form"
    return len(temps)


def _no_survivors(session: int) -> bool:
    deadline = time.monotonic() + limit(10)
    while True:
        alive = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[3]) == session and fields[0] != "Z":
                alive.append(entry.name)
        if not alive:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)


@pytest.mark.parametrize("seed", SEEDS[:2])
def test_ctrl_c_leaves_every_file_whole_and_exits_130(tmp_path: Path, reference, seed: int) -> None:
    original, before, after, duration = reference
    tree = tmp_path / "tree"
    shutil.copytree(original, tree)
    delay = random.Random(seed).uniform(0.35, 0.9) * duration
    proc = _start(tree, tmp_path)
    time.sleep(delay)
    finished_first = proc.poll() is not None
    if not finished_first:
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends: to the whole foreground group
    out, err = proc.communicate(timeout=limit(120))
    text = err.decode()
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
    if not finished_first and proc.returncode != 0:
        assert proc.returncode == 130, text
        assert "interrupted" in text
        assert len(text.strip().splitlines()) <= 2, text
    assert _assert_whole(tree, before, after) == 0, "Ctrl-C must not leave temporary files"
    assert _no_survivors(proc.pid), "worker processes outlived the run"
    assert _journals(tmp_path) == [], "Ctrl-C must not leave the pool's write journal"


@pytest.mark.parametrize("seed", SEEDS)
def test_sigkill_leaves_every_file_whole_and_next_run_cleans_up(tmp_path: Path, reference, seed: int) -> None:
    original, before, after, duration = reference
    tree = tmp_path / "tree"
    shutil.copytree(original, tree)
    rng = random.Random(seed)
    proc = _start(tree, tmp_path)
    time.sleep(rng.uniform(0.35, 0.9) * duration)
    if seed % 2:
        os.killpg(proc.pid, signal.SIGKILL)  # everything dies at once, as on an OOM kill of the group
    else:
        os.kill(proc.pid, signal.SIGKILL)  # only the parent: its workers must notice and stop
    proc.communicate(timeout=limit(120))
    assert _no_survivors(proc.pid), "worker processes outlived a killed parent"
    _assert_whole(tree, before, after)
    rerun = _start(tree, tmp_path)
    rerun.communicate(timeout=limit(600))
    assert rerun.returncode == 0
    assert _hashes(tree) == after, "a second run finishes the job and removes leftover temporary files"
    assert _journals(tmp_path) == [], "a second run removes the write journal the killed one left"


LATE_CTRL_C = """
import atexit, os, signal, sys, time
atexit.register(lambda: (os.kill(os.getpid(), signal.SIGINT), time.sleep(0.2)))  # Ctrl-C while Python shuts down
sys.argv = ["tfmigrate", "--no-cache", sys.argv[1]]
from tfmigrate.cli import main
main()
"""


def test_ctrl_c_after_the_run_has_ended_changes_nothing(tmp_path: Path) -> None:
    """A Ctrl-C that lands after the summary (as the interpreter shuts down) used to escape as a traceback or a
    death by signal 2 instead of the run's exit status, although every file was already written."""
    tree = tmp_path / "tree"
    _make_tree(tree, files=4)
    proc = subprocess.run(
        [sys.executable, "-c", LATE_CTRL_C, str(tree)],
        capture_output=True,
        env=_env(tmp_path),
        timeout=limit(120),
    )
    text = proc.stderr.decode()
    assert proc.returncode == 0, text
    assert "KeyboardInterrupt" not in text and "Traceback" not in text, text
    assert "migrated" in text
    assert _journals(tmp_path) == []
