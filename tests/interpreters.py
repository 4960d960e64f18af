"""Long-lived TensorFlow interpreters for tests that run one program at a time: ``run_python(source, ...)``
behaves like ``subprocess.run([sys.executable, script, *argv])`` but reuses a child that has already imported
TensorFlow (3-5 s of CPU per start-up, most of what such tests cost).

A child is only reused by programs that would set up TensorFlow the same way in a process of their own: the same
environment at start-up (``TF_USE_LEGACY_KERAS`` counts when the program sets it itself, since that only works
before TensorFlow is imported) and the same process-wide switches in the text (``disable_v2_behavior``,
``disable_eager_execution``, ``set_floatx``, ...); programs that define absl flags (process-wide too) are refused.
Before each program the child resets the default graph and the Keras session (layer names number from scratch), then
runs the program as ``__main__`` in a fresh namespace with its own ``sys.argv``, working directory and
``sys.path[0]``; ``sys.exit(n)`` gives return code ``n``; modules it imported from its own directory are forgotten
afterwards. A child whose switches a program changed anyway (from a module of its own) is not reused. A child that
dies or hangs is replaced; the program it was running gets return code -1 and the child's last stderr.
Each pytest-xdist worker has its own children, one per flavour (a program whose flavour's child is busy waits for
it); they end with the worker. A program of the plain flavour (no switch, no variable but ``TF_USE_LEGACY_KERAS``)
runs in tests/session_harness.py's eager child of its Keras flavour instead, the one the worker's program tests run
their migrated programs in, with this module's options (no MNIST stand-ins, its argv and ``sys.path[0]``, its stderr
and exit status): one TensorFlow start-up per worker for both kinds of test. So does a program whose one switch is
the TF1 baseline's ``disable_v2_behavior`` (a checkpoint program's TF1 original), in the harness's graph child of Keras
3, the one most of the worker's TF1 baselines run in.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import selectors
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from child_tmpdirs import child_tmpdir
from timeouts import limit

# Calls that change TensorFlow/Keras for the whole process: programs differing in them never share a child.
GLOBAL_SWITCH = re.compile(
    r"\b(?:disable_v2_behavior|enable_v2_behavior|disable_eager_execution|enable_eager_execution"
    r"|(?:disable|enable)_(?:resource_variables|v2_tensorshape|control_flow_v2|tensor_equality|v2_dtype_behavior)"
    r"|set_floatx|set_global_policy|set_image_data_format|set_learning_phase|run_functions_eagerly"
    r"|enable_op_determinism|enable_numpy_behavior|experimental_enable_numpy_behavior|set_epsilon)\b"
)
LEGACY_KERAS = "TF_USE_LEGACY_KERAS"
# What a fresh process reports once Keras is imported (the child only asks Keras when a program imported it).
KERAS_DEFAULTS = {
    "floatx": "'float32'",
    "epsilon": "1e-07",
    "image_data_format": "'channels_last'",
    "policy": "'float32'",
}
BASE_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": "", "PYTHONHASHSEED": "0"}

_SERVER = r"""
import contextlib, gc, io, json, os, site, sys, time, traceback
protocol = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)  # TensorFlow's C++ writes to fd 1 must not garble the protocol
import tensorflow as tf

def reset():
    try:
        tf.compat.v1.reset_default_graph()
    except Exception:
        pass
    if "keras" in sys.modules or "tf_keras" in sys.modules:  # else nothing to clear: do not import Keras
        try:
            tf.keras.backend.clear_session()
        except Exception:
            pass
    try:
        if tf.executing_eagerly():  # clears the kernel cache: an op-seeded draw restarts as in a fresh process
            tf.random.set_seed(None)
    except Exception:
        pass

def state():  # the process-wide switches a program may flip, to notice one that flipped them unannounced
    probes = {
        "eager": lambda: tf.executing_eagerly(),
        "resource_variables": lambda: tf.compat.v1.resource_variables_enabled(),
        "control_flow_v2": lambda: tf.compat.v1.control_flow_v2_enabled(),
        "functions_eagerly": lambda: tf.config.functions_run_eagerly(),
        "tensorshape_v2": lambda: tf.TensorShape([1])[0].__class__.__name__,
        "tensor_equality": lambda: tf.Tensor._USE_EQUALITY,
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

home, path0, requests = os.getcwd(), list(sys.path), sys.stdin
# TensorFlow's import leaves some 300,000 objects every full collection walks again (0.2 CPU-s): frozen, the collection
# after each program walks only what the programs made (tests/session_harness.py's children do the same).
gc.collect()
gc.freeze()
installed = tuple({os.path.join(p, "") for p in (sys.prefix, sys.base_prefix, *site.getsitepackages())})
for line in requests:
    job = json.loads(line)
    os.chdir(job["cwd"])
    sys.argv = [job["file"], *job["argv"]]
    sys.path[:] = [job["path0"], *path0]
    sys.stdin = io.StringIO("")
    reset()
    before = state()
    out, err, namespace = io.StringIO(), io.StringIO(), {"__name__": "__main__", "__file__": job["file"]}
    start = time.perf_counter()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            exec(compile(job["source"], job["file"], "exec"), namespace)
        rc = 0
    except SystemExit as stop:
        rc = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        if stop.code is not None and not isinstance(stop.code, int):
            err.write(f"{stop.code}\n")
    except BaseException:
        rc = 1
        err.write(traceback.format_exc())
    finally:
        for value in list(namespace.values()):
            if isinstance(value, tf.compat.v1.Session):
                try:
                    value.close()
                except Exception:
                    pass
    seconds = time.perf_counter() - start
    for name, module in list(sys.modules.items()):  # the program's own modules (examples/model.py) go with it
        where = getattr(module, "__file__", None) or ""
        if where.startswith((job["path0"] + os.sep, job["cwd"] + os.sep)) and not where.startswith(installed):
            del sys.modules[name]
    namespace.clear()
    del namespace
    after = state()
    # What the program left that no collection frees (TensorFlow's and Keras' caches) is frozen once collected, as in
    # tests/session_harness.py's children: else every later collection walks it again.
    reset()
    gc.collect()
    gc.freeze()
    os.chdir(home)
    record = {"rc": rc, "stdout": out.getvalue(), "stderr": err.getvalue(), "seconds": seconds}
    protocol.write(json.dumps({**record, "before": before, "after": after}))
    protocol.write("\n")
    protocol.flush()
"""


@dataclass
class Run:
    """What ``subprocess.run`` would have returned, plus the program's own run time."""

    returncode: int
    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.returncode == 0


# Children this process started (what tools/pytest_cost.py's totals owe to start-ups).
STARTED = 0


class _Interpreter:
    def __init__(self, env: dict[str, str], switches: tuple[str, ...]) -> None:
        global STARTED
        STARTED += 1
        self.switches = switches
        self.fresh: dict | None = None  # the state before its first program
        self.settled: dict | None = None  # the state its programs leave it in
        self.log = tempfile.TemporaryFile()
        self.tmp = child_tmpdir()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _SERVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            env={**env, "TMPDIR": str(self.tmp)},
            text=True,
            cwd=tempfile.gettempdir(),
        )

    def run(self, job: dict, timeout: float) -> Run:
        try:
            self.proc.stdin.write(json.dumps(job) + "\n")
            self.proc.stdin.flush()
        except OSError:
            return Run(-1, "", f"the interpreter was gone before this program:\n{self.stderr_tail()}")
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(self.proc.stdout, selectors.EVENT_READ)
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self.close()
                    return Run(-1, "", f"timed out after {timeout:.0f} s\n{self.stderr_tail()}")
                if selector.select(remaining):
                    break
        line = self.proc.stdout.readline()
        if not line:
            self.close()
            return Run(-1, "", f"the interpreter died running this program:\n{self.stderr_tail()}")
        record = json.loads(line)
        self.check_state(record["before"], record["after"])
        return Run(record["rc"], record["stdout"], record["stderr"], record["seconds"])

    def check_state(self, before: dict, after: dict) -> None:
        """Retire a child left in another state than its flavour's programs leave it in (a program that switched
        graph mode on in a module of its own, say), so the next program does not inherit it."""
        if self.fresh is None:
            self.fresh = {**KERAS_DEFAULTS, **before}
        expected = self.fresh if not self.switches else (self.settled or after)
        self.settled = expected
        if any(after[name] != expected[name] for name in after.keys() & expected.keys()):
            self.close()

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def stderr_tail(self, size: int = 3000) -> str:
        self.log.seek(0, os.SEEK_END)
        end = self.log.tell()
        self.log.seek(max(0, end - size))
        return self.log.read().decode("utf-8", "replace")

    def close(self) -> None:
        if self.alive:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        shutil.rmtree(self.tmp, ignore_errors=True)


# One child per flavour per process: a second program of a flavour whose child is busy waits for it rather than
# paying another TensorFlow import (the suite is CPU-bound: its workers already fill the cores).
CHILDREN_PER_FLAVOUR = 1
_IDLE: dict[tuple, list[_Interpreter]] = {}
_BUSY: dict[tuple, int] = {}
_LOCK = threading.Condition()


def _take(key: tuple) -> _Interpreter | None:
    """An idle live child of the flavour, or None when the caller may start one; waits while the flavour's
    children are all busy."""
    with _LOCK:
        while True:
            idle = _IDLE.setdefault(key, [])
            while idle:
                interpreter = idle.pop()
                if interpreter.alive:
                    _BUSY[key] = _BUSY.get(key, 0) + 1
                    return interpreter
                interpreter.close()
            if _BUSY.get(key, 0) < CHILDREN_PER_FLAVOUR:
                _BUSY[key] = _BUSY.get(key, 0) + 1
                return None
            _LOCK.wait()


def _give_back(key: tuple, interpreter: _Interpreter | None) -> None:
    with _LOCK:
        _BUSY[key] -= 1
        if interpreter is not None and interpreter.alive:
            _IDLE.setdefault(key, []).append(interpreter)
        _LOCK.notify_all()


def flavour(source: str, env: dict[str, str] | None = None) -> tuple:
    """What a child must share with a program to run it as a process of its own would."""
    start = {**(env or {})}
    if LEGACY_KERAS in source and LEGACY_KERAS not in start:
        start[LEGACY_KERAS] = "1"
    return tuple(sorted(set(GLOBAL_SWITCH.findall(source)))), tuple(sorted(start.items()))


def run_python(
    source: str,
    argv: tuple[str, ...] | list[str] = (),
    cwd: Path | str | None = None,
    env: dict[str, str] | None = None,
    file: Path | str | None = None,
    timeout: float | None = None,
) -> Run:
    """Run ``source`` as ``python file *argv`` would, in a reused child of the right flavour.

    ``env``: variables the program's process would have on top of this one's (set when its child starts).
    ``file``: the script's path (``__file__``, ``sys.argv[0]``, ``sys.path[0]``); default ``<cwd>/program.py``.
    """
    if "DEFINE_" in source:
        raise ValueError("a program that defines absl flags cannot share an interpreter: run it in a process")
    key = flavour(source, env)
    workdir = Path(cwd or os.getcwd()).resolve()
    script = Path(file).resolve() if file else workdir / "program.py"
    job = {
        "source": source,
        "argv": [str(arg) for arg in argv],
        "cwd": str(workdir),
        "file": str(script),
        "path0": str(script.parent),
    }
    shared = harness_flavour(key)
    if shared is not None:
        return _run_in_the_harness_child(job, key, *shared, timeout if timeout is not None else limit(300))
    interpreter = _take(key)
    try:
        if interpreter is None:
            child_env = {k: v for k, v in os.environ.items() if k != LEGACY_KERAS}
            interpreter = _Interpreter({**child_env, **BASE_ENV, **dict(key[1])}, key[0])
        return interpreter.run(job, timeout if timeout is not None else limit(300))
    finally:
        _give_back(key, interpreter)


# The switches of the harness's graph children: what its TF1 baselines call (tests/session_harness.py).
HARNESS_GRAPH_SWITCHES = ("disable_v2_behavior",)


def harness_flavour(key: tuple) -> tuple[bool, bool] | None:
    """The harness child (graph mode or eager, legacy Keras or not) that runs a program of flavour ``key`` as its own
    process would, or None: a program with another process-wide switch than the baselines' one, or started with
    other variables, keeps a child of its own, and so does a legacy-Keras graph program (few are; the harness keeps
    only session_harness.MAX_IDLE children idle, and whether sending these to it saves a start-up is not measured)."""
    switches, start = key
    if switches not in ((), HARNESS_GRAPH_SWITCHES) or set(dict(start)) - {LEGACY_KERAS}:
        return None
    legacy = dict(start).get(LEGACY_KERAS, "0") == "1"
    if switches and legacy:
        return None
    return bool(switches), legacy


def _run_in_the_harness_child(job: dict, key: tuple, graph: bool, legacy: bool, timeout: float) -> Run:
    import session_harness

    options = {"argv": job["argv"], "path0": job["path0"], "hooks": False, "stderr": True}
    shared = {"key": "program", "source": job["source"], "cwd": job["cwd"], "file": job["file"], "options": options}
    _take(key)  # one program at a time per flavour, as with a child of this module's own
    try:
        child = session_harness._take(graph, legacy)
        try:
            done = child.run(shared, timeout)
        finally:
            session_harness._give_back(graph, legacy, child)
    finally:
        _give_back(key, None)
    return Run(done.returncode, done.stdout, done.stderr, done.seconds)


@atexit.register
def close_all() -> None:
    with _LOCK:
        for idle in _IDLE.values():
            for interpreter in idle:
                interpreter.close()
        _IDLE.clear()
