"""How fast is tfmigrate on a large tree, against tf_upgrade_v2 on the same files? Prints figures; asserts nothing.

    python benchmarks/bench_large_tree.py                 # the whole corpus (about 1.2 million lines)
    python benchmarks/bench_large_tree.py --fraction 0.1  # a seeded tenth of its files, for a quicker look

The corpus is the Python source of the installed tensorflow, keras and tf_keras packages plus the project's
TF1 fixtures, copied to a temporary directory (no network). Measured in one run, on the same machine:

* tfmigrate --diff cold (a first run, empty cache directory): wall and CPU seconds, lines/s, peak memory of
  the largest process and of the whole process tree (parent + workers) at its largest moment;
* the warm re-run over the unchanged tree, and whether its output is byte-identical;
* tf_upgrade_v2, one process per file (so one bad file cannot abort the rest; it imports TensorFlow each time,
  as a user running it per file pays too), on a fixed-seed sample of the corpus files with the same 2 workers,
  and tfmigrate (--no-cache) on exactly that sample: the ratio of the two, and tf_upgrade_v2's per-file time
  extrapolated to the whole corpus against tfmigrate's measured cold run. Running tf_upgrade_v2 per file over
  all ~3,500 files would take about two hours here, hence the sample (its size is printed);
* both engines alone, one process each over the sample: tf_upgrade_v2's ASTCodeUpgrader called per file in
  one process (TensorFlow imported once; its --intree mode stops at the first file it cannot parse) against
  tfmigrate -j 1;
* tfmigrate cold on 10/25/50% of the corpus files, to show cost grows linearly with the lines it parses.

CPU seconds are the figure to trust on a shared machine: they do not grow when other work steals the cores.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    TFMIGRATE,
    build_corpus,
    failed_files_from_summary,
    measure,
    rate,
    subset,
    tf_upgrade_v2_engine,
    tf_upgrade_v2_files,
)


def tfmigrate_run(root: Path, work: Path, name: str, jobs: int, cache: Path | None):
    cmd = [*TFMIGRATE, "--diff", "-j", str(jobs), "--color", "never", str(root)]
    env = {"TFMIGRATE_CACHE_DIR": str(cache)} if cache else {}
    if cache is None:
        cmd.insert(len(TFMIGRATE), "--no-cache")
    return measure(cmd, work / f"{name}.diff", env=env)


def line(label: str, m, lines: int) -> str:
    return (
        f"{label:<34} {m.seconds:8.1f} s wall {m.cpu:8.1f} s cpu {rate(lines, m.seconds):>17}"
        f"  peak {m.peak_mib:5.0f} MiB/process {m.tree_peak_mib:5.0f} MiB/tree  exit {m.code}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fraction", type=float, default=1.0, help="share of the corpus files to use (seeded)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sample", type=int, default=200, help="files in the tf_upgrade_v2 sample")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-scaling", action="store_true", help="skip the 10/25/50%% runs")
    parser.add_argument("--no-tf-upgrade-v2", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="tfmigrate-bench-"))
    try:
        corpus = build_corpus(work / "corpus", args.fraction, args.seed)
        print(
            f"corpus: {len(corpus.files):,} files, {corpus.lines:,} lines, "
            f"{corpus.tf_lines:,} in files mentioning tensorflow/keras (fraction {args.fraction:g}, "
            f"jobs {args.jobs}, {os.cpu_count()} cores)",
            flush=True,
        )

        cold = tfmigrate_run(corpus.root, work, "cold", args.jobs, work / "cache")
        print(line("tfmigrate --diff cold", cold, corpus.lines), flush=True)
        warm = tfmigrate_run(corpus.root, work, "warm", args.jobs, work / "cache")
        print(line("tfmigrate --diff warm re-run", warm, corpus.lines), flush=True)
        same = (work / "cold.diff").read_bytes() == (work / "warm.diff").read_bytes()
        print(
            f"warm output identical to cold: {same}; diff size {warm.output_bytes:,} bytes; "
            f"files failed: {len(failed_files_from_summary(cold.stderr))}",
            flush=True,
        )

        if not args.no_tf_upgrade_v2:
            compare_with_tf_upgrade_v2(corpus, work, args, cold)

        if not args.no_scaling:
            print("scaling (cold, no cache):")
            for share in (0.10, 0.25, 0.50):
                part = subset(corpus, work / f"part{int(share * 100)}", share, args.seed)
                m = tfmigrate_run(part.root, work, f"part{int(share * 100)}", args.jobs, None)
                print(scaling_line(share, part, m), flush=True)
            print(scaling_line(1.0, corpus, cold))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def scaling_line(share: float, part, m) -> str:
    per_k = m.cpu / max(1, part.tf_lines) * 1000
    return (
        f"  {share:4.0%}: {len(part.files):6,} files {part.lines:9,} lines {part.tf_lines:9,} TF lines"
        f"  {m.seconds:7.1f} s wall {m.cpu:7.1f} s cpu  {per_k:5.2f} cpu-s per 1k TF lines"
        f"  peak {m.tree_peak_mib:5.0f} MiB/tree"
    )


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
    theirs = tf_upgrade_v2_files(pairs, workers=args.jobs)
    ours_one = tfmigrate_run(sample_root, work, "sample1", 1, None)
    engine, engine_failed = tf_upgrade_v2_engine(
        [(a, work / "tf_upgrade_v2_engine" / a.relative_to(sample_root)) for a, _ in pairs], work
    )
    per_file = theirs["seconds"] / len(pairs)
    extrapolated = per_file * len(corpus.files)
    print(
        f"tf_upgrade_v2 sample: {len(pairs)} of the {len(corpus.files):,} files, {sample_lines:,} lines "
        f"(seed {args.seed}), {args.jobs} parallel processes each side"
    )
    print(
        f"  tf_upgrade_v2, one process per file {theirs['seconds']:8.1f} s wall {theirs['cpu']:8.1f} s cpu"
        f"  {rate(sample_lines, theirs['seconds'])}  failed on {len(theirs['failed'])} files"
    )
    print(
        f"  tfmigrate --diff --no-cache         {ours.seconds:8.1f} s wall {ours.cpu:8.1f} s cpu"
        f"  {rate(sample_lines, ours.seconds)}  failed on {len(failed_files_from_summary(ours.stderr))} files"
    )
    print(
        f"  ratio on the sample: tfmigrate is {theirs['seconds'] / ours.seconds:.1f}x faster "
        f"({theirs['cpu'] / ours.cpu:.1f}x less CPU)"
    )
    print(
        f"  tf_upgrade_v2 extrapolated to the corpus: {extrapolated:,.0f} s wall "
        f"(= {per_file:.2f} s per file x {len(corpus.files):,} files); tfmigrate measured {cold.seconds:,.0f} s: "
        f"{extrapolated / cold.seconds:.1f}x faster"
    )
    print(
        f"  engines alone, one process each (TensorFlow imported once): tf_upgrade_v2 {engine.seconds:.1f} s wall "
        f"{engine.cpu:.1f} s cpu (failed on {len(engine_failed)}), tfmigrate -j 1 {ours_one.seconds:.1f} s wall "
        f"{ours_one.cpu:.1f} s cpu: tfmigrate takes {ours_one.cpu / engine.cpu:.2f}x the CPU",
        flush=True,
    )


if __name__ == "__main__":
    raise SystemExit(main())
