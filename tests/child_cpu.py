"""The CPU of the programs a long-lived child (tests/session_harness.py's runners) ran and that were already charged
to their tests, counted again when the child is reaped.

RUSAGE_CHILDREN grows by a child's whole life when the child is waited for: the test that happened to retire or
evict one was charged by tools/pytest_cost.py with every program the child had run, which the harness's JOB_CPU had
already charged to the tests that sent them (one test of tests/test_eager_rnn.py showed 270 CPU-s in 6 s of wall
time, and its module led the table). pytest_cost takes ``total()``'s growth during a test out of that test and
counts it outside every test, where the shared children's programs are counted; the child's start-up and
housekeeping stay with the test that reaped it."""

from __future__ import annotations

import subprocess
import sys
import threading

_LOCK = threading.Lock()
_total = 0.0


def _children() -> float:
    if sys.platform == "win32":
        return 0.0
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def reap(proc: subprocess.Popen, charged: float) -> None:
    """``proc.wait()``, adding to ``total()`` the ``charged`` CPU seconds of its programs, at most what the wait
    added to this process's children (nothing when ``poll()`` had already reaped it: it died)."""
    global _total
    with _LOCK:
        before = _children()
        proc.wait()
        _total += max(0.0, min(charged, _children() - before))


def total() -> float:
    """CPU seconds of charged programs in the children ``reap`` waited for in this process so far."""
    return _total
