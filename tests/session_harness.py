"""Runs the TF1 session programs of tests/programs/ as baselines and after tfmigrate, and compares them.

For each program: the TF1 original runs as the baseline (its ``import tensorflow as tf`` line replaced by
``import tensorflow.compat.v1 as tf`` + ``tf.disable_v2_behavior()``, what TensorFlow documents for running TF1
code on TF2), tfmigrate migrates it (``tfmigrate.api.migrate_source``, default options), the migrated text runs
unmodified on the installed TensorFlow, and the two are compared: did it run, is it session-free (or does the report
say why not), does it print the baseline's numbers. Programs that resume from a checkpoint run a second time: the
baseline again in a copy of its first run's directory, the migrated program in another copy, so the migrated
program must restore the checkpoint the TF1 program wrote.

TensorFlow start-ups dominate (4-5 CPU-s each, on a dozen test modules), so programs share interpreters: one
long-lived child per (graph mode or eager, Keras flavour) per process, reused by every ``evaluate`` call of that
process (pytest-xdist worker): baselines in graph children, migrated programs in the child of their group (fresh
graph or Keras session and namespace per program, stdout captured per program, the program's own modules forgotten
afterwards). A child whose process-wide switches a program changed (floatx, eager mode, ...) is retired, and so is
one that grew past ``CHILD_MAX_RSS``. A child that dies is restarted on the programs it had not finished; the program
it died in is recorded as crashed. Each program runs with its own directory as the working directory, so programs
that write checkpoints and logs stay as written.

A TF1 baseline depends only on the program (its text, name and manifest entry), this harness and the installed
stack, so its result and the directory it left are kept in ``$TFMIGRATE_BASELINE_CACHE`` (tests/conftest.py points
it at pytest's cache folder; unset: nothing is kept) under a hash of all of them, and a later call (another test
module, another run) restores them instead of running the baseline again. Only baselines that ran cleanly are
kept, and none whose directory names its own path (a checkpoint state file with an absolute path would point at a
folder that is gone). Migrated programs are never kept between runs. Before that cache, a clean checkout reads the
committed store of tests/programs' baselines (``TF1_STORE``, written by tools/gen_tf1_baselines.py): the runs of
those that leave no files, keyed by what their run depends on.

Within one pytest run, several test modules evaluate the same programs (tests/programs entries), on different
pytest-xdist workers. The run store (``$TFMIGRATE_RUN_STORE``, a folder tests/conftest.py makes for the run and
removes after it) does each piece of that work once per run: a migration is kept under a hash of the text, options
and file name; a program's runs (its baseline, or its migrated program; with the run that resumes from it) are a
unit, keyed by what they depend on (the baseline's key above; for a migrated program also its text and the baseline
runs it starts from). The first process to reach a unit claims it, runs it and shares the runs and the folders they
left; a later one restores them into its own folders, and one that finds the unit being run goes on with its other
units and waits for it after them. A unit that failed, or whose output or files name its own folder, is declined,
and whoever needs it runs it. Without the variable (a benchmark, ``TFMIGRATE_RUN_STORE=off``) every call runs all.
"""

from __future__ import annotations

import atexit
import collections
import functools
import hashlib
import importlib.metadata
import inspect
import json
import os
import pickle
import platform
import re
import selectors
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tokenize
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import child_cpu
import numpy as np
import program_files
import tomllib
from child_tmpdirs import child_tmpdir
from timeouts import limit

from tfmigrate import Options, Status, migrate_source
from tfmigrate.ftypes import FileResult

PROGRAMS = Path(__file__).resolve().parent / "programs"
# Programs that keep the tutorial's ``from tensorflow.examples.tutorials.mnist import input_data`` (manifest
# ``mnist = "tutorial"``) read synthetic arrays through these stand-ins, in the baseline and the migrated run alike.
MNIST_SUPPORT = Path(__file__).resolve().parent / "data" / "mnist_support"
# Stand-ins for host libraries this machine does not install (``gym``): on the children's path, and at the end of this
# process's, where the migration finds them as it finds an installed library (tfmigrate.host_libraries).
HOST_LIBRARIES = Path(__file__).resolve().parent / "data" / "host_libraries"
if str(HOST_LIBRARIES) not in sys.path:
    sys.path.append(str(HOST_LIBRARIES))
TF1_IMPORT = re.compile(r"^import[ \t]+tensorflow[ \t]+as[ \t]+tf[ \t]*$", re.M)
BASELINE_IMPORT = "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()"
# What session-free output must not contain in its code (issue 16): a TF1 API name containing one of the first four
# (``tf.compat.v1.Session``, ``InteractiveSession``, ``placeholder_with_default``), or the dotted path.
GRAPH_MARKERS = ("Session", "placeholder", "disable_eager_execution", "disable_v2_behavior", "compat.v1.train")
GRAPH_MODE = re.compile(r"disable_eager_execution|disable_v2_behavior")
NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|\b(?:nan|inf)\b", re.I)
RTOL, ATOL = 1e-4, 1e-5
# What makes an unseeded program deterministic for its second comparison (Outcome.numbers_match), and the reasons
# ``compare`` gives for a loss that did not fall.
SEED_LINE = "tf.set_random_seed(0)"
FLAT_LOSS = re.compile(r"loss does not fall")
CHILD_TIMEOUT = limit(1200)  # per program: a hang, not a slow machine
# A child that grew past this is replaced (programs leave memory behind that no reset returns).
CHILD_MAX_RSS = 3 << 29
# What a fresh process's Keras says (a child that first imports Keras in a program that changes one is retired).
KERAS_DEFAULTS = {
    "floatx": "'float32'",
    "epsilon": "1e-07",
    "image_data_format": "'channels_last'",
    "policy": "'float32'",
}

# A child reads one job per line on stdin and answers each with one JSON line on its protocol stream (the real
# stdout; fd 1 is pointed at stderr so that TensorFlow's C++ output cannot garble it), the process-wide state the
# program left included, so that the parent can retire a child a program changed for good.
_CHILD = r"""
import contextlib, gc, io, json, os, resource, shutil, site, sys, time, traceback, types
protocol = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)
import mnist_hooks  # tests/data/mnist_support: TF1's tutorial input_data and Keras' MNIST, over the same arrays
import tensorflow as tf
path0 = list(sys.path)
from tensorflow.python.summary.writer import event_file_writer
graph = sys.argv[1] == "graph"
# A process of its own writes a FileWriter's events out when it exits, closed or not (tutorials seldom close theirs):
# the writers a program opened are closed when it ends, as its exit would.
writers, opened = [], event_file_writer.EventFileWriter.__init__
def track(self, *args, **kwargs):
    opened(self, *args, **kwargs)
    writers.append(self)
event_file_writer.EventFileWriter.__init__ = track
installed = tuple({os.path.join(p, "") for p in (sys.prefix, sys.base_prefix, *site.getsitepackages())})
home = os.getcwd()
# TensorFlow's import leaves some 300,000 objects that every full collection (the one after each program, and the
# programs' own) walks again, 0.2 CPU-s each: frozen, a collection walks only what the programs made (a third of a
# child's CPU on the programs of tests/programs).
gc.collect()
gc.freeze()
# absl flags are process-wide: the flags a program defines (``tf.app.flags.DEFINE_integer``) go with it, or the next
# program of this child defining the same name (its resumed run, or its seeded rerun) may stop with DuplicateFlagError
# (absl allows a name again only from a module object new to it, and the next program can take the freed id()).
from absl import flags as absl_flags
known_flags = set(absl_flags.FLAGS)
def forget_flags():
    for name in [name for name in absl_flags.FLAGS if name not in known_flags]:
        if name in absl_flags.FLAGS:
            delattr(absl_flags.FLAGS, name)

def cpu():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

def reset(own_process):
    if graph:
        tf.compat.v1.reset_default_graph()
        # tests/interpreters.py's programs: Keras' layer names numbered from scratch, as in a process of their own
        if own_process and ("keras" in sys.modules or "tf_keras" in sys.modules):
            try:
                tf.keras.backend.clear_session()
            except Exception:
                pass
    else:
        try:
            tf.keras.backend.clear_session()
        except Exception:
            pass
        tf.random.set_seed(None)  # a global seed is per process: the last program's must not seed the next one
        try:  # tests/interpreters.py's programs: their tf.compat.v1 graph as a fresh process has it
            tf.compat.v1.reset_default_graph()
        except Exception:
            pass

def state():
    probes = {
        "eager": lambda: tf.executing_eagerly(),
        "resource_variables": lambda: tf.compat.v1.resource_variables_enabled(),
        "control_flow_v2": lambda: tf.compat.v1.control_flow_v2_enabled(),
        "functions_eagerly": lambda: tf.config.functions_run_eagerly(),
        "tensor_equality": lambda: tf.Tensor._USE_EQUALITY,
        "tensorshape_v2": lambda: tf.TensorShape([1])[0].__class__.__name__,
    }
    if "keras" in sys.modules or "tf_keras" in sys.modules:
        probes.update(
            floatx=lambda: tf.keras.backend.floatx(),
            epsilon=lambda: tf.keras.backend.epsilon(),
            image_data_format=lambda: tf.keras.backend.image_data_format(),
            policy=lambda: tf.keras.mixed_precision.global_policy().name,
        )
    found = {}
    for name, probe in probes.items():
        try:
            found[name] = repr(probe())
        except Exception as error:
            found[name] = type(error).__name__
    return found

requests = sys.stdin
for line in requests:
    job = json.loads(line)
    sys.stdin = io.StringIO("")  # a program reading stdin must not read the jobs
    os.makedirs(job["cwd"], exist_ok=True)
    os.chdir(job["cwd"])
    # A program of tests/interpreters.py's run_python (job "options") runs without the MNIST stand-ins, with its own
    # argv and sys.path[0], its stderr captured and its exit status as given: as it would in a process of its own.
    options = job.get("options") or {}
    mnist_hooks.enable(options.get("hooks", True))
    if "path0" in options:
        sys.path[:] = [options["path0"], *path0]
    reset(bool(options))
    before = state()
    # The program is the __main__ module while it runs (``tf.app.run()`` calls ``sys.modules["__main__"].main``), and
    # a ``sys.exit(0)`` / ``sys.exit(None)`` at its end (``tf.app.run`` exits with main's result) is a clean end.
    module, start, cpu_start = types.ModuleType("__main__"), time.perf_counter(), cpu()
    module.__file__ = job["file"]
    buffer, namespace, own_main, own_argv = io.StringIO(), module.__dict__, sys.modules["__main__"], sys.argv
    errors = io.StringIO() if options.get("stderr") else sys.stderr
    sys.modules["__main__"] = module
    # as ``python program.py`` starts it: argparse's parse_args() must not read the child's
    sys.argv = [job["file"], *options.get("argv", ())]
    try:
        with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(errors):
            exec(compile(job["source"], job["file"], "exec"), namespace)
        rc, err = 0, ""
    except SystemExit as end:
        rc, err = (0, "") if end.code in (None, 0) else (1, traceback.format_exc())
        if options.get("stderr"):  # what the interpreter makes of it at exit
            rc = end.code if isinstance(end.code, int) else (0 if end.code is None else 1)
            err = "" if end.code is None or isinstance(end.code, int) else f"{end.code}\n"
    except BaseException:
        rc, err = 1, traceback.format_exc()
    finally:
        sys.modules["__main__"] = own_main
        sys.argv = own_argv
        for value in list(namespace.values()):
            if isinstance(value, tf.compat.v1.InteractiveSession) or (
                options.get("stderr") and isinstance(value, tf.compat.v1.Session)
            ):
                try:
                    value.close()
                except Exception:
                    pass
    if options.get("stderr"):
        err = errors.getvalue() + err
    seconds, cpu_seconds = time.perf_counter() - start, cpu() - cpu_start
    while writers:
        try:
            writers.pop().close()
        except Exception:
            pass
    for target in job.get("copy_to", ()):
        shutil.copytree(job["cwd"], target, dirs_exist_ok=True)
    own = tuple(os.path.join(folder, "") for folder in (job["cwd"], options.get("path0", job["cwd"])))
    for name, loaded in list(sys.modules.items()):  # modules the program imported from its directory go with it
        where = getattr(loaded, "__file__", None) or ""
        if where.startswith(own) and not where.startswith(installed):
            del sys.modules[name]
    sys.path[:] = path0
    namespace.clear()
    del namespace, module
    forget_flags()
    after = state()
    # Each program leaves about 2,200 objects no collection frees (TensorFlow's and Keras' caches; 10,000 the first):
    # unfrozen, the two full collections around every later program (this one, Keras' clear_session's) walk them all
    # again, a cost that grows with each program the child has run (0.2 CPU-s a program after 60 of tests/programs).
    # The program's graph and Keras state cleared (as before the next one) and collected, what is left is frozen.
    try:
        reset(bool(options))
    except Exception:  # a graph left nested: the next program's reset meets it, as it did before this one
        pass
    gc.collect()
    gc.freeze()
    os.chdir(home)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    err = err if options.get("stderr") else err[-6000:]
    protocol.write(json.dumps({"rc": rc, "stdout": buffer.getvalue(), "stderr": err, "seconds": seconds,
                               "cpu": cpu_seconds, "state": after, "before": before, "rss": rss}) + "\n")
    protocol.flush()
"""


@dataclass(frozen=True)
class Program:
    name: str
    source: str
    meta: dict

    @property
    def checkpoint(self) -> str:
        return self.meta.get("checkpoint", "none")

    @property
    def random(self) -> str:
        return self.meta["random"]

    @property
    def deterministic(self) -> bool:
        return self.random != "unseeded" or bool(self.meta.get("exact"))

    @property
    def legacy_keras(self) -> bool:
        return bool(self.meta.get("legacy_keras"))

    @property
    def baseline_source(self) -> str:
        # Every `import tensorflow as tf` line becomes the compat.v1 import (a program may import it again further
        # down); the first also switches TF2 behaviour off, before any graph is built.
        lines = iter([BASELINE_IMPORT])
        source, count = TF1_IMPORT.subn(lambda _: next(lines, "import tensorflow.compat.v1 as tf"), self.source)
        if not count:
            raise ValueError(f"{self.name}: no `import tensorflow as tf` line to swap for the compat.v1 import")
        return source

    def seeded(self) -> Program:
        """The program with a graph-level seed set right after its TensorFlow import (and so deterministic): what
        an unseeded program whose loss did not fall is compared by, exactly."""
        source, count = TF1_IMPORT.subn(lambda found: f"{found.group(0)}\n{SEED_LINE}", self.source, count=1)
        if not count:
            raise ValueError(f"{self.name}: no `import tensorflow as tf` line to seed after")
        return Program(self.name, source, {**self.meta, "random": "seeded"})


@dataclass
class Run:
    """A program's run: its exit, output, and the wall and CPU seconds of its own code (TensorFlow's import, done
    before, not counted; CPU seconds, unlike wall, hardly move with what else the machine runs)."""

    returncode: int
    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0
    cpu: float = 0.0

    @property
    def ok(self) -> bool:
        return self.returncode == 0


@dataclass
class Outcome:
    program: Program
    migration: FileResult
    baseline: Run
    migrated: Run | None = None
    baseline_resume: Run | None = None
    migrated_resume: Run | None = None
    # The options the program was migrated with (a seeded rerun migrates it with the same), numbers_match's answer
    # and the seeded run, worked out once each.
    options: Options | None = field(default=None, repr=False, compare=False)
    _numbers: tuple[bool, str] | None = field(default=None, repr=False, compare=False)
    _seeded: Outcome | None = field(default=None, repr=False, compare=False)

    @property
    def migrated_text(self) -> str | None:
        return self.migration.migrated

    @property
    def leftovers(self) -> list[str]:
        """The graph-mode constructs left in the migrated program's code (empty: session-free)."""
        return graph_markers(self.migrated_text or "")

    @property
    def session_free(self) -> bool:
        return self.migrated_text is not None and not self.leftovers

    @property
    def explained(self) -> bool:
        """Graph-mode output whose report names a line and a reason (the follow-up issue 16 asks for)."""
        return any(item.line and item.message for item in self.migration.followups)

    @property
    def runs(self) -> bool:
        return self.migrated is not None and self.migrated.ok

    def numbers_match(self, rerun_seeded: bool = True) -> tuple[bool, str]:
        """Whether the migrated program printed the baseline's numbers, and why. ``rerun_seeded=False``: an unseeded
        program whose loss did not fall is not run again (benchmarks/heldout_share.py reads such a row by hand)."""
        if not self.runs:
            return False, "the migrated program did not run"
        same, why = compare(self.baseline.stdout, self.migrated.stdout, self.program)
        if same or not rerun_seeded or not FLAT_LOSS.search(why):
            return same, why
        if self._numbers is None:
            self._numbers = self._seeded_match(why)
        return self._numbers

    def _seeded_match(self, why: str) -> tuple[bool, str]:
        # Forty unseeded SGD steps do not always lower the loss, in the baseline or the migrated run alike (twice a
        # flaky suite): the program runs again with a graph seed, baseline and migrated, and must then print the
        # same numbers. A migration that computes something else still fails here.
        seeded = self.seeded()
        if not seeded.runs or not seeded.baseline.ok:
            return False, f"{why}; seeded, {seeded.verdict}"
        again, detail = compare(seeded.baseline.stdout, seeded.migrated.stdout, seeded.program, strict=True)
        return again, f"{why}; seeded with {SEED_LINE!r}, baseline and migrated: {detail}"

    def seeded(self) -> Outcome:
        """The program evaluated again with a graph seed (Program.seeded), once: what an unseeded program is
        judged by when its loss did not fall."""
        if self._seeded is None:
            self._seeded = evaluate([self.program.seeded()], options=self.options)[self.program.name]
        return self._seeded

    def resume_match(self) -> tuple[bool, str]:
        if self.program.checkpoint != "resume":
            return True, "does not resume"
        if self.migrated_resume is None or not self.migrated_resume.ok:
            detail = self.migrated_resume.stderr[-1500:] if self.migrated_resume else "not run"
            return False, f"the migrated program did not run on the baseline's checkpoint: {detail}"
        # An unseeded program whose resumed run draws new random data (held-out set 24's ar_save_restore) prints
        # other numbers from the same checkpoint: it is compared by shape unless the manifest says `resume_exact`.
        strict = self.program.deterministic or bool(self.program.meta.get("resume_exact"))
        return compare(self.baseline_resume.stdout, self.migrated_resume.stdout, self.program, strict=strict)

    @property
    def same_numbers(self) -> bool:
        return self.numbers_match()[0] and self.resume_match()[0]

    @property
    def verdict(self) -> str:
        if not self.baseline.ok:
            return "baseline fails"
        if not self.runs:
            return "migrated fails"
        tier = "session-free" if self.session_free else "graph tier"
        return f"{tier}, {'same numbers' if self.same_numbers else 'numbers differ'}"


def switches_graph_mode(text: str) -> bool:
    """The code of ``text`` (not its comments or strings) turns eager execution off: its run needs the graph child.
    A header comment quoting ``tf.disable_v2_behavior()`` ran a session-free program in graph mode, where its
    ``.numpy()`` stopped (held-out 15)."""
    if not GRAPH_MODE.search(text):
        return False
    try:
        tokens = list(tokenize.generate_tokens(StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return True
    return any(t.type == tokenize.NAME and GRAPH_MODE.fullmatch(t.string) for t in tokens)


def graph_markers(text: str) -> list[str]:
    """The GRAPH_MARKERS in the code of ``text``: its names and dotted paths, not its comments and strings (a
    comment "# Create graph session" or a log directory "./graphs/logreg_placeholder" is no graph mode). A name
    counts when it is one of TF1's API names (tfmigrate's generated table) containing a marker
    (``InteractiveSession``, ``placeholder_with_default``), not a user's name that contains one: the eager rewrite
    keeps a fed placeholder's name as a parameter (``def total_error(xs_placeholder)``, held-out set 18); text that
    does not tokenize is searched whole."""
    try:
        tokens = list(tokenize.generate_tokens(StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return [marker for marker in GRAPH_MARKERS if marker in text]
    code = " ".join(t.string for t in tokens if t.type in (tokenize.NAME, tokenize.OP))
    names = [t.string for t in tokens if t.type == tokenize.NAME]
    found = []
    for marker in GRAPH_MARKERS:
        if "." in marker:
            if re.search(r"\b" + r" \. ".join(map(re.escape, marker.split("."))) + r"\b", code):
                found.append(marker)
        elif any(marker in name and name in _api_names() for name in names):
            found.append(marker)
    return found


@functools.cache
def _api_names() -> frozenset[str]:
    """The last component of every TF1 API path (``Session``, ``sparse_placeholder``, ``disable_v2_behavior``)."""
    from tfmigrate.transforms._tf1 import table

    return frozenset(path.rsplit(".", 1)[-1] for path in table()["symbols"])


def numbers(text: str) -> np.ndarray:
    return np.array([float(n) for n in NUMBER.findall(text)], dtype=float)


def losses(text: str, pattern: str) -> list[float]:
    return [float(m) for m in re.findall(pattern, text, re.M)]


def compare(want_text: str, got_text: str, program: Program, strict: bool = False) -> tuple[bool, str]:
    """Deterministic programs: every printed number within RTOL. Unseeded ones: as many numbers, and the loss
    (the manifest's ``loss`` pattern) falls from first to last report as it does in the baseline (when it does
    not, Outcome.numbers_match runs the program again seeded and compares exactly)."""
    want, got = numbers(want_text), numbers(got_text)
    if want.shape != got.shape:
        return False, f"printed {got.size} numbers, the baseline {want.size}"
    if strict or program.deterministic:
        close = np.isclose(got, want, rtol=RTOL, atol=ATOL, equal_nan=True)
        if not close.all():
            first = int(np.argmin(close))
            return False, f"number {first} is {float(got[first])!r}, the baseline printed {float(want[first])!r}"
        return True, "same numbers"
    pattern = program.meta.get("loss")
    if pattern:
        base, mine = losses(want_text, pattern), losses(got_text, pattern)
        if len(base) < 2 or len(mine) != len(base):
            return False, f"loss reports: baseline {base}, migrated {mine}"
        if not base[-1] < base[0]:
            return False, f"the baseline's loss does not fall: {base}"
        if not mine[-1] < mine[0]:
            return False, f"the migrated loss does not fall: {mine}"
    return True, "same shape of output" + (" and a falling loss" if pattern else "")


def load_programs(names: list[str] | None = None) -> list[Program]:
    manifest = tomllib.loads((PROGRAMS / "manifest.toml").read_text())
    chosen = names or sorted(manifest)
    return [Program(name, (PROGRAMS / f"{name}.py").read_text(), manifest[name]) for name in chosen]


def child_env(legacy_keras: bool) -> dict[str, str]:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="", PYTHONHASHSEED="0")
    env.pop("TF_USE_LEGACY_KERAS", None)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(MNIST_SUPPORT), os.environ.get("PYTHONPATH"), str(HOST_LIBRARIES)) if p
    )
    if legacy_keras:
        env["TF_USE_LEGACY_KERAS"] = "1"
    return env


class _Child:
    """One long-lived runner of a flavour: ``run`` gives a job's Run, or a crashed Run when the child died or hung
    (the child is then gone, and is replaced for the next job)."""

    def __init__(self, graph: bool, legacy_keras: bool) -> None:
        self.log = tempfile.TemporaryFile()
        self.settled: dict[str, str] | None = None  # the state its programs leave it in
        self.retire = False
        self.graph = graph
        self.charged = 0.0  # its programs' CPU, charged to their tests (JOB_CPU) before the child ends
        STARTED[graph, legacy_keras] += 1
        self.tmp = child_tmpdir()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _CHILD, "graph" if graph else "eager"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            env={**child_env(legacy_keras), "TMPDIR": str(self.tmp)},
            text=True,
            cwd=tempfile.gettempdir(),
        )

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None and not self.retire

    def tail(self, size: int = 3000) -> str:
        self.log.seek(0, os.SEEK_END)
        self.log.seek(max(0, self.log.tell() - size))
        return self.log.read().decode("utf-8", "replace")

    def run(self, job: dict, timeout: float) -> Run:
        try:
            self.proc.stdin.write(json.dumps(job) + "\n")
            self.proc.stdin.flush()
        except OSError:
            return self.lost("the interpreter was gone before this program")
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(self.proc.stdout, selectors.EVENT_READ)
            while not selector.select(max(0.0, deadline - time.monotonic())):
                if time.monotonic() >= deadline:
                    return self.lost(f"timed out after {timeout:.0f} s")
        line = self.proc.stdout.readline()
        if not line:
            return self.lost("the interpreter died running this program")
        record = json.loads(line)
        # A program that changed a process-wide switch for good (or a child grown too big) ends its child's use.
        found = record["state"]
        # The graph child's first program switches TF2 behaviour off: its state after is the reference. An eager
        # child is left by every program as it started (tests/interpreters.py's rule).
        self.settled = self.settled or {**KERAS_DEFAULTS, **found, **({} if self.graph else record["before"])}
        changed = any(found[k] != self.settled[k] for k in found.keys() & self.settled.keys())
        self.retire = changed or found["eager"] != repr(not self.graph) or record["rss"] > CHILD_MAX_RSS
        with _JOB_CPU_LOCK:
            JOB_CPU["graph" if self.graph else "eager"] += record["cpu"]
        self.charged += record["cpu"]
        return Run(record["rc"], record["stdout"], record["stderr"], record["seconds"], record["cpu"])

    def lost(self, why: str) -> Run:
        self.close()
        return Run(-1, "", f"{why}:\n{self.tail()}")

    def close(self) -> None:
        self.retire = True
        if self.proc.poll() is None:
            self.proc.kill()
        child_cpu.reap(self.proc, self.charged)
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        shutil.rmtree(self.tmp, ignore_errors=True)


# Idle children of this process by flavour (graph mode, legacy Keras), least recently used first: at most
# MAX_IDLE are kept between calls (each holds TensorFlow's 0.5-1 GB), the three flavours most calls need (graph
# baselines in both Keras flavours, eager Keras 3 output): with two, a call with a legacy-Keras baseline and a
# graph-tier output restarted two or three children (4-5 CPU-s of TensorFlow start-up each) on every call.
MAX_IDLE = 3
# Children this process started, by flavour (what tools/pytest_cost.py's totals owe to start-ups).
STARTED: collections.Counter[tuple[bool, bool]] = collections.Counter()
# CPU seconds the programs this process sent to its children spent, by mode (tools/pytest_cost.py charges them to
# the test that sent them; the children's own totals reach the worker only when they end, with the session).
JOB_CPU: collections.Counter[str] = collections.Counter()
_JOB_CPU_LOCK = threading.Lock()
_IDLE: dict[tuple[bool, bool], _Child] = {}
_LOCK = threading.Lock()


def _take(graph: bool, legacy_keras: bool) -> _Child:
    with _LOCK:
        child = _IDLE.pop((graph, legacy_keras), None)
    if child is not None and child.alive:
        return child
    if child is not None:
        child.close()
    return _Child(graph, legacy_keras)


def _give_back(graph: bool, legacy_keras: bool, child: _Child) -> None:
    retired = [child]
    with _LOCK:
        if child.alive and (graph, legacy_keras) not in _IDLE:
            _IDLE[graph, legacy_keras] = child
            retired = [_IDLE.pop(key) for key in list(_IDLE)[: max(0, len(_IDLE) - MAX_IDLE)]]
    for old in retired:
        old.close()


@atexit.register
def close_children() -> None:
    """End the idle children (also called by tests/conftest.py when the session ends, so their CPU is counted)."""
    with _LOCK:
        children = list(_IDLE.values())
        _IDLE.clear()
    for child in children:
        child.close()


@dataclass
class Unit:
    """The runs of one program that go together (its first run, and the run that resumes from what it left) and the
    folders they leave, by the name they are shared under. ``key`` names what the runs depend on; ``also`` restores a
    shared folder to a second place too (the copy a resuming run starts from)."""

    key: str
    jobs: list[dict]
    folders: dict[str, Path]
    root: Path
    also: tuple[tuple[str, Path], ...] = ()


def run_units(units: list[Unit], graph: bool, legacy_keras: bool) -> dict[str, Run]:
    """Run the units one after another in a child of the flavour (started only if one is needed). With a run store
    (module docstring) a unit another process of the run has done is restored, one it is running now is waited for
    after the rest, and any other is claimed, run, and shared."""
    store = run_store()
    results: dict[str, Run] = {}
    child: _Child | None = None
    waiting: list[Unit] = []
    try:
        for unit in units:
            shared = _shared(store, unit) if store is not None else None
            if shared is not None:
                results.update(shared)
            elif store is not None and not _claim(store, unit):
                waiting.append(unit)
            else:
                try:
                    child = _run_unit(child, unit, results, graph, legacy_keras)
                finally:  # shared, or declined: nobody waits for a unit whose claimer stopped
                    if store is not None:
                        _share(store, unit, results)
        for unit in waiting:
            shared = _wait(store, unit) if store is not None else None
            if shared is not None:
                results.update(shared)
            else:
                child = _run_unit(child, unit, results, graph, legacy_keras)
    finally:
        if child is not None:
            _give_back(graph, legacy_keras, child)
    return results


def _run_unit(child: _Child | None, unit: Unit, results: dict[str, Run], graph: bool, legacy_keras: bool) -> _Child:
    """A job a child died in is recorded as crashed; the rest go on in a new child."""
    for job in unit.jobs:
        if child is None:
            child = _take(graph, legacy_keras)
        elif not child.alive:
            child.close()
            child = _Child(graph, legacy_keras)
        results[job["key"]] = child.run(job, CHILD_TIMEOUT)
    assert child is not None
    return child


def run_jobs(jobs: list[dict], graph: bool, legacy_keras: bool) -> dict[str, Run]:
    """Run jobs one after another in a child of the flavour, shared with no other call."""
    results: dict[str, Run] = {}
    child = _run_unit(None, Unit("", jobs, {}, Path()), results, graph, legacy_keras) if jobs else None
    if child is not None:
        _give_back(graph, legacy_keras, child)
    return results


def _job(key: str, source: str, cwd: Path, copy_to: tuple[Path, ...] = ()) -> dict:
    return {
        "key": key,
        "source": source,
        "cwd": str(cwd),
        "file": f"{key.split('#')[0]}.py",
        "copy_to": [str(path) for path in copy_to],
    }


def _run_groups(pool: ThreadPoolExecutor, groups: dict[tuple[bool, bool], list[Unit]]) -> dict[str, Run]:
    """Run every group, the largest split in two so both cores stay busy (not in a pytest-xdist worker: the other
    workers keep the other cores busy, and a second child of the flavour would only cost another TensorFlow
    start-up); a unit's resuming run stays in the same child as its first run, after it."""
    chunks: list[tuple[tuple[bool, bool], list[Unit]]] = []
    split = "PYTEST_XDIST_WORKER" not in os.environ
    for key, units in sorted(groups.items(), key=lambda item: -len(item[1])):
        if not units:
            continue
        if split and len(units) > 8 and len(chunks) < 2:
            chunks += [(key, units[0::2]), (key, units[1::2])]
        else:
            chunks.append((key, units))
    runs: dict[str, Run] = {}
    for part in pool.map(lambda chunk: run_units(chunk[1], chunk[0][0], chunk[0][1]), chunks):
        runs.update(part)
    return runs


# One pytest run's shared work (module docstring): tests/conftest.py creates the folder before pytest-xdist starts
# its workers, which inherit the variable, and removes it when the run ends; unset or "off": nothing is shared.
RUN_STORE_ENV = "TFMIGRATE_RUN_STORE"
# Seconds between two looks at a unit another process of the run is running.
_POLL_SECONDS = 0.2


def run_store() -> Path | None:
    folder = os.environ.get(RUN_STORE_ENV, "").strip()
    return None if folder in ("", "off") else Path(folder)


def migrate(source: str, options: Options, filename: str) -> FileResult:
    """``migrate_source``, done once per run for each text, options and file name: test modules that run the same
    program (tests/programs entries) share its migration through the run store."""
    store = run_store()
    if store is None:
        return migrate_source(source, options, filename)
    digest = hashlib.sha256("\0".join((source, filename, repr(options))).encode()).hexdigest()[:32]
    path = store / "migrations" / f"{digest}.pickle"
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, EOFError, pickle.UnpicklingError):
        pass
    result = migrate_source(source, options, filename)
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    staging.write_bytes(pickle.dumps(result))
    os.replace(staging, path)  # atomic: a reader sees all of it or nothing
    return result


def _claim(store: Path, unit: Unit) -> bool:
    """True when this process is the first of the run to run ``unit`` (it then shares what it ran or declines)."""
    claims = store / "claims"
    claims.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(claims / unit.key, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    with os.fdopen(handle, "w") as out:
        out.write(str(os.getpid()))
    return True


def _share(store: Path, unit: Unit, runs: dict[str, Run]) -> None:
    """Share a unit that ran cleanly and whose folders and output do not name its own place (other calls have
    other roots); otherwise record that it is not shared, so that a process waiting for it runs it itself."""
    done = store / "units"
    done.mkdir(parents=True, exist_ok=True)
    if not _portable(unit, runs):
        (done / f"{unit.key}.declined").touch()
        return
    staging = Path(tempfile.mkdtemp(prefix=f".{unit.key}.", dir=done))
    try:
        for kind, folder in unit.folders.items():
            shutil.copytree(folder, staging / kind, symlinks=True)
        (staging / "runs.json").write_text(json.dumps({job["key"]: vars(runs[job["key"]]) for job in unit.jobs}))
        os.rename(staging, done / unit.key)  # atomic: a reader sees all of it or nothing
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        (done / f"{unit.key}.declined").touch()


def _portable(unit: Unit, runs: dict[str, Run]) -> bool:
    ran = [runs.get(job["key"]) for job in unit.jobs]
    if not all(run is not None and run.ok for run in ran):
        return False
    mentions = {str(unit.root), os.path.realpath(unit.root)}
    if any(mention in run.stdout + run.stderr for run in ran if run is not None for mention in mentions):
        return False
    try:
        files = [f for d in unit.folders.values() for f in d.rglob("*") if f.is_file() and not f.is_symlink()]
        if sum(f.stat().st_size for f in files) > BASELINE_CACHE_MAX_BYTES:
            return False
        return not any(mention.encode() in f.read_bytes() for f in files for mention in mentions)
    except OSError:
        return False


def _shared(store: Path, unit: Unit) -> dict[str, Run] | None:
    """The unit's runs as another process of the run left them, their folders restored to this call's places."""
    entry = store / "units" / unit.key
    try:
        record = json.loads((entry / "runs.json").read_text())
        for kind, folder in unit.folders.items():
            shutil.copytree(entry / kind, folder, dirs_exist_ok=True, symlinks=True)
        for kind, folder in unit.also:
            shutil.copytree(entry / kind, folder, dirs_exist_ok=True, symlinks=True)
    except (OSError, ValueError):
        return None
    return {key: Run(**run) for key, run in record.items()}


def _wait(store: Path, unit: Unit) -> dict[str, Run] | None:
    """The unit another process claimed, once it has shared it; None (run it here) when that process declined it,
    is gone, or took longer than its own children's limits allow."""
    deadline = time.monotonic() + CHILD_TIMEOUT * (len(unit.jobs) + 1)
    while time.monotonic() < deadline:
        shared = _shared(store, unit)
        if shared is not None or (store / "units" / f"{unit.key}.declined").exists():
            return shared
        try:
            claimer = int((store / "claims" / unit.key).read_text())
            if claimer == os.getpid():  # an earlier call of this process that stopped before sharing it
                return None
            os.kill(claimer, 0)
        except (OSError, ValueError):
            return _shared(store, unit)
        time.sleep(_POLL_SECONDS)
    return None


# Where baselines are kept (module docstring); "off" or empty keeps none.
BASELINE_CACHE_ENV = "TFMIGRATE_BASELINE_CACHE"
# A baseline whose directory holds more than this (big checkpoints) is run every time instead.
BASELINE_CACHE_MAX_BYTES = 64 << 20
_STACK = (
    *("tensorflow-cpu", "tensorflow", "tensorflow-intel", "keras", "tf-keras", "numpy", "pandas", "protobuf"),
    *("tensorboard", "ml-dtypes", "h5py"),  # event files, dtypes and Keras weights the baselines write
)
# Variables the children inherit that change what TensorFlow computes or prints (not every ``TF_`` name is
# TensorFlow's: Terraform's TF_CLI_CONFIG_FILE is set on some machines and not on others).
_ENVIRONMENT = ("TF_", "OMP_", "KERAS_")
_NOT_TENSORFLOW = ("TF_CLI_", "TF_LOG", "TF_VAR_", "TF_IN_AUTOMATION", "TF_INPUT", "TF_WORKSPACE", "TF_DATA_DIR")


def baseline_cache() -> Path | None:
    folder = os.environ.get(BASELINE_CACHE_ENV, "").strip()
    return None if folder in ("", "off") else Path(folder)


@functools.cache
def _harness_fingerprint() -> str:
    """What every baseline depends on besides its program: this harness, the data writers and MNIST stand-ins, the
    interpreter and the installed stack."""
    return _stack_digest(hashlib.sha256(sys.version.encode()), Path(__file__))


def _stack_digest(digest, *own: Path, environment: bool = True) -> str:
    """``digest`` updated with the files ``own``, the data writers and stand-ins programs read and (``environment``)
    environment_fingerprint's machine, stack and variables."""
    support = [
        p
        for folder in (MNIST_SUPPORT, HOST_LIBRARIES)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    ]
    for path in (*own, Path(program_files.__file__), *support):
        digest.update(f"\0{path.relative_to(path.parents[1])}\0".encode() + path.read_bytes())
    if environment:
        digest.update(b"\0" + environment_fingerprint().encode())
    return digest.hexdigest()


def _cpu() -> str:
    """The processor's model and the vector extensions oneDNN picks its kernels by: another CPU may round the last
    digits of a long training run differently."""
    try:
        info = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor()
    model = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")), "")
    flags = next((line.split(":", 1)[1].split() for line in info.splitlines() if line.startswith("flags")), [])
    return model + " " + " ".join(sorted(f for f in flags if f.startswith(("avx", "amx", "fma", "sse4"))))


@functools.cache
def environment_fingerprint() -> str:
    """What a baseline's numbers depend on outside the repository: the machine, the interpreter's version, the
    installed stack and the environment variables that change what TensorFlow computes. A committed store of
    baselines (TF1_STORE) is read only on the machine kind and stack it was written on; elsewhere every baseline
    runs live, so a new machine or a newer numpy costs time, never a wrong comparison or a failed run."""
    digest = hashlib.sha256(f"{platform.machine()}\0{_cpu()}\0{'.'.join(map(str, sys.version_info[:3]))}".encode())
    for name in _STACK:
        try:
            digest.update(f"\0{name}=={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"\0{name}: none".encode())
    for key in sorted(k for k in os.environ if k.startswith(_ENVIRONMENT) and not k.startswith(_NOT_TENSORFLOW)):
        digest.update(f"\0{key}={os.environ[key]}".encode())
    return digest.hexdigest()[:32]


def _baseline_key(program: Program) -> str:
    meta = json.dumps(program.meta, sort_keys=True, default=str)
    text = "\0".join((_harness_fingerprint(), program.name, meta, program.baseline_source))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


# The committed store of TF1 baselines of tests/programs (tools/gen_tf1_baselines.py writes it): the run of each
# program whose baseline ran cleanly and left its directory as its data files made it (no checkpoint, log or summary
# for a later run or test to read), keyed by everything that run depends on (``stored_key``). _evaluate takes a
# program's baseline from here when its key is in it and runs it otherwise, so a changed program, child, data file or
# stack is run, never compared with an old output; tests/test_tf1_baselines.py fails when the store is stale and
# reruns a sample live. ``TFMIGRATE_TF1_STORE=off`` runs every baseline.
TF1_STORE = Path(__file__).resolve().parent / "data" / "tf1_baselines" / "session_programs.json"
TF1_STORE_ENV = "TFMIGRATE_TF1_STORE"


@functools.cache
def stored_fingerprint() -> str:
    """What a stored baseline depends on in the repository besides its program: the child that runs it and how a
    job is given to it, the data writers and stand-ins programs read; not the rest of this file, whose edits change
    no baseline's run, nor the machine and stack (environment_fingerprint: the store's own, checked as a whole)."""
    digest = hashlib.sha256(b"tf1-baselines")
    for text in (_CHILD, BASELINE_IMPORT, inspect.getsource(child_env), inspect.getsource(_job)):
        digest.update(b"\0" + text.encode())
    return _stack_digest(digest, environment=False)


def stored_key(program: Program) -> str:
    """The store's key of ``program``'s baseline: its name (the file it runs as), manifest entry and baseline text,
    with stored_fingerprint."""
    meta = json.dumps(program.meta, sort_keys=True, default=str)
    text = "\0".join((stored_fingerprint(), program.name, meta, program.baseline_source))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def stored_records(path: Path) -> dict[str, dict]:
    """A store's records, ``{"environment", "baselines": {key: record}, "live": {key: {"name", "why"}}}``."""
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {"environment": "", "baselines": {}, "live": {}}


def store_applies(store: dict) -> bool:
    """The store is read: not turned off (``TFMIGRATE_TF1_STORE=off``) and written on this machine kind and stack."""
    off = os.environ.get(TF1_STORE_ENV, "").strip() == "off"
    return not off and store.get("environment") == environment_fingerprint()


@functools.cache
def stored_baselines() -> dict[str, dict]:
    """TF1_STORE's records (stored_records)."""
    return stored_records(TF1_STORE)


def _stored_baseline(program: Program) -> Run | None:
    store = stored_baselines()
    if not store_applies(store) or program.checkpoint == "resume":
        return None
    record = store["baselines"].get(stored_key(program))
    return Run(**record["run"]) if record is not None and record["name"] == program.name else None


def _tree(folder: Path) -> dict[str, str]:
    """What ``folder`` holds: each file's and folder's relative path, with a hash of a file's bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
        for path in sorted(folder.rglob("*"))
    }


def run_baselines_live(programs: list[Program], root: Path) -> dict[str, tuple[Run, bool]]:
    """Each program's baseline run as _evaluate runs one (its data files written in ``root/base/<name>``, one
    after another in the graph child of its Keras flavour), never from a store: the Run, and whether the run left
    its directory as it found it. What tools/gen_tf1_baselines.py stores and tests/test_tf1_baselines.py reruns."""
    folders, trees, groups = {}, {}, {}
    for p in programs:
        folders[p.name] = root / "base" / p.name
        program_files.write(p.meta.get("files", []), folders[p.name])
        trees[p.name] = _tree(folders[p.name])
        groups.setdefault(p.legacy_keras, []).append(_job(p.name, p.baseline_source, folders[p.name]))
    runs: dict[str, Run] = {}
    for legacy_keras, jobs in groups.items():
        runs.update(run_jobs(jobs, graph=True, legacy_keras=legacy_keras))
    return {p.name: (runs[p.name], _tree(folders[p.name]) == trees[p.name]) for p in programs}


def _restore_baseline(cache: Path, program: Program, dirs: dict[str, Path]) -> dict[str, Run] | None:
    """The kept baseline runs of ``program`` (``name`` and ``name#resume``) with their directories restored where
    the runs would have left them, or None when none is kept."""
    entry = cache / _baseline_key(program)
    try:
        record = json.loads((entry / "runs.json").read_text())
    except (OSError, ValueError):
        return None
    try:
        shutil.copytree(entry / "base", dirs["base"] / program.name, dirs_exist_ok=True, symlinks=True)
        if program.checkpoint == "resume":  # what the resuming runs start from, and what the baseline's left
            shutil.copytree(entry / "base", dirs["mig_resume"] / program.name, dirs_exist_ok=True, symlinks=True)
            shutil.copytree(
                entry / "base_resume", dirs["base_resume"] / program.name, dirs_exist_ok=True, symlinks=True
            )
        os.utime(entry)
    except OSError:  # removed under us (pruned, --cache-clear): run it
        return None
    return {key: Run(**run) for key, run in record.items()}


def _keep_baseline(cache: Path, program: Program, runs: dict[str, Run], dirs: dict[str, Path], root: Path) -> None:
    keys = [program.name] + ([program.name + "#resume"] if program.checkpoint == "resume" else [])
    if not all(key in runs and runs[key].ok for key in keys):
        return
    folders = {"base": dirs["base"] / program.name}
    if program.checkpoint == "resume":
        folders["base_resume"] = dirs["base_resume"] / program.name
    files = [f for folder in folders.values() for f in folder.rglob("*") if f.is_file() and not f.is_symlink()]
    if sum(f.stat().st_size for f in files) > BASELINE_CACHE_MAX_BYTES:
        return
    mentions = {str(root).encode(), os.path.realpath(root).encode()}
    if any(mention in f.read_bytes() for f in files for mention in mentions):
        return
    entry = cache / _baseline_key(program)
    if entry.exists():
        return
    cache.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{entry.name}.", dir=cache))
    try:
        for kind, folder in folders.items():
            shutil.copytree(folder, staging / kind, symlinks=True)
        record = {key: vars(runs[key]) for key in keys}
        (staging / "runs.json").write_text(json.dumps(record))
        os.rename(staging, entry)  # atomic: another worker reading it sees all of it or nothing
    except OSError:
        pass
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def evaluate(
    programs: list[Program] | None = None, root: Path | None = None, options: Options | None = None
) -> dict[str, Outcome]:
    """Migrate and run every program; returns one Outcome per program name."""
    programs = programs if programs is not None else load_programs()
    owned = root is None
    root = Path(tempfile.mkdtemp(prefix="tfm-session-programs-")) if owned else root
    try:
        return _evaluate(programs, root, options or Options())
    finally:
        if owned:
            shutil.rmtree(root, ignore_errors=True)


def _evaluate(programs: list[Program], root: Path, options: Options) -> dict[str, Outcome]:
    dirs = {kind: root / kind for kind in ("base", "base_resume", "mig", "mig_resume")}
    for p in programs:
        for kind in ("base", "mig"):
            program_files.write(p.meta.get("files", []), dirs[kind] / p.name)

    # Phase 1: baselines (those not kept from an earlier call), one child per Keras flavour; a resuming program
    # runs again in a copy of its directory, right after its first run.
    cache = baseline_cache()
    kept: dict[str, Run] = {}
    for p in programs:
        stored = _stored_baseline(p)
        if stored is not None:  # its directory is as its data files made it, written above
            kept[p.name] = stored
    for p in programs if cache is not None else ():
        if p.name not in kept:
            kept.update(_restore_baseline(cache, p, dirs) or {})
    baseline_groups: dict[tuple[bool, bool], list[Unit]] = {(True, False): [], (True, True): []}
    for p in programs:
        if p.name in kept:
            continue
        folders = {"base": dirs["base"] / p.name}
        if p.checkpoint != "resume":
            unit = Unit(f"base-{_baseline_key(p)}", [_job(p.name, p.baseline_source, folders["base"])], folders, root)
        else:
            folders["base_resume"] = dirs["base_resume"] / p.name
            copies = (folders["base_resume"], dirs["mig_resume"] / p.name)
            jobs = [
                _job(p.name, p.baseline_source, folders["base"], copies),
                _job(p.name + "#resume", p.baseline_source, folders["base_resume"]),
            ]
            unit = Unit(f"base-{_baseline_key(p)}", jobs, folders, root, (("base", dirs["mig_resume"] / p.name),))
        baseline_groups[True, p.legacy_keras].append(unit)

    # The baselines do not need tfmigrate: their children start (and import TensorFlow) while this process
    # migrates the programs.
    with ThreadPoolExecutor(max_workers=2) as pool, ThreadPoolExecutor(max_workers=1) as lead:
        baselines = lead.submit(_run_groups, pool, baseline_groups)
        migrations = {p.name: migrate(p.source, options, f"{p.name}.py") for p in programs}
        base_runs = {**kept, **baselines.result()}

        # Phase 2: migrated programs grouped by graph mode (graph-tier output switches eager off for the whole
        # interpreter) and Keras flavour (output that sets TF_USE_LEGACY_KERAS must have it set before TensorFlow
        # is imported, as it would be in a process of its own); a resuming program runs again on the baseline's
        # checkpoint. A migrated run depends on its text and on the baseline runs it starts from, which its key names.
        mig_groups: dict[tuple[bool, bool], list[Unit]] = {}
        for p in programs:
            result = migrations[p.name]
            if result.status is Status.FAILED or result.migrated is None or not base_runs[p.name].ok:
                continue
            key = (switches_graph_mode(result.migrated), "TF_USE_LEGACY_KERAS" in result.migrated)
            names = [p.name] + ([p.name + "#resume"] if p.checkpoint == "resume" else [])
            started = json.dumps([vars(base_runs[name]) for name in names if name in base_runs], sort_keys=True)
            digest = hashlib.sha256("\0".join((_baseline_key(p), started, result.migrated)).encode()).hexdigest()
            folders = {"mig": dirs["mig"] / p.name}
            jobs = [_job(p.name, result.migrated, folders["mig"])]
            if p.checkpoint == "resume":
                folders["mig_resume"] = dirs["mig_resume"] / p.name
                jobs.append(_job(p.name + "#resume", result.migrated, folders["mig_resume"]))
            mig_groups.setdefault(key, []).append(Unit(f"mig-{digest[:32]}", jobs, folders, root))
        mig_runs = _run_groups(pool, mig_groups)

    for p in programs if cache is not None else ():
        if p.name not in kept:
            _keep_baseline(cache, p, base_runs, dirs, root)
    return {
        p.name: Outcome(
            p,
            migrations[p.name],
            base_runs[p.name],
            mig_runs.get(p.name),
            base_runs.get(p.name + "#resume"),
            mig_runs.get(p.name + "#resume"),
            options,
        )
        for p in programs
    }
