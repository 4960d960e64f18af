"""How many CPU-seconds does tfmigrate take to migrate one program? Prints figures; asserts nothing.

The figure behind the CHANGELOG's "a GAN 10.4 -> 1.2 CPU-s, a class-built CNN 28 -> 1.3" (re-measured by the third
command below: 10.9 -> 1.1 and 28.4 -> 1.4, start-up taken off): programs with
``tf.layers`` in variable scopes took time quadratic in their size before the scope of each statement was computed
once (commit 5853c37). To see such a change, run the same programs on this tree and on another revision:

    python benchmarks/migration_cpu.py                        # the tf.layers programs in variable scopes
    python benchmarks/migration_cpu.py --against 5853c37~1    # and the tree before that fix, side by side
    python benchmarks/migration_cpu.py --against 5853c37~1 --against 5853c37   # before and after it
    python benchmarks/migration_cpu.py --all                  # every program in tests/programs
    python benchmarks/migration_cpu.py tests/programs/morvan_406_gan.py --repeat 3

Each program is migrated by ``tfmigrate --diff --no-cache -j 1`` in a child process, whose user + system CPU
seconds are the figure (CPU, not wall time: the machine is shared). Every figure includes the start-up (Python,
libcst, tfmigrate's tables), printed first as the CPU of migrating a two-line TF2 file, and taken off in
parentheses. ``--against REV`` (repeatable) runs the ``tfmigrate`` package of git revision ``REV`` (extracted with
``git archive`` into a temporary directory) with the same interpreter and packages.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, measure  # noqa: E402

PROGRAMS = REPO / "tests" / "programs"


def layered_programs() -> list[Path]:
    """The programs the fix was for: ``tf.layers`` calls and variable scopes in one file."""
    return [
        path
        for path in sorted(PROGRAMS.glob("*.py"))
        if "variable_scope" in (text := path.read_text(encoding="utf-8")) and "tf.layers." in text
    ]


def extract(revision: str, dest: Path) -> Path:
    """The ``tfmigrate`` package of ``revision``, written under ``dest``; returns the directory to import it from."""
    dest.mkdir()
    archive = subprocess.run(["git", "archive", revision, "tfmigrate"], cwd=REPO, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    return dest


def cpu_seconds(tree: Path, args: list[str], scratch: Path, repeat: int) -> float:
    """The median CPU of ``tfmigrate ARGS`` imported from ``tree`` (``-P``: the working directory is not on the path)."""
    command = [sys.executable, "-P", "-m", "tfmigrate", *args]
    runs = []
    for _ in range(repeat):
        measured = measure(command, scratch / "out.txt", env={"PYTHONPATH": str(tree)}, cwd=scratch)
        if measured.code not in (0, 1):  # 1: --diff found changes
            sys.exit(f"tfmigrate {' '.join(args)} failed under {tree}:\n{measured.stderr[-2000:]}")
        runs.append(measured.cpu)
    return statistics.median(runs)


def _migrate(path: Path) -> list[str]:
    return ["--diff", "--no-cache", "--no-config", "--color", "never", "-q", "-j", "1", str(path)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("programs", nargs="*", type=Path, help="programs to migrate (default: the layered ones)")
    parser.add_argument("--all", action="store_true", help="every program in tests/programs")
    parser.add_argument("--against", metavar="REV", action="append", default=[], help="also this git revision's")
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure; the median is printed")
    options = parser.parse_args(argv)
    programs = [p.resolve() for p in options.programs] or (
        sorted(PROGRAMS.glob("*.py")) if options.all else layered_programs()
    )
    with tempfile.TemporaryDirectory(prefix="tfmigrate-cpu-") as tmp:
        scratch = Path(tmp)
        trees = {"this tree": REPO}
        for index, revision in enumerate(options.against):
            trees[revision] = extract(revision, scratch / f"against_{index}")
        width = max(len("(start-up: a TF2 file)"), *(len(p.name) for p in programs))
        print(f"{'program':<{width}}  {'lines':>5}  " + "  ".join(f"{name:>16}" for name in trees))
        trivial = scratch / "start_up.py"
        trivial.write_text("import tensorflow as tf\nprint(tf.constant(1))\n")
        startup = [cpu_seconds(tree, _migrate(trivial), scratch, options.repeat) for tree in trees.values()]
        print(f"{'(start-up: a TF2 file)':<{width}}  {2:>5}  " + "  ".join(f"{s:>8.2f}        " for s in startup))
        for path in programs:
            lines = path.read_text(encoding="utf-8").count("\n")
            figures = [cpu_seconds(tree, _migrate(path), scratch, options.repeat) for tree in trees.values()]
            cells = (f"{f:>8.2f} ({f - s:5.2f})" for f, s in zip(figures, startup))
            print(f"{path.name:<{width}}  {lines:>5}  " + "  ".join(cells), flush=True)
        print("CPU-s of each migration (in parentheses: less the start-up)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
