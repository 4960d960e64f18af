"""How many of the own set's programs that train with ``tf.train.AdamOptimizer`` print, once migrated, exactly the
numbers their TF1 baseline printed (every printed number equal as printed, not only within the suite's
tolerance)? Prints figures; asserts nothing.

The figure behind the CHANGELOG's "Of the own set's ... Adam programs, ... now print TF1's numbers bit for bit":
the programs of tests/programs whose code (not a comment) calls ``AdamOptimizer(``, evaluated as
benchmarks/session_free_share.py evaluates them (tests/session_harness.py). ``--against REV`` migrates the same
programs with the ``tfmigrate`` package of git revision REV too (the baselines run once, for both, kept in
``$TFMIGRATE_BASELINE_CACHE`` when it names a folder); an unseeded program cannot print the same draws, so it counts
as not exact on any tree. A few minutes of TensorFlow work per tree.

    python benchmarks/adam_exact.py
    python benchmarks/adam_exact.py --against 56756a0~1     # before TF1Adam
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO  # noqa: E402
from migration_cpu import extract  # noqa: E402

ADAM = re.compile(r"^[^#\n]*AdamOptimizer\(", re.M)

# Run with the tree under test first on the path: the harness migrates in process with whatever tfmigrate it imports.
_CHILD = r"""
import json, sys
tree, repo, names = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
sys.path[:0] = [tree, repo + "/tests"]
import numpy as np
import session_harness as h
rows = {}
for name, o in h.evaluate(h.load_programs(names)).items():
    want, got = h.numbers(o.baseline.stdout), h.numbers(o.migrated.stdout if o.migrated else "")
    exact = o.baseline.ok and o.runs and want.size > 0 and want.shape == got.shape and np.array_equal(want, got)
    rows[name] = {"baseline": o.baseline.ok, "runs": o.runs, "session_free": o.session_free,
                  "same_numbers": o.baseline.ok and o.same_numbers, "exact": bool(exact)}
print(json.dumps(rows))
"""


def adam_programs() -> list[str]:
    return sorted(p.stem for p in (REPO / "tests" / "programs").glob("*.py") if ADAM.search(p.read_text()))


def evaluate(tree: Path, names: list[str], cache: Path) -> dict[str, dict]:
    env = {**os.environ, "TFMIGRATE_BASELINE_CACHE": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tree), str(REPO), json.dumps(names)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", help="a git revision whose tfmigrate migrates the same programs too")
    parser.add_argument("programs", nargs="*", help="program names (default: every Adam program)")
    args = parser.parse_args(argv)
    names = args.programs or adam_programs()
    print(f"{len(names)} programs of tests/programs call AdamOptimizer(", flush=True)
    with tempfile.TemporaryDirectory(prefix="adam_exact_") as scratch:
        kept = os.environ.get("TFMIGRATE_BASELINE_CACHE", "").strip()
        cache = Path(kept) if kept not in ("", "off") else Path(scratch) / "baselines"
        trees = [("this tree", REPO)]
        if args.against:
            trees.append((args.against, extract(args.against, Path(scratch) / "against")))
        for label, tree in trees:
            rows = evaluate(tree, names, cache)
            ran = [r for r in rows.values() if r["baseline"]]
            free = [r for r in ran if r["runs"] and r["session_free"]]
            print(
                f"{label}: baselines run {len(ran)}; session-free {len(free)}, of which with the baseline's numbers "
                f"{sum(r['same_numbers'] for r in free)}; printing exactly the baseline's numbers "
                f"{sum(r['exact'] for r in ran)} of {len(ran)} ({sum(r['exact'] for r in free)} of the session-free)"
            )
            print("  exact: " + " ".join(sorted(n for n, r in rows.items() if r["exact"])), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
