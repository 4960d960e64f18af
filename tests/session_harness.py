"""Runs the TF1 session programs of tests/programs/ as baselines and after tfmigrate, and compares them.

For each program: the TF1 original runs as the baseline (its ``import tensorflow as tf`` line replaced by
``import tensorflow.compat.v1 as tf`` + ``tf.disable_v2_behavior()``, what TensorFlow documents for running TF1
code on TF2), tfmigrate migrates it (``tfmigrate.api.migrate_source``, default options), the migrated text runs
unmodified on the installed TensorFlow, and the two are compared: did it run, is it session-free (or does the report
say why not), does it print the baseline's numbers. Programs that resume from a checkpoint run a second time: the
baseline again in a copy of its first run's directory, the migrated program in another copy, so the migrated
program must restore the checkpoint the TF1 program wrote.

TensorFlow start-ups dominate, so programs share interpreters: every baseline of one Keras flavour in one child
(fresh graph and namespace per program, stdout captured per program), and migrated programs in one child per
(graph mode or eager, Keras flavour) group. A child that dies is restarted on the programs it had not finished;
the program it died in is recorded as crashed. Each program runs with its own directory as the working directory,
so programs that write checkpoints and logs stay as written. Nothing is cached across calls.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tokenize
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import numpy as np
import program_files
import tomllib
from timeouts import limit

from tfmigrate import Options, Status, migrate_source
from tfmigrate.ftypes import FileResult

PROGRAMS = Path(__file__).resolve().parent / "programs"
# Programs that keep the tutorial's ``from tensorflow.examples.tutorials.mnist import input_data`` (manifest
# ``mnist = "tutorial"``) read synthetic arrays through these stand-ins, in the baseline and the migrated run alike.
MNIST_SUPPORT = Path(__file__).resolve().parent / "data" / "mnist_support"
TF1_IMPORT = re.compile(r"^import tensorflow as tf[ \t]*$", re.M)
BASELINE_IMPORT = "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()"
# What session-free output must not contain in its code (issue 16): a name containing one of the first three
# (``tf.compat.v1.Session``, ``InteractiveSession``, ``placeholder_with_default``), or the dotted path.
GRAPH_MARKERS = ("Session", "placeholder", "disable_eager_execution", "disable_v2_behavior", "compat.v1.train")
GRAPH_MODE = re.compile(r"disable_eager_execution|disable_v2_behavior")
NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|\b(?:nan|inf)\b", re.I)
RTOL, ATOL = 1e-4, 1e-5
CHILD_TIMEOUT = limit(1200)

# One child runs a list of jobs; each job's result is appended to a JSON-lines file as soon as it is known, so a
# child that dies mid-way loses only the job it was running.
_CHILD = r"""
import contextlib, gc, io, json, os, shutil, sys, time, traceback, types
import mnist_hooks  # tests/data/mnist_support: TF1's tutorial input_data and Keras' MNIST, over the same arrays
import tensorflow as tf
jobs, out_path, graph = json.load(sys.stdin), sys.argv[1], sys.argv[2] == "graph"

def reset():
    if graph:
        tf.compat.v1.reset_default_graph()
    else:
        try:
            tf.keras.backend.clear_session()
        except Exception:
            pass
        tf.random.set_seed(None)  # a global seed is per process: the last program's must not seed the next one

for job in jobs:
    os.makedirs(job["cwd"], exist_ok=True)
    os.chdir(job["cwd"])
    with open(out_path, "a") as out:
        out.write(json.dumps({"name": job["key"], "started": True}) + "\n")
    reset()
    # The program is the __main__ module while it runs (``tf.app.run()`` calls ``sys.modules["__main__"].main``), and
    # a ``sys.exit(0)`` / ``sys.exit(None)`` at its end (``tf.app.run`` exits with main's result) is a clean end.
    module, start = types.ModuleType("__main__"), time.perf_counter()
    module.__file__ = job["file"]
    buffer, namespace, own_main = io.StringIO(), module.__dict__, sys.modules["__main__"]
    sys.modules["__main__"] = module
    try:
        with contextlib.redirect_stdout(buffer):
            exec(compile(job["source"], job["file"], "exec"), namespace)
        rc, err = 0, ""
    except SystemExit as end:
        rc, err = (0, "") if end.code in (None, 0) else (1, traceback.format_exc())
    except BaseException:
        rc, err = 1, traceback.format_exc()
    finally:
        sys.modules["__main__"] = own_main
        for value in list(namespace.values()):
            if isinstance(value, tf.compat.v1.InteractiveSession):
                value.close()
    seconds = time.perf_counter() - start
    for target in job.get("copy_to", ()):
        shutil.copytree(job["cwd"], target, dirs_exist_ok=True)
    with open(out_path, "a") as out:
        out.write(json.dumps({"name": job["key"], "rc": rc, "stdout": buffer.getvalue(), "stderr": err[-6000:],
                              "seconds": seconds}) + "\n")
    del namespace
    gc.collect()
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


@dataclass
class Run:
    returncode: int
    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0

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

    def numbers_match(self) -> tuple[bool, str]:
        if not self.runs:
            return False, "the migrated program did not run"
        return compare(self.baseline.stdout, self.migrated.stdout, self.program)

    def resume_match(self) -> tuple[bool, str]:
        if self.program.checkpoint != "resume":
            return True, "does not resume"
        if self.migrated_resume is None or not self.migrated_resume.ok:
            detail = self.migrated_resume.stderr[-1500:] if self.migrated_resume else "not run"
            return False, f"the migrated program did not run on the baseline's checkpoint: {detail}"
        return compare(self.baseline_resume.stdout, self.migrated_resume.stdout, self.program, strict=True)

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


def graph_markers(text: str) -> list[str]:
    """The GRAPH_MARKERS in the code of ``text``: its names and dotted paths, not its comments and strings (a
    comment "# Create graph session" or a log directory "./graphs/logreg_placeholder" is no graph mode). Any
    name that contains a marker counts (``InteractiveSession``, ``x_placeholder``); text that does not tokenize
    is searched whole."""
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
        elif any(marker in name for name in names):
            found.append(marker)
    return found


def numbers(text: str) -> np.ndarray:
    return np.array([float(n) for n in NUMBER.findall(text)], dtype=float)


def losses(text: str, pattern: str) -> list[float]:
    return [float(m) for m in re.findall(pattern, text, re.M)]


def compare(want_text: str, got_text: str, program: Program, strict: bool = False) -> tuple[bool, str]:
    """Deterministic programs: every printed number within RTOL. Unseeded ones: as many numbers, and the loss
    (the manifest's ``loss`` pattern) falls from first to last report as it does in the baseline."""
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
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(MNIST_SUPPORT), os.environ.get("PYTHONPATH")) if p)
    if legacy_keras:
        env["TF_USE_LEGACY_KERAS"] = "1"
    return env


def run_jobs(jobs: list[dict], graph: bool, legacy_keras: bool, scratch: Path) -> dict[str, Run]:
    """Run jobs in as few children as possible; a job a child died in is recorded as crashed, the rest go on."""
    results: dict[str, Run] = {}
    remaining = list(jobs)
    attempt = 0
    tag = f"{'graph' if graph else 'eager'}-{'legacy' if legacy_keras else 'keras3'}"
    while remaining:
        attempt += 1
        # A file of its own: the migrated graph-tier group runs with the baselines' tag and can start with the same
        # program, and a shared name would hand it the baselines' records (read back as migrated runs).
        handle, name = tempfile.mkstemp(
            dir=scratch, prefix=f"{tag}-{jobs[0]['key'].replace('#', '-')}-{attempt}-", suffix=".jsonl"
        )
        os.close(handle)
        out = Path(name)
        try:
            done = subprocess.run(
                [sys.executable, "-c", _CHILD, str(out), "graph" if graph else "eager"],
                input=json.dumps(remaining),
                capture_output=True,
                text=True,
                env=child_env(legacy_keras),
                timeout=CHILD_TIMEOUT,
            )
            tail = done.stderr[-3000:]
        except subprocess.TimeoutExpired:
            tail = f"timed out after {CHILD_TIMEOUT:.0f} s"
        started = None
        if out.exists():
            for line in out.read_text().splitlines():
                record = json.loads(line)
                if record.get("started"):
                    started = record["name"]
                    continue
                results[record["name"]] = Run(record["rc"], record["stdout"], record["stderr"], record["seconds"])
                started = None
        if started is not None:
            results[started] = Run(-1, "", f"the interpreter died running this program:\n{tail}")
        elif not any(job["key"] in results for job in remaining):
            for job in remaining:  # the child failed before it ran anything
                results[job["key"]] = Run(-1, "", f"the runner failed:\n{tail}")
        remaining = [job for job in remaining if job["key"] not in results]
    return results


def _job(key: str, source: str, cwd: Path, copy_to: tuple[Path, ...] = ()) -> dict:
    return {
        "key": key,
        "source": source,
        "cwd": str(cwd),
        "file": f"{key.split('#')[0]}.py",
        "copy_to": [str(path) for path in copy_to],
    }


def _run_groups(pool: ThreadPoolExecutor, groups: dict[tuple[bool, bool], list[dict]], scratch: Path) -> dict[str, Run]:
    """Run every group, the largest split in two so both workers stay busy; a job named ``x#resume`` stays in the
    same child as ``x``, after it (it needs the directory the first run left)."""
    chunks = []
    for key, jobs in sorted(groups.items(), key=lambda item: -len(item[1])):
        if not jobs:
            continue
        if len(jobs) > 8 and len(chunks) < 2:
            firsts = [job for job in jobs if "#" not in job["key"]]
            halves = ([], [])
            for index, job in enumerate(firsts):
                halves[index % 2].append(job)
            for job in jobs:
                if "#" in job["key"]:
                    owner = job["key"].split("#")[0]
                    halves[0 if any(j["key"] == owner for j in halves[0]) else 1].append(job)
            chunks += [(key, half) for half in halves if half]
        else:
            chunks.append((key, jobs))
    runs: dict[str, Run] = {}
    for part in pool.map(lambda chunk: run_jobs(chunk[1], chunk[0][0], chunk[0][1], scratch), chunks):
        runs.update(part)
    return runs


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
    scratch = root / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    dirs = {kind: root / kind for kind in ("base", "base_resume", "mig", "mig_resume")}
    for p in programs:
        for kind in ("base", "mig"):
            program_files.write(p.meta.get("files", []), dirs[kind] / p.name)

    # Phase 1: baselines, one child per Keras flavour; a resuming program runs again in a copy of its directory
    # (after every first run, so the copies exist).
    baseline_groups: dict[tuple[bool, bool], list[dict]] = {(True, False): [], (True, True): []}
    for p in programs:
        copies = (dirs["base_resume"] / p.name, dirs["mig_resume"] / p.name) if p.checkpoint == "resume" else ()
        baseline_groups[True, p.legacy_keras].append(_job(p.name, p.baseline_source, dirs["base"] / p.name, copies))
    for p in programs:
        if p.checkpoint == "resume":
            baseline_groups[True, p.legacy_keras].append(
                _job(p.name + "#resume", p.baseline_source, dirs["base_resume"] / p.name)
            )

    # The baselines do not need tfmigrate: their children start (and import TensorFlow) while this process
    # migrates the programs.
    with ThreadPoolExecutor(max_workers=2) as pool, ThreadPoolExecutor(max_workers=1) as lead:
        baselines = lead.submit(_run_groups, pool, baseline_groups, scratch)
        migrations = {p.name: migrate_source(p.source, options, f"{p.name}.py") for p in programs}
        base_runs = baselines.result()

        # Phase 2: migrated programs grouped by graph mode (graph-tier output switches eager off for the whole
        # interpreter) and Keras flavour (output that sets TF_USE_LEGACY_KERAS must have it set before TensorFlow
        # is imported, as it would be in a process of its own); a resuming program runs again on the baseline's
        # checkpoint.
        mig_groups: dict[tuple[bool, bool], list[dict]] = {}
        for p in programs:
            result = migrations[p.name]
            if result.status is Status.FAILED or result.migrated is None or not base_runs[p.name].ok:
                continue
            key = (bool(GRAPH_MODE.search(result.migrated)), "TF_USE_LEGACY_KERAS" in result.migrated)
            mig_groups.setdefault(key, []).append(_job(p.name, result.migrated, dirs["mig"] / p.name))
            if p.checkpoint == "resume":
                mig_groups[key].append(_job(p.name + "#resume", result.migrated, dirs["mig_resume"] / p.name))
        mig_runs = _run_groups(pool, mig_groups, scratch)

    return {
        p.name: Outcome(
            p,
            migrations[p.name],
            base_runs[p.name],
            mig_runs.get(p.name),
            base_runs.get(p.name + "#resume"),
            mig_runs.get(p.name + "#resume"),
        )
        for p in programs
    }
