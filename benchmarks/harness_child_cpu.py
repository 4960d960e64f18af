"""What one long-lived eager child of the test harness (tests/session_harness.py) costs beyond the programs it runs:
the child's whole CPU against the sum of its programs' own CPU, for the migrated programs of tests/programs run
several times over in one child. The README's figure for the harness's per-program freeze compares two trees side by
side, each in its own run of this script (``--tree`` a checkout of the earlier commit):

    python benchmarks/harness_child_cpu.py [--tree DIR] [--programs 30] [--rounds 4]

A figure, not a timing test: on a shared machine compare the two trees' overhead in one sitting.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=REPO, help="the checkout whose tests/ harness runs the programs")
    parser.add_argument("--programs", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    tree = args.tree.resolve()
    sys.path[:0] = [str(tree), str(tree / "tests")]
    os.environ["TFMIGRATE_RUN_STORE"] = "off"
    import program_files
    import session_harness as harness

    from tfmigrate import Options

    root = Path(tempfile.mkdtemp(prefix="harness-child-"))
    jobs = []
    for program in harness.load_programs():
        if len(jobs) >= args.programs:
            break
        if program.legacy_keras:
            continue
        migrated = harness.migrate(program.source, Options(), f"{program.name}.py").migrated
        if migrated is None or harness.switches_graph_mode(migrated) or "TF_USE_LEGACY_KERAS" in migrated:
            continue  # one flavour of child only: the eager Keras 3 one
        folder = root / program.name
        program_files.write(program.meta.get("files", []), folder)
        jobs.append(harness._job(program.name, migrated, folder))
    rounds = [{**job, "key": f"{job['key']}@{n}"} for n in range(args.rounds) for job in jobs]
    runs = harness.run_jobs(rounds, graph=False, legacy_keras=False)
    harness.close_children()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    child = usage.ru_utime + usage.ru_stime
    own = sum(run.cpu for run in runs.values())
    failed = sum(not run.ok for run in runs.values())
    print(f"tree: {tree}")
    print(f"programs run: {len(runs)} ({len(jobs)} programs x {args.rounds}), failed: {failed}")
    print(f"children started: {dict(harness.STARTED)}")
    print(
        f"children's CPU: {child:.1f} s; the programs' own: {own:.1f} s; overhead per program run: "
        f"{(child - own) / max(1, len(runs)):.3f} s"
    )


if __name__ == "__main__":
    main()
