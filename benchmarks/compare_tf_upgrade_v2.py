"""tfmigrate against ``tf_upgrade_v2 --intree`` on the same tree, side by side in one run. Prints figures only.

    python benchmarks/compare_tf_upgrade_v2.py path/to/tree        # any tree of TF1 code
    python benchmarks/compare_tf_upgrade_v2.py --corpus 0.1        # a seeded tenth of the bench_large_tree corpus
    python benchmarks/compare_tf_upgrade_v2.py --corpus 0.1 --baseline /tmp/tfmigrate-old   # and an older checkout
    python benchmarks/compare_tf_upgrade_v2.py                     # the project's TF1 fixtures and examples

The input is copied once; both tools read that copy. ``tf_upgrade_v2 --intree COPY --outtree OUT`` runs ONCE,
one process for the whole tree (TensorFlow imported once), as its users run it on a tree. tfmigrate runs as
``--diff --no-cache -j N`` on the same copy (it writes nothing). The wall and CPU seconds (the whole process tree,
workers included) and the ratios are printed; CPU seconds are the figure to trust on a shared machine.
``--baseline DIR`` also times the tfmigrate package found in DIR (a checkout from before a change) on the same
copy, so before/after and the peer come from one run. ``--big-file N`` times one generated N-line TF1 file
(the project's fixtures concatenated) with its peak memory. ``--refs`` resolves every ``tf.`` reference of
both outputs against the installed TensorFlow (tfmigrate.refcheck): a reference that does not resolve is code
that fails on TensorFlow 2.21 as soon as it runs.
"""

from __future__ import annotations

import argparse
import ast
import collections
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, TF_MENTION, build_corpus, failed_files_from_summary, measure, rate  # noqa: E402

TF_UPGRADE_V2 = [sys.executable, "-m", "tensorflow.tools.compatibility.tf_upgrade_v2_main"]


def default_inputs(dest: Path) -> Path:
    for p in sorted((REPO / "tests" / "fixtures").glob("*/*.before.py")) + sorted((REPO / "examples").glob("*.py")):
        target = dest / p.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(p, target)
    return dest


def big_file(dest: Path, lines: int) -> Path:
    """One TF1 file of about ``lines`` lines: the fixtures' inputs that parse, concatenated."""
    fixtures = sorted((REPO / "tests" / "fixtures").glob("TFM[12]*/*.before.py"))
    parts, n = [], 0
    while n < lines:
        for p in fixtures:
            text = p.read_text(encoding="utf-8")
            if "skip-file" in text or "@generated" in text:
                continue
            try:
                ast.parse(text)
            except SyntaxError:
                continue
            parts.append(text if text.endswith("\n") else text + "\n")
            n += parts[-1].count("\n")
            if n >= lines:
                break
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text("".join(parts), encoding="utf-8")
    return dest


def tfmigrate_cmd(jobs: int, target: Path) -> list[str]:
    return [sys.executable, "-m", "tfmigrate", "--diff", "--no-cache", "-j", str(jobs), "--color", "never", str(target)]


def unresolved(root: Path) -> tuple[int, collections.Counter]:
    from tfmigrate.refcheck import check_sources

    files = sorted(p for p in root.rglob("*.py") if not p.name.endswith(".report.py"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
    counts: collections.Counter = collections.Counter()
    for refs in check_sources(texts):
        counts.update(ref.name for ref in refs)
    return sum(counts.values()), counts


def row(label: str, m, lines: int) -> str:
    return (
        f"  {label:<40} {m.seconds:8.1f} s wall {m.cpu:8.1f} s cpu {rate(lines, m.seconds):>18}"
        f"  peak {m.tree_peak_mib:6.0f} MiB  exit {m.code}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", help="a tree of TF1 code (default: the project's fixtures)")
    parser.add_argument("--corpus", type=float, help="use this seeded share of the bench_large_tree corpus")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--baseline", type=Path, help="a directory holding an older tfmigrate package to time too")
    parser.add_argument("--big-file", type=int, default=0, metavar="LINES", help="also time one file this long")
    parser.add_argument("--refs", action="store_true", help="check the references both outputs leave")
    parser.add_argument("--show", type=int, default=8, help="unresolved names to list per tool")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="tfmigrate-compare-"))
    try:
        if args.corpus:
            source = build_corpus(work / "input", args.corpus, args.seed).root
        elif args.path:
            source = work / "input"
            shutil.copytree(args.path, source, symlinks=True)
        else:
            source = default_inputs(work / "input")
        files = sorted(p for p in source.rglob("*.py") if p.is_file())
        data = [p.read_bytes() for p in files]
        lines = sum(d.count(b"\n") for d in data)
        tf_lines = sum(d.count(b"\n") for d in data if TF_MENTION.search(d))
        print(
            f"input: {len(files):,} files, {lines:,} lines, {tf_lines:,} in files mentioning tensorflow/keras"
            f" ({args.path or (f'corpus share {args.corpus:g}, seed {args.seed}' if args.corpus else 'fixtures')});"
            f" {os.cpu_count()} cores",
            flush=True,
        )

        theirs_out = work / "tf_upgrade_v2_out"
        peer = [*TF_UPGRADE_V2, "--intree", str(source), "--outtree", str(theirs_out)]
        peer += ["--reportfile", str(work / "tf_upgrade_v2_report.txt")]
        print("  tf_upgrade_v2: `tf_upgrade_v2 --intree COPY --outtree OUT --reportfile R`, one process, run once")
        print(f"  tfmigrate:     `tfmigrate --diff --no-cache -j {args.jobs} COPY`")
        theirs = measure(peer, work / "theirs.out", cwd=work)
        print(row("tf_upgrade_v2 --intree", theirs, lines), flush=True)
        if theirs.code:
            # --intree stops the whole tree at the first file pasta cannot annotate: say how much it did.
            tail = theirs.stderr.strip().splitlines()[-1:] or ["no message"]
            done = [p for p in theirs_out.rglob("*.py") if p.is_file()] if theirs_out.exists() else []
            done_lines = sum(p.read_bytes().count(b"\n") for p in done)
            print(
                f"    tf_upgrade_v2 stopped early (exit {theirs.code}) after writing {len(done)} of {len(files)} files"
                f" ({done_lines:,} lines): {tail[0][:200]}",
                flush=True,
            )
        ours = measure(tfmigrate_cmd(args.jobs, source), work / "ours.diff", cwd=work)
        ours_failed = failed_files_from_summary(ours.stderr)
        print(row(f"tfmigrate -j {args.jobs}", ours, lines) + f"  failed on {len(ours_failed)} file(s)", flush=True)
        print(
            f"  ratio: tfmigrate is {theirs.seconds / ours.seconds:.2f}x faster in wall time and uses "
            f"{ours.cpu / theirs.cpu:.2f}x the CPU of tf_upgrade_v2 --intree ({theirs.cpu / ours.cpu:.2f}x less)",
            flush=True,
        )
        if args.baseline:
            env = {"PYTHONPATH": str(args.baseline.resolve())}
            base = measure(tfmigrate_cmd(args.jobs, source), work / "base.diff", env=env, cwd=work)
            same = (work / "base.diff").read_bytes() == (work / "ours.diff").read_bytes()
            print(row(f"baseline tfmigrate -j {args.jobs}", base, lines), flush=True)
            print(
                f"  baseline: {args.baseline}; tfmigrate now takes {ours.seconds / base.seconds:.2f}x its wall time and "
                f"{ours.cpu / base.cpu:.2f}x its CPU; diff output identical: {same}; against tf_upgrade_v2 --intree "
                f"the baseline was {theirs.seconds / base.seconds:.2f}x faster in wall time",
                flush=True,
            )

        if args.big_file:
            one = big_file(work / "big" / "tf1_big.py", args.big_file)
            n = one.read_bytes().count(b"\n")
            m = measure(tfmigrate_cmd(1, one), work / "big.diff", cwd=work)
            print(row(f"tfmigrate, one {n:,}-line file", m, n), flush=True)
            if args.baseline:
                b = measure(tfmigrate_cmd(1, one), work / "big_base.diff", env=env, cwd=work)
                same = (work / "big_base.diff").read_bytes() == (work / "big.diff").read_bytes()
                print(row(f"baseline, one {n:,}-line file", b, n) + f"  same diff: {same}", flush=True)

        if args.refs:
            ours_out = work / "tfmigrate_out"
            shutil.copytree(source, ours_out, symlinks=True)
            measure([sys.executable, "-m", "tfmigrate", "--no-cache", "-q", str(ours_out)], work / "write.out")
            for label, root in (("tfmigrate", ours_out), ("tf_upgrade_v2", theirs_out)):
                total, counts = unresolved(root)
                print(
                    f"{label}: {total} tf. reference(s) in its output do not resolve in the installed TensorFlow "
                    f"({len(counts)} distinct)"
                )
                for name, count in counts.most_common(args.show):
                    print(f"    {count:4d}  {name}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
