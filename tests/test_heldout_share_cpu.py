"""benchmarks/heldout_share.py's "much slower" verdict reads the CPU seconds of each program's own code, not its
wall seconds: held-out sets are measured on two cores shared by eight engineers, where a program's wall time says
more about its neighbours than about the migration. Runs are made up here (seconds and CPU seconds given)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from session_harness import Outcome, Program, Run

from tfmigrate.ftypes import FileResult, Status

RUNNER = Path(__file__).resolve().parents[1] / "benchmarks" / "heldout_share.py"
PROGRAM = Program("p", "import tensorflow as tf\nprint(1)\n", {"random": "none"})


def _runner():
    spec = importlib.util.spec_from_file_location("heldout_share", RUNNER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


heldout_share = _runner()


def _outcome(base: Run, migrated: Run) -> Outcome:
    result = FileResult(path=Path("p.py"), status=Status.CHANGED, migrated="print(1)\n")
    return Outcome(PROGRAM, result, base, migrated)


@pytest.mark.parametrize(
    ("base", "migrated", "ratio"),
    [
        pytest.param(Run(0, "1\n", "", 3.0, 2.0), Run(0, "1\n", "", 90.0, 2.5), None, id="waited on a busy machine"),
        pytest.param(Run(0, "1\n", "", 3.0, 2.0), Run(0, "1\n", "", 3.0, 30.0), 15.0, id="15x the CPU in equal wall"),
        pytest.param(Run(0, "1\n", "", 3.0, 0.1), Run(0, "1\n", "", 3.0, 1.0), None, id="10x but under 2 CPU-s more"),
        pytest.param(Run(0, "1\n", "", 2.0), Run(0, "1\n", "", 30.0), 15.0, id="no CPU recorded: the seconds"),
    ],
)
def test_much_slower_is_read_from_cpu_seconds(base: Run, migrated: Run, ratio: float | None) -> None:
    found = heldout_share.much_slower(_outcome(base, migrated))
    assert found == (pytest.approx(ratio) if ratio is not None else None)
