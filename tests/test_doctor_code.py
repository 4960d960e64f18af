"""Code checks: tensorflow/keras statements in the given files are tried against the real TensorFlow of the
test extra in a child process; each failing one is reported with file:line, the error it raises and the
tfmigrate rule that rewrites it (looked up by running tfmigrate on the statement)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from timeouts import child_timeout, limit

from tfmigrate.api import migrate_source
from tfmigrate.doctor.code_checks import scan_paths, scan_source

SCRIPT = Path(sys.executable).parent / "tfmigrate"

LEGACY = """\
import tensorflow as tf
from tensorflow.contrib import slim

x = tf.placeholder(tf.float32, [None, 3])
with tf.Session() as sess:
    sess.run(x)
sess2 = tf.Session()
flags = tf.compat.v1.flags.FLAGS.batch_size
"""


def doctor(*args: str, cwd: Path) -> tuple[int, dict]:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""}
    env.pop("TF_USE_LEGACY_KERAS", None)
    proc = subprocess.run(
        [str(SCRIPT), "doctor", "--output-format", "json", *child_timeout(args), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=limit(600),
    )
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def codes_changing(snippet: str) -> list[str]:
    result = migrate_source(snippet, filename="snippet.py")
    return sorted({c.code for c in result.changes}) if result.changed else []


def expected_fix(snippet: str, files: str) -> str:
    """What the registry of this tree says fixes ``snippet``: rules that rewrite it, else rules that report it."""
    codes = codes_changing(snippet)
    if codes:
        return f"tfmigrate --select {','.join(codes)} --diff {files}"
    reported = sorted({f.code for f in migrate_source(snippet, filename="snippet.py").followups})
    if reported:
        return f"no automatic rewrite: {', '.join(reported)} lists it for a manual fix (tfmigrate --diff {files})"
    return "no tfmigrate rule rewrites this statement: change it by hand"


@pytest.fixture(scope="module")
def legacy_report(tmp_path_factory) -> tuple[int, dict]:
    root = tmp_path_factory.mktemp("code")
    (root / "legacy.py").write_text(LEGACY)
    (root / "modern.py").write_text(
        "import tensorflow as tf\n\nmodel = tf.keras.Sequential([tf.keras.layers.Dense(3)])\n"
    )
    (root / "py2.py").write_text("import tensorflow as tf\nprint 'hello'\n")  # unreadable: Python 2
    return doctor("legacy.py", "modern.py", "py2.py", cwd=root)


def failing(report: dict) -> dict[str, dict]:
    return {f["location"]: f for f in report["findings"] if f["id"] == "code-fails"}


def test_contrib_import_is_reported_with_its_error_and_fix(legacy_report) -> None:
    code, report = legacy_report
    found = failing(report)["legacy.py:2"]
    assert code == 1 and found["severity"] == "error"
    assert found["title"] == (
        "legacy.py:2: from tensorflow.contrib import slim raises ModuleNotFoundError: "
        "No module named 'tensorflow.contrib'"
    )
    rule_fix = expected_fix("from tensorflow.contrib import slim\n", "legacy.py")
    assert found["fix"] == rule_fix


def test_session_is_reported_once_per_statement_with_every_line(legacy_report) -> None:
    _, report = legacy_report
    found = failing(report)["legacy.py:5"]
    assert found["title"] == (
        "legacy.py:5: tf.Session (after `import tensorflow as tf`) raises AttributeError: "
        "module 'tensorflow' has no attribute 'Session'"
    )
    assert "TFM101" in codes_changing("import tensorflow as tf\ntf.Session()\n")
    assert found["evidence"] == [
        "2 occurrence(s):",
        "legacy.py:5",
        "legacy.py:7",
        "after tfmigrate's rewrite it resolves against this TensorFlow",
    ]
    assert found["fix"] == expected_fix("import tensorflow as tf\ntf.Session()\n", "legacy.py")


def test_only_failing_statements_are_reported(legacy_report) -> None:
    _, report = legacy_report
    assert sorted(failing(report)) == ["legacy.py:2", "legacy.py:4", "legacy.py:5"]
    summary = [f for f in report["findings"] if f["id"] == "code-checks"][0]
    distinct = len({u.key for u in scan_source(LEGACY, "legacy.py")})
    assert summary["title"].endswith("would fail")
    assert summary["title"] == f"Checked 10 tensorflow/keras statements ({distinct + 2} distinct): 4 would fail"


SCAN_CASES = [
    pytest.param("import tensorflow as tf\ntf.Session()\n", [(2, "tf.Session", "tensorflow.Session")], id="alias"),
    pytest.param(
        "import tensorflow.compat.v1 as tf\ntf.placeholder\n",
        [(2, "tf.placeholder", "tensorflow.compat.v1.placeholder")],
        id="compat alias",
    ),
    pytest.param(
        "import tensorflow\ntensorflow.compat.v1.Session\n",
        [(2, "tensorflow.compat.v1.Session", "tensorflow.compat.v1.Session")],
        id="plain import",
    ),
    pytest.param(
        "from tensorflow import keras\nkeras.layers.Dense(3)(x)\n",
        [(2, "keras.layers.Dense", "tensorflow.keras.layers.Dense")],
        id="from import, call of a call",
    ),
    pytest.param("import tensorflow as tf\ndef f(tf):\n    return tf.anything\n", [], id="parameter shadows"),
    pytest.param("import tensorflow as tf\ntf = tf.compat.v1\ntf.Session\n", [], id="rebound at module level"),
    pytest.param("import tensorflow as tf\ntf.foo = 1\n", [], id="assignment target"),
    pytest.param("import numpy as np\nnp.array\n", [], id="other packages"),
]


@pytest.mark.parametrize(("source", "chains"), SCAN_CASES)
def test_attribute_chains_follow_bindings(source: str, chains: list[tuple[int, str, str]]) -> None:
    found = [(u.line, u.text, u.qualified) for u in scan_source(source, "x.py") if u.kind == "attribute"]
    assert found == chains


def test_notebook_cells_are_joined_and_located(tmp_path: Path) -> None:
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": "tf.Session()"},
            {"cell_type": "code", "source": ["%matplotlib inline\n", "import tensorflow as tf"]},
            {"cell_type": "code", "source": "!pip install x\nsess = tf.Session()\ntf.Session?"},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (tmp_path / "nb.ipynb").write_text(json.dumps(notebook))
    (tmp_path / "broken.ipynb").write_text("{not json")
    report = scan_paths([str(tmp_path)])
    assert [(u.path.replace(str(tmp_path), "."), u.line, u.text) for u in report.usages] == [
        ("./nb.ipynb[cell 2]", 2, "import tensorflow as tf"),
        ("./nb.ipynb[cell 3]", 2, "tf.Session"),
    ]
    assert report.usages[1].file == str(tmp_path / "nb.ipynb")
    assert [p for p, _ in report.unreadable] == [str(tmp_path / "broken.ipynb")]


def test_unparsable_file_is_a_warning_not_a_crash(legacy_report) -> None:
    """Checked in the same run as the other files (a doctor run imports TensorFlow: 5 CPU-s): the Python 2 file is
    a warning, and the other files are still checked."""
    _, report = legacy_report
    found = [f for f in report["findings"] if f["id"] == "code-unreadable"]
    assert found and found[0]["severity"] == "warning" and found[0]["location"] == "py2.py"
    assert sorted(failing(report)) == ["legacy.py:2", "legacy.py:4", "legacy.py:5"]


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(SCRIPT), "doctor", "nope.py"], cwd=tmp_path, capture_output=True, text=True, timeout=limit(120)
    )
    assert proc.returncode == 2 and "no such file or directory: nope.py" in proc.stderr


def test_help_lists_the_options() -> None:
    proc = subprocess.run([str(SCRIPT), "doctor", "--help"], capture_output=True, text=True, timeout=limit(120))
    assert proc.returncode == 0
    for option in ("--output-format", "--python", "--timeout", "Exit status"):
        assert option in proc.stdout


# A stand-in TensorFlow that passes every stage of the probe and counts its own imports (real TensorFlow would take
# 4 CPU-s per start to show the same); tensorflow.crash ends the process the way a segfaulting extension would.
STAND_IN = """\
import pathlib
import types

with open(pathlib.Path(__file__).with_name("starts.log"), "a") as log:
    log.write("started\\n")
__version__ = "2.21.0"
sysconfig = types.SimpleNamespace(get_build_info=lambda: {"is_cuda_build": False})
config = types.SimpleNamespace(list_physical_devices=lambda kind: [])
keras = types.SimpleNamespace(layers=types.SimpleNamespace(Dense=type("Dense", (), {})))
"""


def stand_in_python(tmp_path: Path) -> tuple[Path, Path]:
    """A real virtual environment with the stand-in as its tensorflow: (its python, the log of its imports)."""
    root = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False, symlinks=True).create(root)
    package = next(root.glob("lib/python3*/site-packages")) / "tensorflow"
    package.mkdir()
    (package / "__init__.py").write_text(STAND_IN)
    (package / "crash.py").write_text("import os\n\nos._exit(3)\n")
    return root / "bin" / "python", package / "starts.log"


def test_the_probe_and_every_batch_of_statements_share_one_tensorflow_start(tmp_path: Path) -> None:
    """tf.Session fails, so its rewrite (tf.compat.v1.Session) is tried in a second batch: both batches are
    answered by the probe's process, which imported TensorFlow once."""
    python, starts = stand_in_python(tmp_path)
    (tmp_path / "train.py").write_text("import tensorflow as tf\n\nsess = tf.Session()\n")
    _, report = doctor("--python", str(python), "train.py", cwd=tmp_path)
    probe = [f for f in report["findings"] if f["id"] == "import-tensorflow"]
    assert probe and probe[0]["title"].startswith("import tensorflow works: 2.21.0")
    session = failing(report)["train.py:3"]
    assert session["title"].startswith("train.py:3: tf.Session (after `import tensorflow as tf`) raises AttributeError")
    assert any(line.startswith("`tf.compat.v1.Session` still raises AttributeError") for line in session["evidence"])
    assert starts.read_text().splitlines() == ["started"]


def test_a_child_that_dies_on_a_statement_is_an_error_not_a_crash(tmp_path: Path) -> None:
    python, _ = stand_in_python(tmp_path)
    (tmp_path / "train.py").write_text("import tensorflow.crash\n")
    code, report = doctor("--python", str(python), "train.py", cwd=tmp_path)
    checks = [f for f in report["findings"] if f["id"] == "code-checks"]
    assert code == 1 and [f["title"] for f in checks] == ["The code checks could not run"]
    assert checks[0]["evidence"][0].startswith("the child checking the statements died (exit 3)")
