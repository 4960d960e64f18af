"""The held-out figure of issue 16: how many programs of a folder nobody tuned tfmigrate on come out session-free
and print the TF1 baseline's numbers, and how many stop running or print other numbers (must be none).

Held-out programs live outside the repository so that they stay unseen (HELDOUT.md says where each set came from);
this script is what turns such a folder into the figures HELDOUT.md and the README quote:

    python benchmarks/heldout_share.py DIR [NAME ...]

DIR holds the programs (``NAME.py``), ``manifest.toml`` (one table per program in tests/programs/manifest.toml's
form), and optionally ``notes.toml`` (per program: the ``followup`` text read when the set was measured and whether
its ``reason`` was true), ``support/`` and ``vendor/`` (put on the programs' path: a stand-in for the MNIST tutorial
module, a pandas installed with ``pip --target``), and for each name in a program's ``files`` a
``support/make_<name>.py`` whose ``write(path)`` creates that input file (``bmi.csv`` -> ``make_bmi_csv.py``); a
program's ``dirs`` are created empty in its working directory. This
checkout's tfmigrate and tests/session_harness.py do the work: the baseline under ``tf.compat.v1`` +
``disable_v2_behavior()``, the migration, the migrated program as written, numbers compared at 1e-4 relative.
A figure, not a timing: a set of 30 programs takes about five minutes. Each row still shows the seconds the
baseline and the migrated program ran (their own code, TensorFlow's import excluded), and the rows whose migrated
program used much more CPU time are named under the table (CPU seconds: wall time on a shared machine says more
about the neighbours): "Do no harm" counts a migrated program that is much slower, and
only the seconds show it (a retraced ``tf.function`` kept the right numbers at 130 times the baseline's time). Rows
whose baseline printed no number at all are named too: their "same" compared nothing.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
# "Much slower": at least SLOWER times the baseline's CPU seconds and SLOWER_BY CPU seconds more. CPU seconds, since
# both runs share loaded cores at other moments (eight engineers on two cores made wall time say more about the
# neighbours than the program); small programs (a tenth of a second against half of one) are left out by the floor.
SLOWER, SLOWER_BY = 5.0, 2.0
# An unseeded program is compared by a falling loss, and the harness checks the baseline's first: when the TF1 run's
# own loss does not fall (it ended in nan, or is flat), nothing was learnt about the migrated program. Such a row is
# "undecided" (read it by hand), not "other numbers": that count is the harm the migration did.
BASELINE_LOSS = "the baseline's loss does not fall"


def _seconds(outcome) -> str:
    """The seconds cell: baseline / migrated, each the program's own run (the child imports TensorFlow first)."""
    if not outcome.baseline.ok:
        return "-"
    migrated = f"{outcome.migrated.seconds:.1f}" if outcome.runs else "-"
    return f"{outcome.baseline.seconds:.1f} / {migrated}"


def _costs(outcome) -> tuple[float, float]:
    """The CPU seconds of the baseline's and the migrated program's own code (the child's threads and any process it
    started); their wall seconds for runs that recorded no CPU time."""
    base, mine = outcome.baseline, outcome.migrated
    if base.cpu > 0 and mine.cpu > 0:
        return base.cpu, mine.cpu
    return base.seconds, mine.seconds


def _cpu(outcome) -> str:
    return "{:.1f} / {:.1f}".format(*_costs(outcome))


def much_slower(outcome) -> float | None:
    """How many times the baseline's CPU seconds the migrated program took, when that is much slower; else None."""
    if not (outcome.baseline.ok and outcome.runs):
        return None
    base, mine = _costs(outcome)
    if mine >= SLOWER * base and mine - base >= SLOWER_BY:
        return mine / base if base > 0 else float("inf")
    return None


def compares_nothing(outcome) -> bool:
    """Whether a row's "same" compared no number: the baseline printed none (a program that only writes a checkpoint,
    or whose plot was its output), so the row shows that the migrated program ran, not that it computes the same.
    Such rows are named under the table for a check by hand (held-out set 9 had two)."""
    from session_harness import numbers

    return outcome.baseline.ok and outcome.runs and numbers(outcome.baseline.stdout).size == 0


def _row(program, outcome, note: dict) -> tuple[tuple[str, ...], str, str | None]:
    """One table row, the program's class for the summary, and an error line to print under it."""
    base_ok = outcome.baseline.ok
    tier = "session-free" if outcome.session_free else "graph"
    if outcome.migration.migrated is None:
        tier = f"migration {outcome.migration.status.name.lower()}"
    same, detail = outcome.numbers_match(rerun_seeded=False) if base_ok else (False, "-")
    same = same and outcome.resume_match()[0] if base_ok else False
    followups = [f for f in outcome.migration.followups if f.code == "TFM201"]
    first = f"{followups[0].line}: {followups[0].message}" if followups else "-"
    if len(followups) > 1:
        first += f" (+{len(followups) - 1} more)"
    if not followups:
        reason = "-"
    elif note.get("followup") and note["followup"] in first:
        reason = note.get("reason", "unchecked")
    else:
        reason = "unchecked (not the follow-up read when the set was measured)"
    if not base_ok:
        kind, error = "baseline fails", outcome.baseline.stderr
    elif not outcome.runs:
        kind, error = "stops", outcome.migrated.stderr if outcome.migrated is not None else None
    elif not same and detail.startswith(BASELINE_LOSS):
        kind, error = "undecided", None
    elif not same:
        kind, error = "other numbers", None
    else:
        kind, error = ("session-free" if outcome.session_free else "graph"), None
    numbers = "-" if not base_ok else ("same" if same else f"OTHER: {detail}")
    if kind == "undecided":
        numbers = f"UNDECIDED: {detail}"
    if base_ok and same and not program.deterministic:
        numbers = f"same shape ({detail})"
    migrated = "-" if not base_ok else ("runs" if outcome.runs else "STOPS")
    cells = (
        program.name,
        program.random,
        "runs" if base_ok else "FAILS",
        tier,
        numbers,
        migrated,
        _seconds(outcome),
        first,
        reason,
    )
    last = error.strip().splitlines()[-1] if error and error.strip() else None
    return cells, kind, last


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    folder = Path(argv[0]).resolve()
    support = [str(p) for p in (folder / "support", folder / "vendor") if p.is_dir()]
    os.environ["PYTHONPATH"] = os.pathsep.join([*support, str(REPO)])  # the children: baseline and migrated runs
    sys.path[:0] = [str(REPO), str(REPO / "tests"), *support]
    import program_files
    import session_harness as harness

    manifest = tomllib.loads((folder / "manifest.toml").read_text())
    notes = tomllib.loads((folder / "notes.toml").read_text()) if (folder / "notes.toml").exists() else {}
    programs = [harness.Program(n, (folder / f"{n}.py").read_text(), manifest[n]) for n in argv[1:] or sorted(manifest)]
    for program in programs:  # the harness writes each input file through program_files' table
        for name in program.meta.get("files", ()):
            maker = importlib.import_module("make_" + re.sub(r"\W", "_", name))
            program_files.WRITERS.setdefault(name, maker.write)

    root = Path(tempfile.mkdtemp(prefix="heldout-"))
    try:
        for program in programs:
            for kind in ("base", "mig"):
                directory = root / kind / program.name
                directory.mkdir(parents=True, exist_ok=True)
                for name in program.meta.get("dirs", ()):  # directories a program expects to exist ("model")
                    (directory / name).mkdir(parents=True, exist_ok=True)
        outcomes = harness.evaluate(programs, root=root)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    print(f"set: {folder}; tfmigrate: {REPO}")
    header = ("program", "random", "baseline", "tier", "numbers", "migrated", "seconds (baseline / migrated)")
    print(" | ".join((*header, "TFM201 follow-up", "reason")))
    counts: dict[str, int] = {}
    slow: list[str] = []
    silent: list[str] = []
    for program in programs:
        cells, kind, error = _row(program, outcomes[program.name], notes.get(program.name, {}))
        counts[kind] = counts.get(kind, 0) + 1
        print(" | ".join(cells))
        if error and kind in ("baseline fails", "stops"):
            print(f"    {kind}: {error}")
        if kind == "undecided":
            print("    undecided: the baseline's own loss does not fall; compare the two outputs by hand")
        if kind in ("session-free", "graph") and compares_nothing(outcomes[program.name]):
            silent.append(program.name)
        ratio = much_slower(outcomes[program.name])
        if ratio is not None:
            slow.append(f"{program.name} ({ratio:.0f}x, {_cpu(outcomes[program.name])} CPU-s)")
    print(f"same numbers, but the baseline printed none (check by hand): {len(silent)}")
    for name in silent:
        print(f"    {name}")
    print(f"much slower than the baseline (>= {SLOWER:.0f}x and >= {SLOWER_BY:.0f} CPU-s more): {len(slow)}")
    for line in slow:
        print(f"    {line}")
    runs = len(programs) - counts.get("baseline fails", 0)
    print(
        f"session-free with baseline numbers: {counts.get('session-free', 0)}/{runs}; "
        f"stop running: {counts.get('stops', 0)}; other numbers: {counts.get('other numbers', 0)}; "
        f"undecided (the baseline's own loss does not fall): {counts.get('undecided', 0)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
