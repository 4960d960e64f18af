from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "tfmigrate"

PRIVATE = "from tensorflow.python.keras.layers import Dense\n\nlayer = Dense(3)\n"
PUBLIC = "from tensorflow.keras.layers import Dense\n\nlayer = Dense(3)\n"


def run_cli(*args: str, cwd: Path | None = None, stdin: bytes | None = None, env: dict | None = None):
    """Run the installed console script for real, as a user would."""
    full_env = {**os.environ, "NO_COLOR": "", **(env or {})}
    return subprocess.run([str(SCRIPT), *args], cwd=cwd, input=stdin, capture_output=True, env=full_env, timeout=300)


@pytest.fixture
def cli():
    return run_cli
