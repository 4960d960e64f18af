"""benchmarks/heldout_share.py's ``main`` run in a test's own process, for the tests that check its printed table."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import ModuleType

import pytest


def run_main(
    runner: ModuleType, folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> list[str]:
    """``runner.main`` on ``folder``, in this process: its programs run in the harness's shared children (the
    runner as a process of its own starts two TensorFlow children of its own); the ``PYTHONPATH`` and ``sys.path``
    it sets for its children are put back after. Its printed lines, once it returned 0."""
    monkeypatch.setenv("PYTHONPATH", os.environ.get("PYTHONPATH", ""))
    monkeypatch.setattr(sys, "path", list(sys.path))
    assert runner.main([str(folder)]) == 0
    return capsys.readouterr().out.strip().splitlines()
