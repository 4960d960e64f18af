"""How much CPU does a migrated train step save when its fed Python lists become tensors? Prints figures; asserts
nothing.

The figure behind the CHANGELOG's "program code 1.6-3.2x faster for fed lists" (session/traced_arguments.py): a
TF1 loop feeding module-level lists (``sess.run(train, feed_dict={X: x_data, Y: y_data})``, hunkim's labs) becomes
a ``@tf.function`` step that the migrated program now calls as ``train(tf.constant(x_data, tf.float32), ...)``;
before, it passed the lists as written, which ``tf.function`` walks element by element at every call. Each program
of tests/programs whose migration passes such constants is run three ways, each in a process of its own:

- ``TF1``: the baseline (``tf.compat.v1`` + ``disable_v2_behavior``), as tests/session_harness.py runs it;
- ``lists``: the migrated program with each ``tf.constant(<list>, <dtype>)`` it wrote put back to ``<list>``;
- ``tensors``: the migrated program as tfmigrate writes it.

The figure is the CPU-seconds (user + system, all threads) of the program's own code: measured after TensorFlow is
imported, so start-up is left out; the median of ``--repeat`` runs. CPU, not wall time: the machine may be shared.

    python benchmarks/fed_lists.py                       # hunkim's labs that feed lists
    python benchmarks/fed_lists.py --all                 # every program whose migration passes fed lists as tensors
    python benchmarks/fed_lists.py hunkim_lab05_1_logistic_regression --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from _common import CHILD_ENV  # noqa: E402
from session_harness import Program, load_programs  # noqa: E402

from tfmigrate.api import migrate_source  # noqa: E402
from tfmigrate.config import Options  # noqa: E402

LABS = [
    "hunkim_lab02_3_tensorflow_org",
    "hunkim_lab04_2_matrix",
    "hunkim_lab05_1_logistic_regression",
    "hunkim_lab06_1_softmax_classifier",
]
# What traced_arguments.py writes for a fed list: ``tf.constant(x_data, tf.float32)``, ``tf.constant([1, 2], "float")``.
CONSTANT = re.compile(r"""tf\.constant\(([A-Za-z_]\w*|\[[^()]*?\]), ((?:tf|np)\.\w+|"\w+"|'\w+')\)""")
# Runs one program in this process after importing TensorFlow and prints the CPU its own code took, last.
_RUN = r"""
import json, os, resource, sys
source = open(sys.argv[1]).read()
import tensorflow
if sys.argv[2] == "graph":
    tensorflow.compat.v1.disable_v2_behavior()
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
path, mode = sys.argv[1:]
sys.argv = [path]
start = cpu()
exec(compile(source, path, "exec"), {"__name__": "__main__"})
sys.stdout.flush()
print(json.dumps({"cpu": cpu() - start}))
"""


def variants(program: Program) -> dict[str, tuple[str, str]] | None:
    """name -> (source, mode) of the three runs, or None when the migration passes no fed list as a tensor."""
    migrated = migrate_source(program.source, Options(), f"{program.name}.py").migrated or ""
    written = [m for m in CONSTANT.finditer(migrated) if m.group(0) not in program.source]
    if not written:
        return None
    lists = CONSTANT.sub(lambda m: m.group(1) if m.group(0) not in program.source else m.group(0), migrated)
    return {
        "TF1": (program.baseline_source, "graph"),
        "lists": (lists, "eager"),
        "tensors": (migrated, "eager"),
    }


def cpu_of(source: str, mode: str, work: Path) -> float:
    path = work / "program.py"
    path.write_text(source, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _RUN, str(path), mode],
        capture_output=True,
        text=True,
        cwd=work,
        env={**os.environ, **CHILD_ENV, "PYTHONPATH": str(REPO)},
        timeout=900,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{mode} run failed:\n{done.stderr[-2000:]}")
    return float(json.loads(done.stdout.strip().splitlines()[-1])["cpu"])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("programs", nargs="*", help="names in tests/programs (default: hunkim's labs)")
    parser.add_argument("--all", action="store_true", help="every program whose migration passes fed lists")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    programs = load_programs(None if args.all else args.programs or LABS)
    print(f"CPU-s of each program's own code (TensorFlow's import left out), median of {args.repeat}")
    print(f"{'program':42} {'TF1':>7} {'lists':>7} {'tensors':>7} {'lists/tensors':>14} {'tensors/TF1':>12}")
    ratios = []
    for program in programs:
        runs = variants(program)
        if runs is None:
            if not args.all:
                print(f"{program.name:42} (its migration passes no fed list as a tensor)")
            continue
        cpu = {}
        for name, (source, mode) in runs.items():
            with tempfile.TemporaryDirectory(prefix="fed_lists_") as work:
                cpu[name] = statistics.median(cpu_of(source, mode, Path(work)) for _ in range(args.repeat))
        ratios.append(cpu["lists"] / cpu["tensors"])
        print(
            f"{program.name:42} {cpu['TF1']:7.2f} {cpu['lists']:7.2f} {cpu['tensors']:7.2f} "
            f"{ratios[-1]:13.1f}x {cpu['tensors'] / cpu['TF1']:11.1f}x"
        )
    if ratios:
        print(f"lists/tensors: {min(ratios):.1f}x to {max(ratios):.1f}x over {len(ratios)} programs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
