"""One pytest run does each program's work once (tests/session_harness.py's run store): a program two test modules
evaluate is migrated once, and its baseline and migrated runs happen once, whichever module (or pytest-xdist worker)
comes first; the other restores the runs and the folders they left. What cannot be moved to another call's folder
(output or files naming their own place, a run that failed) is not shared, and whoever waits for it runs it itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import conftest
import pytest
import session_harness
from session_harness import Program, Run, Unit, evaluate

from tfmigrate import Options

SEEDED = """\
import tensorflow as tf
tf.set_random_seed(3)
w = tf.Variable(tf.random_normal([2]))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(w * 2.0))
"""
WHERE = "import os\nimport tensorflow as tf\nprint(os.getcwd())\nprint(tf.constant(1.0).shape)\n"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "store"
    monkeypatch.setenv(session_harness.RUN_STORE_ENV, str(folder))
    return folder


def _unit(root: Path, key: str = "mig-k") -> Unit:
    folder = root / "mig" / "p"
    folder.mkdir(parents=True)
    return Unit(key, [{"key": "p"}], {"mig": folder}, root, (("mig", root / "copy"),))


def test_a_program_two_calls_evaluate_runs_once_and_its_folders_come_back(tmp_path: Path, store: Path) -> None:
    program = Program("seeded_twice", SEEDED, {"random": "seeded"})
    first = evaluate([program], root=tmp_path / "first")["seeded_twice"]
    again = evaluate([program], root=tmp_path / "again")["seeded_twice"]
    assert first.same_numbers and first.session_free, first.migrated_text
    # The same runs, to the timing a second run could not repeat: restored, not run again.
    assert again.baseline == first.baseline and again.migrated == first.migrated
    assert again.migration == first.migration
    assert sorted(p.name for p in (store / "units").iterdir() if not p.name.startswith(".")) == sorted(
        p.name for p in (store / "claims").iterdir()
    )
    assert len(list((store / "migrations").iterdir())) == 1


def test_a_run_whose_output_names_its_folder_is_run_by_each_call(tmp_path: Path, store: Path) -> None:
    program = Program("where", WHERE, {"random": "none"})
    first = evaluate([program], root=tmp_path / "first")["where"]
    again = evaluate([program], root=tmp_path / "again")["where"]
    assert str(tmp_path / "first") in first.migrated.stdout and str(tmp_path / "again") in again.migrated.stdout
    assert {p.suffix for p in (store / "units").iterdir()} == {".declined"}


def test_a_migration_is_done_once_per_run(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = session_harness.migrate(SEEDED, Options(), "p.py")
    monkeypatch.setattr(session_harness, "migrate_source", lambda *args: pytest.fail("migrated twice"))
    assert session_harness.migrate(SEEDED, Options(), "p.py") == first
    with pytest.raises(pytest.fail.Exception):
        session_harness.migrate(SEEDED, Options(keep_graph_mode=True), "p.py")  # other options: another migration


def test_a_unit_is_claimed_once_and_shared_with_its_folders(tmp_path: Path, store: Path) -> None:
    unit = _unit(tmp_path / "a")
    (unit.folders["mig"] / "model.ckpt").write_text("weights")
    assert session_harness._claim(store, unit) and not session_harness._claim(store, unit)
    session_harness._share(store, unit, {"p": Run(0, "1.5\n", "", 0.25)})
    later = _unit(tmp_path / "b")
    assert session_harness._wait(store, later) == {"p": Run(0, "1.5\n", "", 0.25)}
    assert (later.folders["mig"] / "model.ckpt").read_text() == "weights"
    assert (tmp_path / "b" / "copy" / "model.ckpt").read_text() == "weights"


@pytest.mark.parametrize(
    "run, written",
    [
        (Run(1, "", "Traceback", 0.1), ""),  # failed: another call runs it again
        (Run(0, "1.5\n", "", 0.1), "{root}/mig/p/model.ckpt"),  # a checkpoint state naming this call's folder
        (Run(0, "saved in {root}\n", "", 0.1), ""),
    ],
)
def test_a_unit_that_cannot_move_is_declined_and_the_waiter_runs_it(tmp_path, store, run, written) -> None:
    unit = _unit(tmp_path / "a")
    root = str(tmp_path / "a")
    (unit.folders["mig"] / "checkpoint").write_text(written.format(root=root))
    run = Run(run.returncode, run.stdout.format(root=root), run.stderr, run.seconds)
    assert session_harness._claim(store, unit)
    session_harness._share(store, unit, {"p": run})
    assert session_harness._wait(store, _unit(tmp_path / "b")) is None


def test_a_unit_whose_claimer_is_gone_is_run_by_the_waiter(tmp_path: Path, store: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (store / "claims").mkdir(parents=True)
    (store / "claims" / "mig-k").write_text(gone.stdout.strip())
    assert session_harness._wait(store, _unit(tmp_path / "b")) is None


def test_no_store_shares_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    for value in ("off", ""):
        monkeypatch.setenv(session_harness.RUN_STORE_ENV, value)
        assert session_harness.run_store() is None


def test_the_run_has_one_store_that_its_workers_share() -> None:
    assert conftest.RUN_STORE_ENV == session_harness.RUN_STORE_ENV
    value = os.environ.get(session_harness.RUN_STORE_ENV, "")
    assert value == "off" or Path(value).is_dir(), value  # tests/conftest.py made it, unless the caller said off


def test_a_sharded_module_is_scheduled_by_parameter(tmp_path: Path) -> None:
    (tmp_path / "test_m.py").write_text('SCHEDULING_SHARDS = 3\n@pytest.fixture(scope="module")\n')
    (tmp_path / "test_whole.py").write_text('@pytest.fixture(scope="module")\n')
    units = {conftest.scope_of(tmp_path, f"test_m.py::test_x[{name}]") for name in map(str, range(40))}
    assert units == {f"test_m.py::shard-{n}" for n in range(3)}
    assert conftest.scope_of(tmp_path, "test_m.py::test_y[a]") == f"test_m.py::shard-{conftest.shard_of('a', 3)}"
    assert conftest.scope_of(tmp_path, "test_m.py::test_all") == "test_m.py"
    assert conftest.scope_of(tmp_path, "test_whole.py::test_x[a]") == "test_whole.py"
