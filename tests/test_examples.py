"""The bundled legacy project fails on TensorFlow 2.21 as written and runs once tfmigrate has migrated it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import invoke_cli
from interpreters import Run, run_python

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPTS = ["model.py", "train_saver.py", "resume_checkpoint.py"]


def run_script(script: str, cwd: Path) -> Run:
    """``python script`` in ``cwd``, in a reused interpreter of the script's flavour (tests/interpreters.py)."""
    return run_python((cwd / script).read_text(), cwd=cwd, file=cwd / script)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("examples")
    shutil.copytree(EXAMPLES, root / "examples")
    proc = invoke_cli("examples", cwd=root)
    assert proc.returncode == 0, proc.stderr.decode()
    return root / "examples"


@pytest.mark.parametrize("script", SCRIPTS)
def test_example_fails_before_migration(script: str, tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    proc = run_script(script, tmp_path / "examples")
    assert proc.returncode != 0


@pytest.mark.parametrize("script", SCRIPTS)
def test_example_runs_after_migration(script: str, migrated: Path) -> None:
    proc = run_script(script, migrated)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip()


def test_migrated_examples_are_a_fixed_point(migrated: Path) -> None:
    proc = invoke_cli("--check", ".", cwd=migrated)
    assert proc.returncode == 0, proc.stdout.decode()
