"""A graph class whose constructor binds an attribute again (``self.gain = 2.0``, later ``self.gain = 5.0``): the
eager rewrite names the later value apart (``self.gain_1``, later_rebinds.py through classes.py), so that the
functions it made keep reading the first. Within the file every read is renamed with it; a module beside it that
imports it and reads ``model.gain`` is not rewritten and would read 2.0 where TF1's program gave it 5.0 (checked
on TF 2.21 with main at 35e39b6). tfmigrate.siblings reads such modules before the run (Reader.readers), and the
rewrite refuses, naming the module; alone, or beside a module not reading it, the program still runs eagerly. The
same holds for a module-level name bound again (``gain_1``) that the module beside it imports (``from train import
gain``): the name is not renamed, and the program keeps the reason it had as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from session_harness import PROGRAMS

from tfmigrate import Options, migrate_paths

# review41's repro: tests/programs/tfmigrate_expression_builder_head.py with the gain its builder's layer reads bound
# in the constructor and again by the builder after the layer is built.
HEAD = (PROGRAMS / "tfmigrate_expression_builder_head.py").read_text()
PROGRAM = (
    HEAD.replace("        self.rate = rate\n", "        self.rate = rate\n        self.gain = 2.0\n")
    .replace("        self.loss = ", "        self.gain = 5.0\n        self.loss = ")
    .replace("        return scale * tf.tanh(", "        return self.gain * scale * tf.tanh(")
)
MODULE_PROGRAM = """\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 3])
w = tf.Variable(tf.ones([3, 1]))
gain = 2.0
out = gain * tf.matmul(x, w)
gain = 5.0
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, feed_dict={x: np.ones((2, 3), np.float32)}))
    print(gain)
"""
READER = "from train import model\n\nprint(model.gain)\n"
OTHER = "from train import model\n\nprint(model.features)\n"


def _followups(root: Path, files: dict[str, str]) -> tuple[list[tuple[int, str]], str | None]:
    root.mkdir()
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    results = {r.path.name: r for r in migrate_paths([root], Options())}
    train = results["train.py"]
    return [(f.line, f.message) for f in train.followups if f.code == "TFM201"], train.migrated


def test_a_module_beside_it_reading_the_attribute_keeps_the_graph_tier(tmp_path: Path) -> None:
    said, _ = _followups(tmp_path / "read", {"train.py": PROGRAM, "report.py": READER})
    assert len(said) == 1 and said[0][0] == 26, said  # the later binding
    assert (
        "`self.gain` of class `Regressor` is bound again, its later value named `self.gain_1` by the rewrite, and "
        "module `" in said[0][1]
    ), said
    assert "report.py`, which imports this one, reads `.gain` (it would read the earlier value)" in said[0][1], said


def test_alone_or_beside_a_module_reading_other_attributes_it_runs_eagerly(tmp_path: Path) -> None:
    for name, files in {"alone": {"train.py": PROGRAM}, "other": {"train.py": PROGRAM, "report.py": OTHER}}.items():
        said, migrated = _followups(tmp_path / name, files)
        assert said == [] and migrated is not None and "self.gain_1 = 5.0" in migrated, (name, said, migrated)


def test_a_module_level_name_another_module_imports_is_not_renamed(tmp_path: Path) -> None:
    said, _ = _followups(tmp_path / "read", {"train.py": MODULE_PROGRAM, "report.py": "from train import gain\n"})
    assert len(said) == 1 and said[0][0] == 7, said
    assert "`out` reads `gain` each time it runs, and line 8 rebinds `gain`" in said[0][1], said
    said, migrated = _followups(tmp_path / "alone", {"train.py": MODULE_PROGRAM})
    assert said == [] and migrated is not None and "gain_1 = 5.0" in migrated, (said, migrated)


# review42's repros: readers the module's own names reach other than by ``from train import gain`` beside it.
READERS = {
    "star": {"report.py": 'from train import *\n\nprint("report", gain)\n'},
    "getattr": {"report.py": 'import train\n\nprint("report", getattr(train, "gain"))\n'},
    "parent": {"pkg/__init__.py": "", "report.py": 'from pkg.train import gain\n\nprint("report", gain)\n'},
    "importlib": {"report.py": 'import importlib\n\nt = importlib.import_module("train")\nprint("report", t.gain)\n'},
}


@pytest.mark.parametrize("case", sorted(READERS))
def test_a_reader_of_any_name_or_in_another_folder_keeps_the_name(tmp_path: Path, case: str) -> None:
    files = dict(READERS[case])
    files["pkg/train.py" if case == "parent" else "train.py"] = MODULE_PROGRAM
    said, _ = _followups(tmp_path / case, files)
    assert len(said) == 1 and said[0][0] == 7, said
    assert "`out` reads `gain` each time it runs, and line 8 rebinds `gain`" in said[0][1], said


def test_a_relative_import_reads_its_own_package_not_a_module_of_the_same_name_above(tmp_path: Path) -> None:
    """``from .train import gain`` in ``sub/`` names ``sub/train.py``, which is not there: not a reader."""
    files = {"train.py": MODULE_PROGRAM, "sub/__init__.py": "", "sub/report.py": "from .train import gain\n"}
    said, migrated = _followups(tmp_path / "relative", files)
    assert said == [] and migrated is not None and "gain_1 = 5.0" in migrated, (said, migrated)
    files["sub/report.py"] = "from train import gain\n"  # absolute: the run's root holds train.py
    said, _ = _followups(tmp_path / "absolute", files)
    assert len(said) == 1 and said[0][0] == 7, said
