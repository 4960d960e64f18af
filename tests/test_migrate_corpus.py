"""tools/migrate_corpus.py: what a refactor's neutrality is proved on (the migrated text, the change notes and the
follow-ups of every program, fixture input and example), so a moved report line shows in the diff."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from timeouts import limit

ROOT = Path(__file__).resolve().parent.parent


def test_each_input_gets_its_text_notes_and_follow_ups(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "tests/programs").mkdir(parents=True)
    (repo / "tests/fixtures/TFM101").mkdir(parents=True)
    (repo / "examples").mkdir()
    (repo / "tests/programs/p.py").write_text("import tensorflow as tf\nx = tf.placeholder(tf.float32)\n")
    (repo / "tests/fixtures/TFM101/case.before.py").write_text("import tensorflow as tf\ny = tf.log(2.0)\n")
    (repo / "tests/fixtures/TFM101/case.after.py").write_text("not an input\n")
    (repo / "examples/untouched.py").write_text("print(1)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-P", str(ROOT / "tools/migrate_corpus.py"), str(repo), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        timeout=limit(150),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "3 files"
    out = {p.name: p.read_text() for p in (tmp_path / "out").iterdir()}
    assert sorted(out) == ["examples__untouched.py", "tests__fixtures__TFM101__case.before.py", "tests__programs__p.py"]
    assert "tf.math.log(2.0)" in out["tests__fixtures__TFM101__case.before.py"]
    assert "#### change 2 TFM101 " in out["tests__fixtures__TFM101__case.before.py"]
    assert "#### 2 TFM102 " in out["tests__programs__p.py"]  # the follow-up of a Session-less graph
    assert out["examples__untouched.py"] == "print(1)\n\n#### error: None\n"  # no note, no follow-up
