"""The one time limit for the tests' subprocesses and waits: generous, and scaled by the machine's owner.

A limit exists to stop a hang, not to measure speed: the suite runs on shared 2-core machines where one
TensorFlow start-up can take a minute and a batch of programs ten. So every limit is at least ``FLOOR`` seconds,
four times what the call site would allow on a quiet machine, and ``TFMIGRATE_TEST_TIMEOUT_SCALE`` (a factor,
default 1) stretches or shrinks all of them at once: ``TFMIGRATE_TEST_TIMEOUT_SCALE=3 pytest`` on a crowded box.
"""

from __future__ import annotations

import os

SCALE_ENV = "TFMIGRATE_TEST_TIMEOUT_SCALE"
FLOOR = 600.0
MARGIN = 4.0


def scale() -> float:
    raw = os.environ.get(SCALE_ENV, "").strip()
    if not raw:
        return 1.0
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{SCALE_ENV}={raw!r}: expected a positive number such as 3 or 0.5") from None
    if not value > 0:
        raise ValueError(f"{SCALE_ENV}={raw!r}: expected a positive number such as 3 or 0.5")
    return value


def busy() -> float:
    """How many times over the machine's cores are taken right now (1.0 when idle or unknown): a limit that must
    stay short, because expiring it is what a test checks, is stretched by it rather than held at a fixed value
    that a crowded machine's children (pip, a Python start-up) miss."""
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return 1.0
    return max(1.0, load / (os.cpu_count() or 1))


def limit(nominal: float = 300.0) -> float:
    """Seconds to wait before calling it a hang, for a call site that would allow ``nominal`` on a quiet machine."""
    return max(nominal * MARGIN, FLOOR) * scale()


def child_timeout(args: tuple[str, ...] | list[str] = (), nominal: float = 120.0) -> tuple[str, ...]:
    """``--timeout SECONDS`` for ``tfmigrate doctor`` (its default, 120 s per child process, is a limit a busy
    machine exceeds while importing TensorFlow), unless the test gives its own ``--timeout`` in ``args``."""
    return () if "--timeout" in args else ("--timeout", f"{limit(nominal):g}")
