"""CPU-seconds of migrating tools/migrate_corpus.py's corpus with two tfmigrate trees, side by side in one run.

    python benchmarks/corpus_side_by_side.py --baseline /path/to/other/checkout
    python benchmarks/corpus_side_by_side.py --baseline /path/to/other/checkout --files 20
    python benchmarks/corpus_side_by_side.py --baseline /path/to/other/checkout --rule TFM201 --under tests/fixtures/TFM201

The machine is shared, so two runs one after the other see different loads. Here two worker processes (the
baseline's tfmigrate and this checkout's) migrate each file in turn, the first of the pair alternating, and each
times its own CPU per file (``time.process_time``, start-up left out): a change of load falls on both. Also counts
the files whose output (text, error, changes, follow-ups) differs. With ``--rule``, also each tree's CPU inside that
rule's ``transform_module`` and its share of the tree's total; with ``--under``, only the corpus files under that
folder of this checkout. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

from migrate_corpus import inputs  # noqa: E402

WORKER = """
import hashlib, sys, time
from tfmigrate.api import migrate_source
from tfmigrate.config import Options
from tfmigrate.transforms import by_code
in_rule = [0.0]
if sys.argv[1]:
    rule = by_code()[sys.argv[1]]
    inner = rule.transform_module
    def timed(self, tree):
        start = time.process_time()
        try:
            return inner(self, tree)
        finally:
            in_rule[0] += time.process_time() - start
    rule.transform_module = timed
for line in sys.stdin:
    path, name = line.rstrip("\\n").split("\\t")
    text = open(path, encoding="utf-8").read()
    in_rule[0] = 0.0
    start = time.process_time()
    result = migrate_source(text, Options(), name)
    spent = time.process_time() - start
    lines = [result.migrated or "", repr(result.error)]
    lines += [f"{c.line} {c.code} {c.message}" for c in result.changes]
    lines += [f"{f.line} {f.code} {f.message}" for f in result.followups]
    print(f"{spent:.6f}\\t{in_rule[0]:.6f}\\t{hashlib.sha1(chr(10).join(lines).encode()).hexdigest()}", flush=True)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, required=True, help="a checkout whose tfmigrate is compared")
    parser.add_argument("--files", type=int, help="only the first N files of the corpus (a quick look)")
    parser.add_argument("--under", type=Path, help="only the corpus files under this folder of the checkout")
    parser.add_argument("--rule", default="", help="a rule's code (TFM201): its CPU and share in each tree too")
    args = parser.parse_args()
    trees = {"baseline": args.baseline.resolve(), "this tree": REPO}
    workers = {
        name: subprocess.Popen(
            [sys.executable, "-P", "-c", WORKER, args.rule],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ, PYTHONPATH=str(root)),
        )
        for name, root in trees.items()
    }
    totals = dict.fromkeys(trees, 0.0)
    in_rule = dict.fromkeys(trees, 0.0)
    differ = 0
    under = (REPO / args.under).resolve() if args.under else REPO
    paths = [p for p in inputs(REPO) if p.resolve().is_relative_to(under)][: args.files]
    for index, path in enumerate(paths):
        order = list(trees) if index % 2 == 0 else list(reversed(trees))
        digests = set()
        for name in order:
            worker = workers[name]
            assert worker.stdin is not None and worker.stdout is not None
            worker.stdin.write(f"{path}\t{path.relative_to(REPO)}\n")
            worker.stdin.flush()
            spent, ruled, digest = worker.stdout.readline().split("\t")
            totals[name] += float(spent)
            in_rule[name] += float(ruled)
            digests.add(digest)
        differ += len(digests) > 1
    for worker in workers.values():
        assert worker.stdin is not None
        worker.stdin.close()
        worker.wait()
    base, mine = totals["baseline"], totals["this tree"]
    print(f"{len(paths)} files, CPU-s migrating: baseline {base:.1f}, this tree {mine:.1f} ({mine / base:.3f}x)")
    if args.rule:
        for name in trees:
            share = in_rule[name] / totals[name] if totals[name] else 0.0
            print(f"{name}: {in_rule[name]:.1f} CPU-s in {args.rule} ({share:.1%} of its total)")
    print(f"files whose output differs: {differ}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
