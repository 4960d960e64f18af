"""How many CPU-seconds does tfmigrate take to migrate every Session program it is tested on, in one process?
Prints figures; asserts nothing.

The figure behind the CHANGELOG's "about half on Session programs (... in one process: 123.7 -> 58.3 CPU-s)": the
programs of tests/programs, the TFM201 and ALL fixtures' ``.before.py`` files and examples/, each migrated through
``tfmigrate.api.migrate_source`` with default options in one child process (so start-up is counted once, and the
per-file work is what the figure shows). ``--against REV`` runs the ``tfmigrate`` package of git revision ``REV``
on the same files, and says whether the two give the same output (migrated text, error and report lines) per file.

    python benchmarks/session_programs_cpu.py
    python benchmarks/session_programs_cpu.py --against HEAD~5 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import CHILD_ENV, REPO  # noqa: E402
from migration_cpu import extract  # noqa: E402

_RUN = r"""
import json, resource, sys
from tfmigrate.api import migrate_source
from tfmigrate.config import Options
paths, out = json.loads(sys.argv[1]), sys.argv[2]
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
start, results = cpu(), {}
for path in paths:
    r = migrate_source(open(path, encoding="utf-8").read(), Options(), path)
    results[path] = [r.migrated, r.error, [(f.line, f.code, f.message) for f in r.followups]]
spent = cpu() - start
json.dump(results, open(out, "w"))
print(json.dumps({"cpu": spent}))
"""


def files() -> list[Path]:
    tests = REPO / "tests"
    found = sorted((tests / "programs").glob("*.py"))
    for folder in ("TFM201", "ALL"):
        found += sorted((tests / "fixtures" / folder).glob("*.before.py"))
    return found + sorted((REPO / "examples").glob("*.py"))


def run(tree: Path, paths: list[Path], out: Path) -> tuple[float, dict]:
    done = subprocess.run(
        [sys.executable, "-c", _RUN, json.dumps([str(p) for p in paths]), str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, **CHILD_ENV, "PYTHONPATH": str(tree)},
        check=True,
    )
    return float(json.loads(done.stdout.strip().splitlines()[-1])["cpu"]), json.loads(out.read_text())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", help="a git revision whose tfmigrate runs on the same files, beside this tree's")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    paths = files()
    print(f"{len(paths)} files: tests/programs, the TFM201 and ALL fixtures, examples (start-up left out)")
    with tempfile.TemporaryDirectory(prefix="session_programs_cpu_") as scratch:
        trees = {"this tree": REPO}
        if args.against:
            trees[args.against] = extract(args.against, Path(scratch) / "against")
        outputs = {}
        for label, tree in trees.items():
            figures = []
            for index in range(args.repeat):
                cpu, outputs[label] = run(tree, paths, Path(scratch) / f"{len(outputs)}_{index}.json")
                figures.append(cpu)
            print(f"{label:>12}: {statistics.median(figures):7.1f} CPU-s (median of {args.repeat})")
        if args.against:
            ours, theirs = outputs["this tree"], outputs[args.against]
            differ = [Path(p).name for p in ours if ours[p] != theirs.get(p)]
            print(
                f"output differs in {len(differ)} of {len(paths)} files" + (f": {', '.join(differ)}" if differ else "")
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
