"""How fast is tfmigrate on a large tree, against tf_upgrade_v2 on the same files? Prints figures; asserts nothing.

    python benchmarks/bench_large_tree.py                 # the whole corpus (about a million lines)
    python benchmarks/bench_large_tree.py --fraction 0.1  # a seeded tenth of its files, for a quicker look

The corpus is the Python source of the installed tensorflow, keras and tf_keras packages plus the project's
TF1 fixtures, copied to a temporary directory (no network). Measured in one run:

* tfmigrate --diff cold (--no-cache): seconds, lines/s, peak memory (ru_maxrss over the run's process tree,
  i.e. the largest single process: the pool's workers are separate processes);
* the same run filling the cache, then the warm re-run over the unchanged tree;
* tf_upgrade_v2, one process per file (as it must be run so one bad file does not abort the rest), on a
  fixed-seed sample of files with the same 2 workers; tfmigrate is timed on exactly that sample too, and the
  whole-corpus time of tf_upgrade_v2 is extrapolated from the sample (the sample size is printed);
* tfmigrate cold on 10/25/50% of the corpus files, to show cost grows linearly with the lines it parses.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    TFMIGRATE,
    build_corpus,
    measure,
    rate,
    subset,
    tf_upgrade_v2_files,
    tf_upgrade_v2_tree,
)


def tfmigrate_run(root: Path, work: Path, name: str, jobs: int, cache: Path | None):
    cmd = [*TFMIGRATE, "--diff", "-j", str(jobs), "--color", "never", str(root)]
    env = {"TFMIGRATE_CACHE_DIR": str(cache)} if cache else {}
    if cache is None:
        cmd.insert(len(TFMIGRATE), "--no-cache")
    return measure(cmd, work / f"{name}.diff", env=env)


def line(label: str, m, lines: int) -> str:
    return (f"{label:<38} {m.seconds:8.1f} s wall {m.cpu:8.1f} s cpu  {rate(lines, m.seconds):>16}"
            f"  peak {m.peak_mib:6.0f} MiB  exit {m.code}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fraction", type=float, default=1.0, help="share of the corpus files to use (seeded)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sample", type=int, default=40, help="files in the tf_upgrade_v2 sample")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-scaling", action="store_true", help="skip the 10/25/50%% runs")
    parser.add_argument("--no-tf-upgrade-v2", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="tfmigrate-bench-"))
    try:
        corpus = build_corpus(work / "corpus", args.fraction, args.seed)
        print(f"corpus: {len(corpus.files):,} files, {corpus.lines:,} lines, "
              f"{corpus.tf_lines:,} in files mentioning tensorflow/keras (fraction {args.fraction:g}, "
              f"jobs {args.jobs})")

        cold = tfmigrate_run(corpus.root, work, "cold", args.jobs, None)
        print(line("tfmigrate --diff cold, no cache", cold, corpus.lines))
        fill = tfmigrate_run(corpus.root, work, "fill", args.jobs, work / "cache")
        print(line("tfmigrate --diff cold, filling cache", fill, corpus.lines))
        warm = tfmigrate_run(corpus.root, work, "warm", args.jobs, work / "cache")
        print(line("tfmigrate --diff warm re-run", warm, corpus.lines))
        same = (work / "fill.diff").read_bytes() == (work / "warm.diff").read_bytes()
        print(f"warm output identical to cold: {same}; diff size {warm.output_bytes:,} bytes")

        if not args.no_tf_upgrade_v2:
            compare_with_tf_upgrade_v2(corpus, work, args, cold)

        if not args.no_scaling:
            print("scaling (cold, no cache):")
            for share in (0.10, 0.25, 0.50):
                part = subset(corpus, work / f"part{int(share * 100)}", share, args.seed)
                m = tfmigrate_run(part.root, work, f"part{int(share * 100)}", args.jobs, None)
                per_k = m.seconds / max(1, part.tf_lines) * 1000
                print(f"  {share:4.0%}: {len(part.files):6,} files {part.lines:9,} lines {part.tf_lines:9,} TF lines"
                      f"  {m.seconds:8.1f} s  {per_k:6.2f} s per 1k TF lines  peak {m.peak_mib:5.0f} MiB")
            per_k = cold.seconds / max(1, corpus.tf_lines) * 1000
            print(f"  100%: {len(corpus.files):6,} files {corpus.lines:9,} lines {corpus.tf_lines:9,} TF lines"
                  f"  {cold.seconds:8.1f} s  {per_k:6.2f} s per 1k TF lines  peak {cold.peak_mib:5.0f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def compare_with_tf_upgrade_v2(corpus, work: Path, args, cold) -> None:
    sample = sorted(random.Random(args.seed).sample(corpus.files, min(args.sample, len(corpus.files))))
    sample_root = work / "sample"
    pairs = []
    for source in sample:
        target = sample_root / source.relative_to(corpus.root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        pairs.append((target, work / "tf_upgrade_v2_out" / source.relative_to(corpus.root)))
    sample_lines = sum(p.read_bytes().count(b"\n") for p in sample)
    ours = tfmigrate_run(sample_root, work, "sample", args.jobs, None)
    ours_one = tfmigrate_run(sample_root, work, "sample1", 1, None)
    theirs = tf_upgrade_v2_files(pairs, workers=args.jobs)
    tree = tf_upgrade_v2_tree(sample_root, work / "tf_upgrade_v2_tree")
    per_file = theirs["seconds"] / len(pairs)
    extrapolated = per_file * len(corpus.files)
    print(f"sample for tf_upgrade_v2: {len(pairs)} files, {sample_lines:,} lines (seed {args.seed}), "
          f"{args.jobs} parallel processes each side")
    print(f"  tf_upgrade_v2 (one process per file)  {theirs['seconds']:9.1f} s  {rate(sample_lines, theirs['seconds'])}"
          f"  failed on {len(theirs['failed'])}")
    print(f"  tfmigrate --diff --no-cache           {ours.seconds:9.1f} s  {rate(sample_lines, ours.seconds)}")
    print(f"  ratio on the sample: tfmigrate is {theirs['seconds'] / ours.seconds:.1f}x faster")
    print(f"  engine alone, one process each: tf_upgrade_v2 --intree {tree['seconds']:.1f} s "
          f"(failed on {len(tree['failed'])}), tfmigrate -j 1 {ours_one.seconds:.1f} s: "
          f"{tree['seconds'] / ours_one.seconds:.2f}x")
    print(f"  tf_upgrade_v2 extrapolated to the corpus: {extrapolated:,.0f} s "
          f"(= {per_file:.2f} s per file x {len(corpus.files):,} files); "
          f"tfmigrate measured {cold.seconds:,.0f} s: {extrapolated / cold.seconds:.1f}x faster")


if __name__ == "__main__":
    raise SystemExit(main())
