"""Where the test suite's CPU goes, per module, measured as each test finishes.

``--durations`` reports wall time, which on a shared 2-core machine says more about the neighbours than about the
test, and only once the whole run is over. This plugin appends, per test, its wall time and the CPU seconds of the
worker and of the children it waited for (TensorFlow programs, CLI runs, pip), and how many long-lived TensorFlow
children it started (4-5 CPU-s of start-up each), to ``$TEST_COST_DIR/<worker>.jsonl`` as soon as the test ends, so
a run stopped half-way still says what it spent. A module-scoped fixture is counted in the first test that uses it;
long-lived interpreters (tests/interpreters.py) are counted when they end, in the worker's ``<process total>`` line,
which the summary shows as what the processes spent outside the tests. The ``shared`` column is what a module's
programs spent in the harness's shared children (their own CPU, as the child measured it), which that line holds.
A harness child retired or evicted during a test lands its whole life's CPU in that test's children when it is
reaped: the part its programs had already charged to their tests (tests/child_cpu.py) is taken out of that test and
counted in that line too.

    PYTHONPATH=.:tools TEST_COST_DIR=/tmp/cost pytest -p pytest_cost
    python tools/pytest_cost.py /tmp/cost                # CPU seconds per module, largest first
    python tools/pytest_cost.py /tmp/before /tmp/after   # the same, side by side (a change's effect)

CPU seconds, unlike wall time, hardly move with the machine's load, so two runs far apart still compare.
"""

from __future__ import annotations

import collections
import json
import os
import resource
import sys
import time
from pathlib import Path

import pytest


def _cpu() -> tuple[float, float]:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _started() -> int:
    """TensorFlow children this process has started so far (tests/session_harness.py's program runners and
    tests/interpreters.py's ``run_python`` children): 4-5 CPU-s of start-up each, counted where the child ends."""
    harness, interpreters = sys.modules.get("session_harness"), sys.modules.get("interpreters")
    return sum(getattr(harness, "STARTED", {}).values()) + getattr(interpreters, "STARTED", 0)


def _append(record: dict) -> None:
    directory = Path(os.environ.get("TEST_COST_DIR", "test-cost"))
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.jsonl", "a") as out:
        out.write(json.dumps(record) + "\n")


def _reaped() -> float:
    """CPU seconds of already charged programs in the harness children this process has reaped so far
    (tests/child_cpu.py)."""
    module = sys.modules.get("child_cpu")
    return module.total() if module is not None else 0.0


def _in_shared_children() -> float:
    """CPU seconds the programs this process sent to the harness's long-lived children have spent so far
    (tests/session_harness.py's ``JOB_CPU``): the child's total reaches the worker only when the child ends, with
    the session, so without this a module's programs count in no test, only in the run's outside-tests line."""
    harness = sys.modules.get("session_harness")
    return sum(getattr(harness, "JOB_CPU", {}).values())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    start, (own, children), started, shared = time.monotonic(), _cpu(), _started(), _in_shared_children()
    reaped = _reaped()
    yield
    end, (own_after, children_after) = time.monotonic(), _cpu()
    record = {"id": item.nodeid, "wall": end - start, "self": own_after - own, "children": children_after - children}
    record["end"] = time.time()  # when, to place the runs tools/program_census.py records in a test
    record["reaped"] = _reaped() - reaped  # in ``children``; not the test's own (module docstring)
    _append({**record, "started": _started() - started, "shared": _in_shared_children() - shared})


def pytest_unconfigure(config: pytest.Config) -> None:
    own, children = _cpu()
    _append({"id": "<process total>", "self": own, "children": children})


def summary(directory: Path) -> list[tuple[str, int, float, float, float]]:
    """(module, tests, wall, worker CPU, children CPU) per module, most CPU first; children less the long-lived
    ones reaped during the tests (counted in outside_tests)."""
    modules: dict[str, list[float]] = collections.defaultdict(lambda: [0, 0.0, 0.0, 0.0])
    for log in sorted(directory.glob("*.jsonl")):
        for line in log.read_text().splitlines():
            record = json.loads(line)
            if "wall" not in record:
                continue
            row = modules[record["id"].split("::")[0]]
            row[0] += 1
            row[1] += record["wall"]
            row[2] += record["self"]
            row[3] += record["children"] - record.get("reaped", 0.0)
    rows = [(name, int(n), wall, own, children) for name, (n, wall, own, children) in modules.items()]
    return sorted(rows, key=lambda row: -(row[3] + row[4]))


def outside_tests(directory: Path) -> float:
    """CPU seconds the processes that ran tests spent outside every test record: start-up and collection, and the
    long-lived TensorFlow children that end with the session or are reaped during a test (their programs' CPU; 0 for
    a log with no ``<process total>``, a run stopped half-way). pytest-xdist's controller ran no test and its children are the workers,
    whose own logs count them: its log is left out."""
    outside = 0.0
    for log in sorted(directory.glob("*.jsonl")):
        in_tests, total, tests = 0.0, None, 0
        for line in log.read_text().splitlines():
            record = json.loads(line)
            if "wall" in record:
                in_tests += record["self"] + record["children"] - record.get("reaped", 0.0)
                tests += 1
            else:
                total = record["self"] + record["children"]
        if total is not None and tests:
            outside += total - in_tests
    return outside


def starts(directory: Path) -> dict[str, int]:
    """TensorFlow children started per module (logs without the count: none)."""
    return {name: int(n) for name, n in _per_module(directory, "started").items()}


def shared(directory: Path) -> dict[str, float]:
    """CPU seconds per module of the programs its tests ran in the harness's shared children (part of the
    outside-tests line, where the children's totals land; logs without the figure: none)."""
    return _per_module(directory, "shared")


def _per_module(directory: Path, field: str) -> dict[str, float]:
    found: collections.Counter[str] = collections.Counter()
    for log in sorted(directory.glob("*.jsonl")):
        for line in log.read_text().splitlines():
            record = json.loads(line)
            if "wall" in record:
                found[record["id"].split("::")[0]] += record.get(field, 0)
    return dict(found)


def compare(before: Path, after: Path) -> list[tuple[str, float | None, float | None]]:
    """(module, CPU before, CPU after) for every module either run measured, most CPU before first."""
    old = {name: own + children for name, _, _, own, children in summary(before)}
    new = {name: own + children for name, _, _, own, children in summary(after)}
    names = sorted(old.keys() | new.keys(), key=lambda name: (-old.get(name, 0.0), -new.get(name, 0.0)))
    return [(name, old.get(name), new.get(name)) for name in names]


def _cell(value: float | None) -> str:
    return f"{value:8.1f}" if value is not None else f"{'-':>8}"


def main(argv: list[str]) -> int:
    if len(argv) == 2:
        rows = compare(Path(argv[0]), Path(argv[1]))
        print(f"{'module':50} {'before':>8} {'after':>8} {'change':>8}")
        for name, old, new in rows:
            change = f"{(new - old) / old:+8.0%}" if old and new is not None else f"{'':8}"
            print(f"{name:50} {_cell(old)} {_cell(new)} {change}")
        both = [(old, new) for _, old, new in rows if old is not None and new is not None]
        print(f"{'total (modules in both)':50} {_cell(sum(o for o, _ in both))} {_cell(sum(n for _, n in both))}")
        return 0
    directory = Path(argv[0] if argv else "test-cost")
    summary_rows, started, programs = summary(directory), starts(directory), shared(directory)
    header = f"{'module':50} {'tests':>5} {'wall s':>8} {'worker':>8} {'children':>8} {'CPU s':>8} {'TF starts':>9}"
    print(f"{header} {'shared':>8}")
    for name, n, wall, own, children in summary_rows:
        row = f"{name:50} {n:5d} {wall:8.1f} {own:8.1f} {children:8.1f} {own + children:8.1f}"
        print(f"{row} {started.get(name, 0):9d} {programs.get(name, 0.0):8.1f}")
    total = sum(r[3] + r[4] for r in summary_rows)
    row = f"{'total':50} {sum(r[1] for r in summary_rows):5d} {'':8} {'':8} {'':8} {total:8.1f}"
    print(f"{row} {sum(started.values()):9d} {sum(programs.values()):8.1f}")
    outside = outside_tests(directory)
    print(f"{'outside tests (long-lived children, start-up)':50} {'':5} {'':8} {'':8} {'':8} {outside:8.1f}")
    print(f"{'all processes':50} {'':5} {'':8} {'':8} {'':8} {total + outside:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
