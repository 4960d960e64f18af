"""What keeps the suite's TensorFlow children cheap (issue 15: the suite on 2 cores in ten minutes): both kinds of
long-lived child (tests/session_harness.py's program runners, tests/interpreters.py's ``run_python``) freeze what
TensorFlow's import left before their first program, so the full collection after each program walks only what the
programs made (0.2 CPU-s less per program, a third of a child's CPU on tests/programs). Asked of real children."""

from __future__ import annotations

from pathlib import Path

import interpreters
import session_harness

# TensorFlow 2.21's import leaves some 300,000 objects tracked by the collector; a child that froze none has 0.
FROZEN_AT_LEAST = 50_000
COUNT = "import gc\nprint(gc.get_freeze_count())\n"


def test_the_harness_children_freeze_tensorflows_objects_before_the_first_program(tmp_path: Path) -> None:
    job = session_harness._job("graph", "import tensorflow.compat.v1 as tf\n" + COUNT, tmp_path / "graph")
    run = session_harness.run_jobs([job], graph=True, legacy_keras=False)["graph"]
    assert run.ok, run.stderr
    assert int(run.stdout) >= FROZEN_AT_LEAST


def test_the_shared_interpreters_freeze_tensorflows_objects_before_the_first_program(tmp_path: Path) -> None:
    run = interpreters.run_python("import tensorflow as tf\n" + COUNT, cwd=tmp_path)
    assert run.ok, run.stderr
    assert int(run.stdout) >= FROZEN_AT_LEAST
