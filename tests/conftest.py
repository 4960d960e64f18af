from __future__ import annotations

import functools
import os
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


def _shares_work(module) -> bool:
    """Whether a test module computes something once for all its tests: a module- or session-scoped fixture,
    or a cached module-level function (``functools.cache``)."""
    for value in vars(module).values():
        if isinstance(value, functools._lru_cache_wrapper):
            return True
        definition = getattr(value, "_fixture_function_marker", None) or getattr(value, "_pytestfixturefunction", None)
        if definition is not None and getattr(definition, "scope", "function") in ("module", "session", "package"):
            return True
    return False


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's worker turns the marks into group names
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist (``--dist loadgroup``), keep each module that shares expensive work between its tests
    (running TensorFlow programs once, building one environment) on one worker, so no worker rebuilds it."""
    shared: dict[object, bool] = {}
    for item in items:
        module = getattr(item, "module", None)
        if module is None:
            continue
        if module not in shared:
            shared[module] = _shares_work(module)
        if shared[module]:
            item.add_marker(pytest.mark.xdist_group(module.__name__))
