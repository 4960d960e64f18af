"""benchmarks/heldout_share.py names the rows whose "same numbers" compared nothing.

Held-out set 9 had two programs that print no number (one only writes a checkpoint, one had only a plot as output):
the harness compares printed numbers, so both came out "same" whatever the migrated program computed, and the
figure counted them like the rows it had checked. The runner now lists them under the table for a check by hand,
before the much-slower line, and leaves the summary line (the one READMEs quote) last and unchanged.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from heldout_runner import run_main
from session_harness import Outcome, Program, Run

from tfmigrate.ftypes import FileResult, Status

REPO = Path(__file__).resolve().parents[1]
RUNNER = REPO / "benchmarks" / "heldout_share.py"
PROGRAM = Program("p", "import tensorflow as tf\n", {"random": "none"})


def _runner():
    spec = importlib.util.spec_from_file_location("heldout_share_silent", RUNNER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


heldout_share = _runner()


def _outcome(base: Run, migrated: Run | None) -> Outcome:
    result = FileResult(path=Path("p.py"), status=Status.CHANGED, migrated="pass\n")
    return Outcome(PROGRAM, result, base, migrated)


@pytest.mark.parametrize(
    ("base", "migrated", "nothing"),
    [
        pytest.param(Run(0, "", "", 1.0), Run(0, "", "", 1.0), True, id="prints nothing"),
        pytest.param(Run(0, "model saved\n", "", 1.0), Run(0, "model saved\n", "", 1.0), True, id="text only"),
        pytest.param(Run(0, "acc 0.91\n", "", 1.0), Run(0, "acc 0.91\n", "", 1.0), False, id="prints a number"),
        pytest.param(Run(0, "", "", 1.0), Run(1, "", "boom", 1.0), False, id="migrated program stops"),
        pytest.param(Run(1, "", "boom", 1.0), None, False, id="baseline fails"),
    ],
)
def test_a_row_compares_nothing_when_the_baseline_printed_no_number(base, migrated, nothing):
    assert heldout_share.compares_nothing(_outcome(base, migrated)) is nothing


def test_runner_names_the_rows_that_printed_no_number(tmp_path, monkeypatch, capsys):
    """A real run (TensorFlow in the children): a program that prints a number and one that prints only text; the
    second is named under the new line, which comes before the much-slower line, and the summary stays last."""
    (tmp_path / "counts.py").write_text(
        "import tensorflow as tf\nsess = tf.Session()\nprint(sess.run(tf.constant(3)))\n"
    )
    (tmp_path / "quiet.py").write_text(
        "import tensorflow as tf\nsess = tf.Session()\nvalue = sess.run(tf.constant(3))\nprint('done')\n"
    )
    (tmp_path / "manifest.toml").write_text('[counts]\nrandom = "none"\n\n[quiet]\nrandom = "none"\n')
    lines = run_main(heldout_share, tmp_path, monkeypatch, capsys)
    at = lines.index("same numbers, but the baseline printed none (check by hand): 1")
    assert lines[at + 1] == "    quiet"
    assert lines[at + 2].startswith("much slower than the baseline")
    assert lines[-1].startswith("session-free with baseline numbers: 2/2; stop running: 0; other numbers: 0")
