"""Shared by the benchmarks: a large offline corpus, timed child runs with their peak memory, tf_upgrade_v2.

Nothing here touches the network: the corpus is the Python source of the installed tensorflow, keras and
tf_keras packages (found through importlib, wherever the environment put them) plus the project's own TF1
fixtures and examples, copied into a temporary directory so nothing installed is ever modified.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("tensorflow", "keras", "tf_keras")
TF_MENTION = re.compile(rb"tensorflow|keras")
CHILD_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": "", "NO_COLOR": "1"}
TFMIGRATE = [sys.executable, "-m", "tfmigrate"]
# The module behind the tf_upgrade_v2 console script (tf_upgrade_v2.py itself only holds the rules).
TF_UPGRADE_V2 = [sys.executable, "-m", "tensorflow.tools.compatibility.tf_upgrade_v2_main"]

# Runs the measured command as its only child, so RUSAGE_CHILDREN is that command's process tree alone
# (the tfmigrate parent and every pool worker it waited for): ru_maxrss is then the largest single process.
# A thread also sums the resident memory of the whole tree from /proc every 50 ms: the peak of that sum is
# what the run needs of the machine at once (workers included).
_MEASURE = r"""
import json, os, resource, subprocess, sys, threading, time
cmd, out_path = json.loads(sys.argv[1]), sys.argv[2]

def tree_rss(root):
    children, rss = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total

peak = [0]
start = time.perf_counter()
with open(out_path, "wb") as out, open(out_path + ".err", "wb") as err:
    proc = subprocess.Popen(cmd, stdout=out, stderr=err)
    done = threading.Event()
    def sample():
        while not done.wait(0.05):
            peak[0] = max(peak[0], tree_rss(proc.pid))
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    done.set()
    sampler.join()
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps({"seconds": seconds, "peak_mib": usage.ru_maxrss / 1024, "tree_peak_mib": peak[0] / 2**20,
                  "code": code, "cpu": cpu}))
"""


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mib: float  # the largest single process
    tree_peak_mib: float  # the whole process tree at its largest moment (sampled)
    cpu: float  # user+system seconds of the whole process tree: what the run costs whatever else is running
    code: int
    output_bytes: int
    stderr: str


@dataclass(frozen=True)
class Corpus:
    root: Path
    files: list[Path]
    lines: int
    tf_lines: int  # lines in files that mention tensorflow or keras: the ones tfmigrate must parse


def package_roots() -> list[Path]:
    roots = []
    for name in PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit(f"benchmark needs the installed {name} package (pip install -e '.[test]')")
        roots.append(Path(next(iter(spec.submodule_search_locations))))
    return roots


def source_files() -> list[tuple[Path, Path]]:
    """(source, relative destination) for every file of the corpus, in a stable order."""
    pairs = []
    for root in package_roots():
        pairs += [(p, Path(root.name) / p.relative_to(root)) for p in sorted(root.rglob("*.py"))]
    for p in sorted((REPO / "tests" / "fixtures").glob("*/*.before.py")) + sorted((REPO / "examples").glob("*.py")):
        pairs.append((p, Path("project_tf1") / p.relative_to(REPO)))
    return pairs


def build_corpus(dest: Path, fraction: float = 1.0, seed: int = 0) -> Corpus:
    """Copy the corpus (or a seeded fraction of its files) under ``dest``."""
    pairs = source_files()
    if fraction < 1.0:
        pairs = sorted(random.Random(seed).sample(pairs, max(1, round(len(pairs) * fraction))), key=lambda p: p[1])
    files, lines, tf_lines = [], 0, 0
    for source, relative in pairs:
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        data = target.read_bytes()
        n = data.count(b"\n")
        lines += n
        tf_lines += n if TF_MENTION.search(data) else 0
        files.append(target)
    return Corpus(dest, files, lines, tf_lines)


def subset(corpus: Corpus, dest: Path, fraction: float, seed: int = 1) -> Corpus:
    chosen = sorted(random.Random(seed).sample(corpus.files, max(1, round(len(corpus.files) * fraction))))
    files, lines, tf_lines = [], 0, 0
    for source in chosen:
        target = dest / source.relative_to(corpus.root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        data = target.read_bytes()
        lines += data.count(b"\n")
        tf_lines += data.count(b"\n") if TF_MENTION.search(data) else 0
        files.append(target)
    return Corpus(dest, files, lines, tf_lines)


def measure(cmd: list[str], out_path: Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> Measured:
    full_env = {**os.environ, **CHILD_ENV, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, json.dumps(cmd), str(out_path)],
        capture_output=True,
        env=full_env,
        cwd=cwd,
        check=True,
    )
    info = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    err = Path(f"{out_path}.err").read_text(errors="replace")
    return Measured(
        info["seconds"],
        info["peak_mib"],
        info["tree_peak_mib"],
        info["cpu"],
        info["code"],
        out_path.stat().st_size,
        err,
    )


def tf_upgrade_v2_files(pairs: list[tuple[Path, Path]], workers: int = 2, timeout: float = 600) -> dict:
    """Run tf_upgrade_v2 once per file (so one bad file cannot abort the rest), ``workers`` at a time.

    Returns the wall time and the files it failed on (non-zero exit, a timeout, or no output written).
    """

    def one(pair: tuple[Path, Path]) -> tuple[Path, str | None]:
        infile, outfile = pair
        outfile.parent.mkdir(parents=True, exist_ok=True)
        report = outfile.with_suffix(".report.txt")
        cmd = [*TF_UPGRADE_V2, "--infile", str(infile), "--outfile", str(outfile), "--reportfile", str(report)]
        try:
            proc = subprocess.run(cmd, capture_output=True, env={**os.environ, **CHILD_ENV}, timeout=timeout)
        except subprocess.TimeoutExpired:
            return infile, "timeout"
        if proc.returncode != 0 or not outfile.exists():
            tail = proc.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
            return infile, tail[0][:160]
        report_lines = report.read_text(errors="replace").splitlines()
        errors = [line for line in report_lines if "ERROR" in line and "Failed to parse" in line]
        return infile, errors[0][:160] if errors else None

    start, before = time.perf_counter(), _children_cpu()
    with ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(one, pairs))
    return {
        "seconds": time.perf_counter() - start,
        "cpu": _children_cpu() - before,
        "failed": {str(p): why for p, why in results if why},
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


_ENGINE = r"""
import json, sys, traceback
from tensorflow.tools.compatibility import ast_edits, tf_upgrade_v2, tf_upgrade_v2_main
spec = tf_upgrade_v2.TFAPIChangeSpec(import_rename=tf_upgrade_v2_main._IMPORT_RENAME_DEFAULT,
                                     upgrade_compat_v1_import=True)
upgrader = ast_edits.ASTCodeUpgrader(spec)
failed = []
for infile, outfile in json.load(open(sys.argv[1])):
    try:
        count, _, errors = upgrader.process_file(infile, outfile)
        if errors and any("Failed to parse" in e for e in errors):
            failed.append(infile)
    except Exception:
        failed.append(infile)
print(json.dumps(failed))
"""


def tf_upgrade_v2_engine(pairs: list[tuple[Path, Path]], work: Path) -> tuple[Measured, list[str]]:
    """tf_upgrade_v2's engine alone: one process, TensorFlow imported once, each file in its own try (its
    --intree mode stops the whole tree at the first file it cannot parse)."""
    for _, outfile in pairs:
        outfile.parent.mkdir(parents=True, exist_ok=True)
    listing = work / "tf_upgrade_v2_engine.json"
    listing.write_text(json.dumps([[str(a), str(b)] for a, b in pairs]))
    m = measure([sys.executable, "-c", _ENGINE, str(listing)], work / "tf_upgrade_v2_engine.out")
    text = (work / "tf_upgrade_v2_engine.out").read_text().strip().splitlines()
    return m, json.loads(text[-1]) if text else ["(no result)"]


def failed_files_from_summary(stderr_text: str) -> list[str]:
    out, inside = [], False
    for line in stderr_text.splitlines():
        if line.startswith("failed (left untouched):"):
            inside = True
            continue
        if inside and line.startswith("  "):
            out.append(line.strip())
        elif inside:
            inside = False
    return out


def rate(lines: int, seconds: float) -> str:
    return f"{lines / seconds:,.0f} lines/s" if seconds > 0 else "n/a"
