"""How fast does the command line start? Prints figures; asserts nothing.

    python benchmarks/bench_startup.py                 # median of 20 runs of each command
    python benchmarks/bench_startup.py --runs 50
    python benchmarks/bench_startup.py --tfmigrate-path ../old-checkout   # measure another source tree

Each command runs in a fresh interpreter the way pip's ``tfmigrate`` console script runs it (``from
tfmigrate.cli import main``), with this checkout first on PYTHONPATH so an editable install elsewhere does not
stand in for it. ``python -c pass`` runs beside them: it is the floor no Python command line goes under, and on a
busy machine every figure rises with it. The last column says which heavy packages each command imported.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("libcst", "typer", "click", "rich", "tensorflow", "keras", "tfmigrate.engine", "tfmigrate.transforms")

# What pip's generated console script runs, then (on stderr, after the command's own output) what it imported.
CONSOLE_SCRIPT = """
import sys
sys.argv[0] = "tfmigrate"
from tfmigrate.cli import main
try:
    main()
except SystemExit:
    pass
heavy = %r
print("IMPORTED", *sorted({h for h in heavy for m in sys.modules if m == h or m.startswith(h + ".")}), file=sys.stderr)
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float, float, str]:
    """Median and best wall seconds, median CPU seconds over ``runs`` runs, and the last run's stderr."""
    walls, cpus, stderr = [], [], ""
    for _ in range(runs):
        before, start = _children_cpu(), time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tempfile.gettempdir(), check=True)
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - before)
        stderr = proc.stderr
    return statistics.median(walls), min(walls), statistics.median(cpus), stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--tfmigrate-path", type=Path, default=REPO, help="source tree to measure (default: this one)")
    args = parser.parse_args()
    env = {**os.environ, "NO_COLOR": "1"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(args.tfmigrate_path.resolve()), env.get("PYTHONPATH")]))

    commands = [
        ("python -c pass (the floor)", [sys.executable, "-c", "pass"]),
        ("python -c 'import tfmigrate'", [sys.executable, "-c", "import tfmigrate"]),
        ("tfmigrate --version", [sys.executable, "-c", CONSOLE_SCRIPT % (HEAVY,), "--version"]),
        ("tfmigrate --help", [sys.executable, "-c", CONSOLE_SCRIPT % (HEAVY,), "--help"]),
    ]
    print(f"{sys.executable}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}, {args.runs} runs each")
    print(f"{'command':<32}{'median wall':>12}{'best wall':>11}{'median cpu':>12}  heavy imports")
    for label, cmd in commands:
        wall, best, cpu, stderr = timed(cmd, env, args.runs)
        imported = next((line.split()[1:] for line in stderr.splitlines() if line.startswith("IMPORTED")), None)
        heavy = "-" if imported is None else ", ".join(imported) or "none"
        print(f"{label:<32}{wall:>10.3f} s{best:>9.3f} s{cpu:>10.3f} s  {heavy}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
