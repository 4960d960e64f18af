"""One file's rewrite must not break another: saved file names are renamed in every file of a run, or in none.

TFM307 renames what a script saves (``.h5`` -> ``.weights.h5`` for save_weights, ``.hdf5`` -> ``.h5`` for
ModelCheckpoint). The scripts that load those files, in the same run, must be renamed with it; a use tfmigrate
cannot rename (``os.path.exists("w.h5")``) keeps every file's name as it is. The decision is made once per run
(tfmigrate.runfacts), so it holds with worker processes, from the cache and in notebooks.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from interpreters import run_python

from tfmigrate import Options, migrate_paths, migrate_source
from tfmigrate.api import Mode
from tfmigrate.cache import Cache

TRAIN = (
    "import keras\nfrom keras.callbacks import ModelCheckpoint\n\n"
    "model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])\n"
    "model.save_weights('weights.h5')\ncheckpoint = ModelCheckpoint('best.hdf5')\n"
)
EVALUATE = (
    "import keras\nfrom keras.models import load_model\n\n"
    "model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])\n"
    "model.load_weights('weights.h5')\nbest = load_model('best.hdf5')\n"
)
CHECK = "import os\nprint(os.path.exists('weights.h5'))\n"


def _run(root: Path, mode: Mode = Mode.WRITE, jobs: int = 1, cache: Cache | None = None) -> dict[str, object]:
    return {r.path.name: r for r in migrate_paths([root], Options(), mode, jobs=jobs, cache=cache)}


def _tree(root: Path, **files: str) -> Path:
    root.mkdir()
    for name, text in files.items():
        (root / name.replace("_", ".", 1) if name.endswith("_ipynb") else root / f"{name}.py").write_text(text)
    return root


@pytest.mark.parametrize("jobs", [1, 2])
def test_writer_and_reader_are_renamed_together(tmp_path: Path, jobs: int) -> None:
    root = _tree(tmp_path / "p", train=TRAIN, evaluate=EVALUATE)
    results = _run(root, jobs=jobs)
    assert "'weights.weights.h5'" in (root / "train.py").read_text()
    assert "'best.h5'" in (root / "train.py").read_text()
    evaluate = (root / "evaluate.py").read_text()
    assert "load_weights('weights.weights.h5')" in evaluate and "load_model('best.h5')" in evaluate
    assert any("evaluate.py" in f.message for f in results["train.py"].followups)


def test_a_use_tfmigrate_cannot_rename_keeps_the_name_everywhere(tmp_path: Path) -> None:
    root = _tree(tmp_path / "p", train=TRAIN, evaluate=EVALUATE, check=CHECK)
    results = _run(root, Mode.DIFF)
    train, evaluate = results["train.py"].migrated, results["evaluate.py"].migrated
    assert "weights.weights.h5" not in train and "weights.weights.h5" not in evaluate
    assert "'best.h5'" in train and "load_model('best.h5')" in evaluate  # the other name is free to change
    assert any("check.py" in f.message and f.line == 5 for f in results["train.py"].followups)


def test_a_single_file_run_renames_the_writer_and_reports_outside_readers() -> None:
    result = migrate_source(TRAIN, Options())
    assert "'weights.weights.h5'" in result.migrated
    assert any("outside this run" in f.message for f in result.followups)


def test_a_cached_verdict_is_not_reused_when_another_file_changes_the_decision(tmp_path: Path) -> None:
    root = _tree(tmp_path / "p", train=TRAIN, evaluate=EVALUATE)
    cache = Cache.open(Options(), tmp_path / "cache")
    first = _run(root, Mode.DIFF, cache=cache)
    assert "weights.weights.h5" in first["train.py"].migrated
    warm = _run(root, Mode.DIFF, cache=Cache.open(Options(), tmp_path / "cache"))
    assert warm["train.py"].migrated == first["train.py"].migrated
    (root / "check.py").write_text(CHECK)  # train.py's bytes are unchanged; its run facts are not
    after = _run(root, Mode.DIFF, cache=Cache.open(Options(), tmp_path / "cache"))
    assert "weights.weights.h5" not in after["train.py"].migrated
    assert "weights.weights.h5" not in after["evaluate.py"].migrated


def test_a_notebook_that_loads_is_renamed_with_the_script_that_saves(tmp_path: Path) -> None:
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "outputs": [],
                "execution_count": None,
                "source": ["%matplotlib inline\n", *[line + "\n" for line in EVALUATE.splitlines()]],
            },
        ],
        "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    root = _tree(tmp_path / "p", train=TRAIN, evaluate_ipynb=json.dumps(notebook, indent=1))
    _run(root)
    cells = json.loads((root / "evaluate.ipynb").read_text())["cells"]
    source = "".join(cells[0]["source"])
    assert "load_weights('weights.weights.h5')" in source and "%matplotlib inline" in source
    assert "'weights.weights.h5'" in (root / "train.py").read_text()


def test_a_reader_of_a_name_nobody_in_the_run_saves_is_left_alone(tmp_path: Path) -> None:
    root = _tree(tmp_path / "p", evaluate=EVALUATE)
    assert _run(root, Mode.DIFF)["evaluate.py"].migrated is None


def test_a_library_modelcheckpoint_is_not_a_keras_save(tmp_path: Path) -> None:
    """pytorch_lightning's ModelCheckpoint is not renamed by TFM307, so the run must not rename its readers."""
    other = "from pytorch_lightning.callbacks import ModelCheckpoint\nModelCheckpoint('best.hdf5')\n"
    root = _tree(tmp_path / "p", lightning=other, evaluate=EVALUATE)
    assert _run(root, Mode.DIFF)["evaluate.py"].migrated is None


def test_a_reader_tfmigrate_skips_keeps_the_name_for_the_writer(tmp_path: Path) -> None:
    root = _tree(tmp_path / "p", train=TRAIN, evaluate="# tfmigrate: skip-file\n" + EVALUATE)
    train = _run(root, Mode.DIFF)["train.py"]
    assert train.migrated is None  # neither name changes
    assert any("evaluate.py" in f.message for f in train.followups)


SAVE_UNNUMBERED = (
    "import tensorflow as tf\n\n"
    "w = tf.Variable([1.0, 2.0], name='w')\n"
    "saver = tf.train.Saver()\n"
    "with tf.Session() as sess:\n"
    "    sess.run(tf.global_variables_initializer())\n"
    "    sess.run(w.assign([3.0, 4.0]))\n"
    "    saver.save(sess, './model/model.ckpt')\n"
)
FIND_LATEST = (
    "import tensorflow as tf\n\n"
    "w = tf.Variable([0.0, 0.0], name='w')\n"
    "saver = tf.train.Saver()\n"
    "with tf.Session() as sess:\n"
    "    path = tf.train.latest_checkpoint('./model')\n"
    "    saver.restore(sess, path)\n"
    "    print(sess.run(w))\n"
)


def test_a_save_whose_state_file_another_file_reads_is_migrated_with_it(tmp_path: Path) -> None:
    """TF1's ``saver.save`` wrote the ``checkpoint`` state file that ``tf.train.latest_checkpoint`` reads; the
    migrated save writes it too (tests/test_saver_state_file.py), so a script beside it that finds checkpoints
    through the state file needs nothing kept: both go eager, and the pair still runs on TF 2.21."""
    root = _tree(tmp_path / "p", train=SAVE_UNNUMBERED, evaluate=FIND_LATEST)
    results = _run(root)
    assert not [f for f in results["train.py"].followups if f.code == "TFM201"], results["train.py"].followups
    for script in ("train.py", "evaluate.py"):
        assert "Session" not in (root / script).read_text()
        done = run_python((root / script).read_text(), cwd=root, file=root / script)
        assert done.ok, done.stderr_tail()
    assert "[3. 4.]" in done.stdout
