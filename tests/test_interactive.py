"""--interactive, driven through a real pseudo-terminal with pexpect (and refused without one)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pexpect
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from timeouts import limit

from tfmigrate.interactive import PROMPT
from tfmigrate.progress import Progress

BOOTSTRAP = (
    "import sys, tfmigrate.transforms as t; sys.path.insert(0, %r); from test_suppression import TOY_RULES; "
    "t.all_transforms = lambda: TOY_RULES; from tfmigrate.cli import main; sys.argv[0] = 'tfmigrate'; main()"
) % str(Path(__file__).parent)
SOURCE = "import tensorflow as tf\nx = tf.random_normal([2])\n"
MIGRATED = "import tensorflow as tf\nx = tf.random.normal([2])\n"


@pytest.fixture
def tree(tmp_path):
    for name in ("a.py", "b.py", "c.py"):
        (tmp_path / name).write_text(SOURCE)
    (tmp_path / "clean.py").write_text("import os\n")
    return tmp_path


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    child = pexpect.spawn(
        sys.executable,
        ["-c", BOOTSTRAP, "--interactive", "--no-cache", "--color", "never", *args, "."],
        cwd=str(tmp_path),
        encoding="utf-8",
        timeout=limit(60),
        dimensions=(40, 200),
    )
    return child


def answer(child: pexpect.spawn, reply: str) -> None:
    child.expect_exact(PROMPT)
    child.sendline(reply)


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_yes_no_and_all(tree):
    child = spawn(tree)
    child.expect_exact("--- a/a.py")
    child.expect_exact("+x = tf.random.normal([2])")
    answer(child, "y")
    child.expect_exact("applied: a.py")
    child.expect_exact("--- a/b.py")
    answer(child, "maybe")
    child.expect_exact("Please answer y, n, a or q.")
    child.sendline("n")
    child.expect_exact("--- a/c.py")
    answer(child, "a")
    child.expect_exact("applied: c.py")
    assert finish(child) == 0
    assert (tree / "a.py").read_text() == MIGRATED
    assert (tree / "b.py").read_text() == SOURCE
    assert (tree / "c.py").read_text() == MIGRATED


def test_apply_all_does_not_ask_again(tree):
    child = spawn(tree)
    answer(child, "a")
    child.expect_exact("applied: c.py")
    output = child.before
    assert PROMPT not in output
    assert finish(child) == 0
    assert all((tree / n).read_text() == MIGRATED for n in ("a.py", "b.py", "c.py"))


def test_quit_leaves_the_rest(tree):
    child = spawn(tree)
    answer(child, "y")
    answer(child, "q")
    assert finish(child) == 0
    assert (tree / "a.py").read_text() == MIGRATED
    assert (tree / "b.py").read_text() == SOURCE and (tree / "c.py").read_text() == SOURCE


def test_a_file_edited_while_asking_is_not_written(tree):
    child = spawn(tree)
    child.expect_exact(PROMPT)
    (tree / "a.py").write_text(SOURCE + "y = 1\n")
    child.sendline("y")
    child.expect_exact("not applied: a.py: file changed since its diff was shown; not written")
    answer(child, "q")
    assert finish(child) == 1
    assert (tree / "a.py").read_text() == SOURCE + "y = 1\n"


def test_notebooks_are_shown_per_cell(tmp_path):
    nb = new_notebook(cells=[new_code_cell("import tensorflow as tf"), new_code_cell("y = tf.random_normal([1])")])
    nbformat.write(nb, str(tmp_path / "nb.ipynb"))
    child = spawn(tmp_path)
    child.expect_exact("--- a/nb.ipynb:cell 2")
    child.expect_exact("+y = tf.random.normal([1])")
    answer(child, "y")
    child.expect_exact("applied: nb.ipynb")
    assert finish(child) == 0
    cells = nbformat.read(str(tmp_path / "nb.ipynb"), as_version=4).cells
    assert cells[1].source == "y = tf.random.normal([1])"


def test_refused_without_a_terminal(tree):
    out = subprocess.run(
        [sys.executable, "-c", BOOTSTRAP, "--interactive", "."],
        cwd=tree,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=limit(120),
    )
    assert out.returncode == 2
    assert "--interactive needs a terminal" in out.stderr
    assert (tree / "a.py").read_text() == SOURCE


@pytest.mark.parametrize("extra", [["--diff"], ["--check"], ["--output-format", "json"]])
def test_refused_with_conflicting_options(tree, extra):
    child = pexpect.spawn(
        sys.executable,
        ["-c", BOOTSTRAP, "--interactive", *extra, "."],
        cwd=str(tree),
        encoding="utf-8",
        timeout=limit(60),
    )
    child.expect_exact("tfmigrate: error: --interactive")
    assert finish(child) == 2


def test_progress_bar_on_a_terminal_for_many_files(tmp_path):
    for i in range(30):
        (tmp_path / f"m{i:02d}.py").write_text(SOURCE if i % 2 else "import os\n")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["TERM"] = "xterm"
    child = pexpect.spawn(
        sys.executable,
        ["-c", BOOTSTRAP, "--check", "--no-cache", "--jobs", "1", "."],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=limit(60),
        dimensions=(40, 120),
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "tfmigrate [" in child.before and "30/30 files" in child.before
    assert "\r\x1b[K" in child.before  # cleared before the summary
    assert "would migrate m01.py" in child.before


def test_no_progress_bar_when_piped_or_quiet(tmp_path):
    for i in range(30):
        (tmp_path / f"m{i:02d}.py").write_text(SOURCE)
    piped = subprocess.run(
        [sys.executable, "-c", BOOTSTRAP, "--check", "--no-cache", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=limit(120),
    )
    assert "tfmigrate [" not in piped.stderr and "\r" not in piped.stderr
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    child = pexpect.spawn(
        sys.executable,
        ["-c", BOOTSTRAP, "--check", "--no-cache", "--quiet", "."],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=limit(60),
    )
    child.expect(pexpect.EOF)
    assert "tfmigrate [" not in child.before


def test_progress_needs_enough_files():
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    progress = Progress(stream, enabled=True, min_files=20)
    progress.start([0] * 5)
    for _ in range(5):
        progress.advance("x.py")
    assert stream.getvalue() == ""
    progress.start([0] * 20)
    for _ in range(20):
        progress.advance("x.py")
    progress.close()
    assert "20/20 files" in stream.getvalue() and stream.getvalue().endswith("\r\x1b[K")
