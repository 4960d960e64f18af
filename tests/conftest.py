from __future__ import annotations

import collections
import functools
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
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


def invoke_cli(*args: str, cwd: Path | None = None, stdin: bytes | None = None, env: dict | None = None):
    """``run_cli``'s answer (exit status, stdout and stderr as bytes) from the console script's entry point called in
    this process, with its own streams (UTF-8, no terminal), working directory and environment: without the 1.3 CPU-s
    a process spends importing libcst and the rule tables before it reads its arguments. What only a process shows (a
    terminal, ``python -m``, signals, the installed script itself) is run_cli's."""
    from tfmigrate import cli

    out, err = io.BytesIO(), io.BytesIO()
    streams, home, environ = (sys.stdin, sys.stdout, sys.stderr), os.getcwd(), dict(os.environ)
    mine = (
        io.TextIOWrapper(io.BytesIO(stdin or b""), encoding="utf-8"),
        io.TextIOWrapper(out, encoding="utf-8", write_through=True),
        io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True),
    )
    sys.stdin, sys.stdout, sys.stderr = mine
    os.environ.update({"NO_COLOR": "", **(env or {})})
    try:
        os.chdir(cwd or home)
        try:
            cli._main(list(args))
            code = 0
        except SystemExit as stop:  # what the interpreter makes of it at exit
            code = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 1
            if not isinstance(stop.code, int | None):
                sys.stderr.write(f"{stop.code}\n")
    finally:
        os.chdir(home)
        os.environ.clear()
        os.environ.update(environ)
        sys.stdin, sys.stdout, sys.stderr = streams
        for stream in mine:  # flushed, and the buffers left open for reading
            stream.detach()
    return subprocess.CompletedProcess(["tfmigrate", *args], code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli():
    return run_cli


# TensorFlow's process-wide TF2 switches as a fresh TensorFlow 2 has them. A test that leaves one off (a tool run
# in-process that calls ``disable_v2_behavior()``) would make every later test of its pytest-xdist worker run in
# graph mode and fail, or pass, depending on the order: the test that left it fails instead.
TF2_SWITCHES = {
    "executing_eagerly": lambda tf: tf.executing_eagerly(),
    "v2_behavior": lambda tf: sys.modules["tensorflow.python.tf2"].enabled(),
    "resource_variables": lambda tf: tf.compat.v1.resource_variables_enabled(),
    "control_flow_v2": lambda tf: tf.compat.v1.control_flow_v2_enabled(),
    "tensor_equality": lambda tf: tf.Tensor._USE_EQUALITY,
}


def tf2_switches_off() -> list[str]:
    """The TF2 switches the worker's TensorFlow has off; none looked at when the worker never imported it."""
    tf = sys.modules.get("tensorflow")
    if tf is None or "tensorflow.python.tf2" not in sys.modules or not hasattr(tf, "compat"):
        return []
    off = []
    for name, probe in TF2_SWITCHES.items():
        try:
            if not probe(tf):
                off.append(name)
        except Exception:  # a stand-in module a test put in sys.modules, a TensorFlow without the switch
            continue
    return off


def switch_tf2_back_on() -> None:
    import tensorflow as tf

    tf.compat.v1.reset_default_graph()  # with no default graph in use, eager execution may be switched on again
    tf.compat.v1.enable_v2_behavior()


@pytest.fixture(autouse=True)
def _leaves_tensorflow_2_behaviour_on():
    yield
    off = tf2_switches_off()
    if off:
        switch_tf2_back_on()
        pytest.fail(
            f"the test left TensorFlow's {', '.join(off)} off in this process (graph mode for every later test of "
            "the worker); switched back on. Run what turns TF2 behaviour off in a process of its own.",
            pytrace=False,
        )


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


# A module sharing work may split it by parameter (``SCHEDULING_SHARDS = 6`` at its top level): a test whose id ends
# in a parameter goes to that parameter's shard, the module's other tests stay in the module's unit.
SHARDS = re.compile(r"^SCHEDULING_SHARDS = (\d+)\b", re.M)


@functools.cache
def shards(path: Path) -> int:
    try:
        found = SHARDS.search(path.read_text(encoding="utf-8"))
    except OSError:
        return 1
    return int(found.group(1)) if found else 1


def shard_of(parameter: str, count: int) -> int:
    """The shard of a test parameter, the same in every process (``hash`` of a str is not)."""
    return int(hashlib.sha256(parameter.encode()).hexdigest()[:8], 16) % count


def scope_of(root: Path, nodeid: str) -> str:
    """The unit pytest-xdist schedules a test in: its module (or the module's shard) when the module shares work,
    else the test alone."""
    path = nodeid.split("::", 1)[0]
    if not shares_work(root / path):
        return nodeid
    count = shards(root / path)
    if count > 1 and nodeid.endswith("]") and "[" in nodeid:
        return f"{path}::shard-{shard_of(nodeid[nodeid.index('[') + 1 : -1], count)}"
    return path


# Seconds each scheduling unit took in the last run that ran it (pytest's cache), so that the next run starts the
# longest first: two workers end together only when the last units to start are short ones.
SCOPE_SECONDS = "tfmigrate/scope-seconds"
# Units shorter than this are not remembered (thousands of quick tests; an unknown test counts as quick).
REMEMBERED_SECONDS = 1.0


def longest_first(units: list[str], seconds: dict[str, float], shared: set[str]) -> list[str]:
    """``units`` by the time they took last, longest first. A module sharing work that no run has timed yet (a new
    program module) goes first, a test no run has timed last; ties keep their order."""
    unknown = [unit for unit in units if unit in shared and unit not in seconds]
    rest = sorted((unit for unit in units if unit not in unknown), key=lambda unit: -seconds.get(unit, 0.0))
    return unknown + rest


class _SharedWorkScheduling:
    """pytest-xdist: a test module that shares expensive work between its tests (TensorFlow programs run once,
    one environment built) goes to one worker as a whole, so no worker rebuilds it; every other test is scheduled
    on its own. Units start longest first, by the times the last run recorded. (``--dist loadgroup`` with
    ``xdist_group`` marks would say the same, but pytest-xdist 3.8 cannot regroup test ids under pytest 9.)"""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = collections.defaultdict(float)

    @pytest.hookimpl(tryfirst=True)
    def pytest_xdist_make_scheduler(self, config: pytest.Config, log):
        if config.getvalue("dist") != "loadgroup":
            return None
        from xdist.scheduler import LoadScopeScheduling

        root = config.rootpath
        cache = getattr(config, "cache", None)
        recorded: dict[str, float] = (cache.get(SCOPE_SECONDS, {}) if cache is not None else {}) or {}

        class Scheduling(LoadScopeScheduling):
            ordered = False

            def _split_scope(self, nodeid: str) -> str:
                return scope_of(root, nodeid)

            def _assign_work_unit(self, node) -> None:
                if not self.ordered:  # the first call comes once the whole collection is in the queue
                    self.ordered = True
                    units = list(self.workqueue)
                    shared = {unit for unit in units if "::" not in unit}
                    order = longest_first(units, recorded, shared)
                    self.workqueue = collections.OrderedDict((unit, self.workqueue[unit]) for unit in order)
                super()._assign_work_unit(node)

        return Scheduling(config, log)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.seconds[report.nodeid] += report.duration

    def remember(self, config: pytest.Config) -> None:
        cache = getattr(config, "cache", None)
        if cache is None or not self.seconds:
            return
        units: dict[str, float] = collections.defaultdict(float)
        for nodeid, seconds in self.seconds.items():
            units[scope_of(config.rootpath, nodeid)] += seconds
        kept = {**(cache.get(SCOPE_SECONDS, {}) or {}), **units}
        cache.set(SCOPE_SECONDS, {unit: round(s, 1) for unit, s in kept.items() if s >= REMEMBERED_SECONDS})


_SCHEDULING = "tfmigrate-shared-work-scheduling"
# tests/session_harness.py's BASELINE_CACHE_ENV (read here without importing the harness, TensorFlow's numpy and
# tfmigrate into pytest-xdist's controller); kept baselines nobody used for this long are removed.
BASELINE_CACHE_ENV = "TFMIGRATE_BASELINE_CACHE"
BASELINE_MAX_AGE = 14 * 24 * 3600
# tests/session_harness.py's RUN_STORE_ENV: the folder where the processes of one run share migrations and program
# runs; made by the run's first process (the controller), inherited by pytest-xdist's workers, removed by its maker.
RUN_STORE_ENV = "TFMIGRATE_RUN_STORE"
_made_run_store: list[Path] = []
# The run's own temporary folder, TMPDIR for every process of the run (workers, TensorFlow children, programs, CLI
# runs): what they leave there (TensorFlow's ``__autograph_generated_file*.py`` of a killed child, a program's
# ``tempfile.mkdtemp()``) goes with it when the run ends, so the suite leaves the system's folder as it found it.
# pytest's own ``pytest-of-<user>`` (its last three runs, for a look after a failure) stays in the system's folder.
SESSION_TMPDIR_ENV = "TFMIGRATE_TEST_TMPDIR"


class _RunTmpdir:
    """Made by the run's first process before anything else of the run (the run store goes in it), removed after
    pytest-xdist has stopped the workers (``trylast``), with the variables put back."""

    NAMES = ("TMPDIR", SESSION_TMPDIR_ENV, "PYTEST_DEBUG_TEMPROOT")

    def __init__(self) -> None:
        system = tempfile.gettempdir()
        self.root = Path(tempfile.mkdtemp(prefix="tfmigrate-tests_", dir=system))
        self.kept = {name: os.environ.get(name) for name in self.NAMES}
        os.environ.setdefault("PYTEST_DEBUG_TEMPROOT", system)
        os.environ["TMPDIR"] = os.environ[SESSION_TMPDIR_ENV] = str(self.root)
        tempfile.tempdir = str(self.root)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        for name, value in self.kept.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        tempfile.tempdir = None


class _CollectionBytecode:
    """``PYTHONDONTWRITEBYTECODE=1`` (set in many containers) makes every process of a run compile the tests (with
    pytest's assertion rewriting) and tfmigrate from source again: 11 of a pytest-xdist worker's 22 CPU-s of
    collection, and 0.45 CPU-s of each ``tfmigrate`` process's start-up. While a process collects, what it imports
    leaves its bytecode in ``__pycache__`` (gitignored) as Python does by default; the tests then run under the
    setting as it was, and their children with the environment unchanged (they read that bytecode)."""

    def __init__(self) -> None:
        self.kept = sys.dont_write_bytecode
        sys.dont_write_bytecode = False

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        sys.dont_write_bytecode = self.kept


def pytest_configure(config: pytest.Config) -> None:
    if sys.dont_write_bytecode:
        config.pluginmanager.register(_CollectionBytecode(), "tfmigrate-collection-bytecode")
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(_SharedWorkScheduling(), _SCHEDULING)
    # TF1 baselines are kept between test modules and runs (tests/session_harness.py, BASELINE_CACHE_ENV), in
    # pytest's cache folder; ``TFMIGRATE_BASELINE_CACHE=off`` (or ``-p no:cacheprovider``) runs every baseline.
    cache = getattr(config, "cache", None)
    if cache is not None and BASELINE_CACHE_ENV not in os.environ:
        os.environ[BASELINE_CACHE_ENV] = str(cache.mkdir("tf1-baselines"))
    # The run's temporary folder, made first (the run store goes in it); a pytest run inside a test uses its outer
    # run's.
    if SESSION_TMPDIR_ENV not in os.environ and not hasattr(config, "workerinput"):
        config.pluginmanager.register(_RunTmpdir(), "tfmigrate-run-tmpdir")
    # Work two test modules both do (the same program migrated and run) is done once per run; ``off`` does it
    # every time. A pytest run inside a test shares its outer run's folder.
    if RUN_STORE_ENV not in os.environ and not hasattr(config, "workerinput"):
        store = Path(tempfile.mkdtemp(prefix="tfmigrate-run-"))
        _made_run_store.append(store)
        os.environ[RUN_STORE_ENV] = str(store)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """End the long-lived TensorFlow children (tests/session_harness.py, tests/interpreters.py) with the session,
    not at interpreter exit, so that tools/pytest_cost.py counts their CPU in the worker's total. The controller
    (or a run without workers) records how long each scheduling unit took and prunes the kept baselines."""
    for name, close in (("session_harness", "close_children"), ("interpreters", "close_all")):
        module = sys.modules.get(name)
        if module is not None:
            getattr(module, close)()
    if hasattr(session.config, "workerinput"):
        return
    while _made_run_store:
        shutil.rmtree(_made_run_store.pop(), ignore_errors=True)
        os.environ.pop(RUN_STORE_ENV, None)
    scheduling = session.config.pluginmanager.get_plugin(_SCHEDULING)
    if scheduling is not None:
        scheduling.remember(session.config)
    kept = os.environ.get(BASELINE_CACHE_ENV, "")
    if kept not in ("", "off"):
        prune(Path(kept), time.time() - BASELINE_MAX_AGE)


def prune(folder: Path, cutoff: float) -> None:
    """Remove the entries of ``folder`` last used before ``cutoff`` (the harness touches an entry it restores):
    programs and the installed stack change, and their old baselines would stay behind for good."""
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        try:
            if entry.stat().st_mtime < cutoff:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            pass
