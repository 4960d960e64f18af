"""tools/pytest_cost.py sums the per-test CPU records (and TensorFlow start-ups) per module and sets two runs side by
side."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

TOOL = Path(__file__).resolve().parent.parent / "tools" / "pytest_cost.py"
_spec = importlib.util.spec_from_file_location("pytest_cost", TOOL)
assert _spec is not None and _spec.loader is not None
pytest_cost = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pytest_cost)


def _log(folder: Path, worker: str, *records: tuple[str, float, float]) -> Path:
    folder.mkdir(exist_ok=True)
    lines = [json.dumps({"id": i, "wall": 1.0, "self": own, "children": kids}) for i, own, kids in records]
    lines.append(json.dumps({"id": "<process total>", "self": 99.0, "children": 99.0}))
    (folder / f"{worker}.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def test_modules_are_summed_across_workers_and_process_totals_left_out(tmp_path: Path) -> None:
    _log(tmp_path / "run", "gw0", ("tests/test_a.py::one", 1.0, 10.0), ("tests/test_b.py::x", 0.5, 0.0))
    _log(tmp_path / "run", "gw1", ("tests/test_a.py::two", 2.0, 20.0))
    assert pytest_cost.summary(tmp_path / "run") == [
        ("tests/test_a.py", 2, 2.0, 3.0, 30.0),
        ("tests/test_b.py", 1, 1.0, 0.5, 0.0),
    ]


def test_two_runs_side_by_side_keep_modules_only_one_of_them_ran(tmp_path: Path) -> None:
    before = _log(tmp_path / "before", "gw0", ("tests/test_a.py::one", 1.0, 39.0), ("tests/test_gone.py::x", 1.0, 0.0))
    after = _log(tmp_path / "after", "gw0", ("tests/test_a.py::one", 1.0, 9.0), ("tests/test_new.py::x", 2.0, 0.0))
    assert pytest_cost.compare(before, after) == [
        ("tests/test_a.py", 40.0, 10.0),
        ("tests/test_gone.py", 1.0, None),
        ("tests/test_new.py", None, 2.0),
    ]


def test_tensorflow_start_ups_are_counted_per_module_and_old_logs_count_none(tmp_path: Path) -> None:
    folder = _log(tmp_path / "run", "gw0", ("tests/test_old.py::x", 1.0, 0.0))
    records = [("tests/test_a.py::one", 2), ("tests/test_a.py::two", 1), ("tests/test_b.py::x", 0)]
    lines = [json.dumps({"id": i, "wall": 1.0, "self": 0.0, "children": 0.0, "started": n}) for i, n in records]
    (folder / "gw1.jsonl").write_text("\n".join(lines) + "\n")
    assert pytest_cost.starts(folder) == {"tests/test_old.py": 0, "tests/test_a.py": 3, "tests/test_b.py": 0}


def test_start_ups_are_read_from_both_kinds_of_long_lived_child(monkeypatch) -> None:
    """The harness counts its runners by flavour, tests/interpreters.py its ``run_python`` children; a worker that
    loaded neither has started none."""
    monkeypatch.delitem(sys.modules, "session_harness", raising=False)
    monkeypatch.delitem(sys.modules, "interpreters", raising=False)
    assert pytest_cost._started() == 0
    monkeypatch.setitem(sys.modules, "session_harness", SimpleNamespace(STARTED=Counter({(True, False): 2})))
    monkeypatch.setitem(sys.modules, "interpreters", SimpleNamespace(STARTED=3))
    assert pytest_cost._started() == 5


def test_what_the_processes_spent_outside_every_test_is_their_total_less_the_tests(tmp_path: Path) -> None:
    """The long-lived TensorFlow children end with the session: their CPU is in the ``<process total>`` only."""
    _log(tmp_path / "run", "gw0", ("tests/test_a.py::one", 1.0, 10.0))  # total 198
    _log(tmp_path / "run", "gw1", ("tests/test_a.py::two", 2.0, 20.0))  # total 198
    (tmp_path / "run" / "gw2.jsonl").write_text(json.dumps({"id": "t::x", "wall": 1.0, "self": 5.0, "children": 0.0}))
    controller = {"id": "<process total>", "self": 8.0, "children": 400.0}  # its children: the workers
    (tmp_path / "run" / "main.jsonl").write_text(json.dumps(controller) + "\n")
    assert pytest_cost.outside_tests(tmp_path / "run") == (198.0 - 11.0) + (198.0 - 22.0)


def test_programs_run_in_shared_children_are_charged_to_their_module(tmp_path: Path, monkeypatch) -> None:
    """What a test's programs spent in the harness's children (whose totals land outside every test) is its own."""
    monkeypatch.delitem(sys.modules, "session_harness", raising=False)
    assert pytest_cost._in_shared_children() == 0
    monkeypatch.setitem(sys.modules, "session_harness", SimpleNamespace(JOB_CPU=Counter(graph=2.5, eager=1.0)))
    assert pytest_cost._in_shared_children() == 3.5
    folder = _log(tmp_path / "run", "gw0", ("tests/test_old.py::x", 1.0, 0.0))
    records = [("tests/test_a.py::one", 2.5), ("tests/test_a.py::two", 1.0), ("tests/test_b.py::x", 0.0)]
    lines = [json.dumps({"id": i, "wall": 1.0, "self": 0.0, "children": 0.0, "shared": s}) for i, s in records]
    (folder / "gw1.jsonl").write_text("\n".join(lines) + "\n")
    assert pytest_cost.shared(folder) == {"tests/test_old.py": 0.0, "tests/test_a.py": 3.5, "tests/test_b.py": 0.0}


def test_the_harness_charges_each_program_its_childs_cpu(tmp_path: Path) -> None:
    from session_harness import JOB_CPU, run_jobs

    before = sum(JOB_CPU.values())
    runs = run_jobs(
        [{"key": "p", "source": "x = sum(range(10**6))\n", "cwd": str(tmp_path), "file": "p.py"}], True, False
    )
    assert runs["p"].ok and runs["p"].cpu > 0
    # at least its child's CPU: the worker's run store may charge programs it runs meanwhile
    assert sum(JOB_CPU.values()) - before >= runs["p"].cpu - 1e-9


def test_a_harness_childs_programs_are_not_charged_again_to_the_test_that_reaps_it(tmp_path: Path) -> None:
    """A runner evicted during a test lands its whole life in that test's children; the programs it ran were
    charged to their own tests (``shared``) and are taken out of it (``reaped``, tests/child_cpu.py) and counted
    in the outside-tests line."""
    folder = tmp_path / "run"
    folder.mkdir()
    records = [
        {"id": "tests/test_a.py::one", "wall": 1.0, "self": 1.0, "children": 274.5, "reaped": 270.0},
        {"id": "tests/test_old.py::x", "wall": 1.0, "self": 1.0, "children": 2.0},  # logs before the field
        {"id": "<process total>", "self": 10.0, "children": 300.0},
    ]
    (folder / "gw0.jsonl").write_text("\n".join(map(json.dumps, records)) + "\n")
    assert pytest_cost.summary(folder) == [
        ("tests/test_a.py", 1, 1.0, 1.0, 4.5),
        ("tests/test_old.py", 1, 1.0, 1.0, 2.0),
    ]
    assert pytest_cost.outside_tests(folder) == 310.0 - (5.5 + 3.0)


def test_reaping_a_child_counts_at_most_what_it_spent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reaped inside a test, the child's charged CPU is that test's ``reaped`` (taken out of its children)."""
    import subprocess

    import child_cpu

    monkeypatch.setenv("TEST_COST_DIR", str(tmp_path))
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "probe")
    hook = pytest_cost.pytest_runtest_protocol(SimpleNamespace(nodeid="tests/test_x.py::reaps"), None)
    next(hook)  # the test starts
    before = child_cpu.total()
    proc = subprocess.Popen([sys.executable, "-c", "x = sum(range(3 * 10**6))"])
    child_cpu.reap(proc, charged=1e6)  # more than it can have spent: what the wait added, no more
    spent = child_cpu.total() - before
    assert proc.returncode == 0 and 0 < spent < 1e6
    with pytest.raises(StopIteration):
        hook.send(None)  # the test ends: its record is written
    record = json.loads((tmp_path / "probe.jsonl").read_text())
    assert record["reaped"] == pytest.approx(spent) and record["children"] >= record["reaped"], record
    again = subprocess.Popen([sys.executable, "-c", "pass"])
    child_cpu.reap(again, charged=0.0)  # nothing charged: the whole child stays with the test
    assert child_cpu.total() == before + spent
