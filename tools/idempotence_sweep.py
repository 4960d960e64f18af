"""Migrate every input of tools/migrate_corpus.py, then migrate each output again: a second run must change nothing.

    PYTHONPATH=. nice python -P tools/idempotence_sweep.py [REPO] [--jobs N] [--only SUBSTRING]

A rule decides once: what a second run would still do, the first should have done, or the second should
recognise as the first's own output. tests/test_properties.py draws random programs for the same property
(``TFMIGRATE_HYPOTHESIS=explore`` there); this sweep reads the checkout's own programs, fixture inputs and
examples, with every rule selected (``Options()``), as a user runs tfmigrate. Each file whose second run changes
anything is printed with the rules that acted on the second run and a short diff; the last line is a summary
with the CPU time, and the exit status is 1 when any file moved.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from migrate_corpus import inputs  # noqa: E402

from tfmigrate.api import migrate_source  # noqa: E402
from tfmigrate.config import Options  # noqa: E402
from tfmigrate.ftypes import Status  # noqa: E402

DIFF_LINES = 24


def second_run(args: tuple[str, str]) -> tuple[str, str | None]:
    """The file's name and, when the second run changes the first's output, what it did (else None)."""
    name, text = args
    first = migrate_source(text, Options(), name)
    if first.status is Status.FAILED or first.migrated is None:
        return name, None
    again = migrate_source(first.migrated, Options(), name)
    if again.status is Status.FAILED:
        return name, f"  the second run fails: {again.error}"
    if again.migrated == first.migrated:
        return name, None
    codes = sorted({c.code for c in again.changes})
    diff = list(difflib.unified_diff(first.migrated.splitlines(), (again.migrated or "").splitlines(), lineterm=""))
    shown = diff[2 : 2 + DIFF_LINES] + (
        [f"... {len(diff) - 2 - DIFF_LINES} more lines"] if len(diff) > 2 + DIFF_LINES else []
    )
    return name, "\n".join(
        [f"  second run: {' '.join(codes) or '(no change note)'}", *("    " + line for line in shown)]
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repo", nargs="?", default=".", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", default="", help="only inputs whose path contains this")
    args = parser.parse_args(argv)
    paths = [p for p in inputs(args.repo) if args.only in str(p)]
    work = [(str(p.relative_to(args.repo)), p.read_text(encoding="utf-8")) for p in paths]
    start = time.process_time(), os.times()
    with ProcessPoolExecutor(args.jobs, initializer=os.nice, initargs=(10,)) as pool:
        results = list(pool.map(second_run, work, chunksize=4))
    moved = [(name, what) for name, what in results if what is not None]
    for name, what in moved:
        print(name)
        print(what)
    end = os.times()
    cpu = time.process_time() - start[0] + (end.children_user - start[1].children_user)
    cpu += end.children_system - start[1].children_system
    print(f"{len(moved)} of {len(work)} files changed on a second run ({cpu:.0f} CPU-s)")
    return 1 if moved else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
