from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from timeouts import limit

SCRIPT = Path(sys.executable).parent / "tfmigrate"

PRIVATE = "from tensorflow.python.keras.layers import Dense\n\nlayer = Dense(3)\n"
PUBLIC = "from tensorflow.keras.layers import Dense\n\nlayer = Dense(3)\n"


def run_cli(*args: str, cwd: Path | None = None, stdin: bytes | None = None, env: dict | None = None):
    """Run the installed console script for real, as a user would."""
    full_env = {**os.environ, "NO_COLOR": "", **(env or {})}
    return subprocess.run(
        [str(SCRIPT), *args], cwd=cwd, input=stdin, capture_output=True, env=full_env, timeout=limit(300)
    )


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def doctor_wheels(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheels the doctor's broken environments install (tests/doctor_overlay.py), kept in pytest's cache
    folder: fetched by the first pytest-xdist worker of the first run that needs them, again only when the
    installed stack changes."""
    from doctor_overlay import wheelhouse

    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    if cache is not None:
        return wheelhouse(cache.mkdir("doctor-wheels"))
    shared = tmp_path_factory.getbasetemp()
    return wheelhouse((shared.parent if os.environ.get("PYTEST_XDIST_WORKER") else shared) / "doctor-wheels")


# What makes a test module compute something once for all its tests: a module- or session-scoped fixture, or a
# cached module-level function. Read from the file's text, since pytest-xdist's controller only sees test ids.
SHARED_WORK = re.compile(r"""scope=["'](?:module|session|package)["']|^@(?:functools\.)?(?:lru_)?cache\b""", re.M)


@functools.cache
def shares_work(path: Path) -> bool:
    try:
        return bool(SHARED_WORK.search(path.read_text(encoding="utf-8")))
    except OSError:
        return False


class _SharedWorkScheduling:
    """pytest-xdist: a test module that shares expensive work between its tests (TensorFlow programs run once,
    one environment built) goes to one worker as a whole, so no worker rebuilds it; every other test is scheduled
    on its own. (``--dist loadgroup`` with ``xdist_group`` marks would say the same, but pytest-xdist 3.8 cannot
    regroup test ids under pytest 9.)"""

    @pytest.hookimpl(tryfirst=True)
    def pytest_xdist_make_scheduler(self, config: pytest.Config, log):
        if config.getvalue("dist") != "loadgroup":
            return None
        from xdist.scheduler import LoadScopeScheduling

        root = config.rootpath

        class Scheduling(LoadScopeScheduling):
            def _split_scope(self, nodeid: str) -> str:
                path = nodeid.split("::", 1)[0]
                return path if shares_work(root / path) else nodeid

        return Scheduling(config, log)


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(_SharedWorkScheduling(), "tfmigrate-shared-work-scheduling")


def pytest_sessionfinish(session: pytest.Session) -> None:
    """End the long-lived TensorFlow children (tests/session_harness.py, tests/interpreters.py) with the session,
    not at interpreter exit, so that tools/pytest_cost.py counts their CPU in the worker's total."""
    for name, close in (("session_harness", "close_children"), ("interpreters", "close_all")):
        module = sys.modules.get(name)
        if module is not None:
            getattr(module, close)()
