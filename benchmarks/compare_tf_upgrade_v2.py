"""tfmigrate against tf_upgrade_v2 on the same TF1 code: speed, failures, and references that do not resolve.

    python benchmarks/compare_tf_upgrade_v2.py              # the project's TF1 fixtures and examples
    python benchmarks/compare_tf_upgrade_v2.py path/to/repo # any tree of your own

Both tools rewrite a private copy of the input (nothing given is modified). tf_upgrade_v2 runs once per file,
two at a time, so one bad file cannot abort it; tfmigrate runs with two worker processes. Then every
``tf.`` reference and ``tensorflow`` import in each output is resolved against the installed TensorFlow
(tfmigrate.refcheck, in a child process): a reference that does not resolve is code that fails on
TensorFlow 2.21 as soon as it runs.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, TFMIGRATE, failed_files_from_summary, measure, tf_upgrade_v2_files  # noqa: E402

from tfmigrate.refcheck import check_sources  # noqa: E402


def default_inputs(dest: Path) -> Path:
    for p in sorted((REPO / "tests" / "fixtures").glob("*/*.before.py")) + sorted((REPO / "examples").glob("*.py")):
        target = dest / p.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(p, target)
    return dest


def unresolved(root: Path) -> tuple[int, collections.Counter]:
    files = sorted(p for p in root.rglob("*.py") if not p.name.endswith(".report.py"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
    counts: collections.Counter = collections.Counter()
    for refs in check_sources(texts):
        counts.update(ref.name for ref in refs)
    return sum(counts.values()), counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", help="a tree of TF1 code (default: the project's fixtures)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show", type=int, default=8, help="unresolved names to list per tool")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="tfmigrate-compare-"))
    try:
        source = Path(args.path) if args.path else default_inputs(work / "input")
        ours_root, theirs_root = work / "tfmigrate", work / "tf_upgrade_v2"
        shutil.copytree(source, ours_root, symlinks=True)
        files = sorted(p for p in source.rglob("*.py"))
        lines = sum(p.read_bytes().count(b"\n") for p in files)
        print(f"input: {source} ({len(files)} files, {lines:,} lines)")

        ours = measure([*TFMIGRATE, "--no-cache", "-q", "-j", str(args.jobs), str(ours_root)], work / "ours.out")
        ours_failed = failed_files_from_summary(
            measure([*TFMIGRATE, "--no-cache", "--check", str(ours_root)], work / "again.out").stderr
        )
        pairs = [(p, theirs_root / p.relative_to(source)) for p in files]
        theirs = tf_upgrade_v2_files(pairs, workers=args.jobs)

        print(f"tfmigrate      {ours.seconds:8.1f} s   failed on {len(ours_failed)} file(s)")
        for item in ours_failed[:10]:
            print(f"    {item}")
        print(f"tf_upgrade_v2  {theirs['seconds']:8.1f} s   failed on {len(theirs['failed'])} file(s)")
        for name, why in list(theirs["failed"].items())[:10]:
            print(f"    {Path(name).relative_to(source)}: {why}")
        print(f"ratio: tfmigrate is {theirs['seconds'] / ours.seconds:.1f}x faster")

        for label, root in (("tfmigrate", ours_root), ("tf_upgrade_v2", theirs_root)):
            total, counts = unresolved(root)
            print(
                f"{label}: {total} tf. reference(s) in its output do not resolve in the installed TensorFlow "
                f"({len(counts)} distinct)"
            )
            for name, n in counts.most_common(args.show):
                print(f"    {n:4d}  {name}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
