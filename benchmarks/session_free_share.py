"""How many of the TF1 session programs in tests/programs/ tfmigrate turns into session-free TF2 code that prints
the TF1 baseline's numbers: the figure the README quotes for issue 16.

Runs every program as the TF1 baseline (tf.compat.v1 + disable_v2_behavior), migrates it with tfmigrate's default
options, runs the output on the installed TensorFlow and compares (tests/session_harness.py does the work; the
pytest suite asserts the same outcomes). A figure, not a timing: it takes a few minutes of TensorFlow work.

    python benchmarks/session_free_share.py [PROGRAM ...]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from session_harness import Outcome, evaluate, load_programs  # noqa: E402


def _reason(outcome: Outcome) -> str:
    if outcome.session_free:
        return ""
    lines = sorted({f"{item.code} line {item.line}" for item in outcome.migration.followups if item.line})
    return "; ".join(lines) if lines else "no report line says why"


def _numbers(outcome: Outcome) -> str:
    if not outcome.baseline.ok or not outcome.runs:
        return "-"
    same, why = outcome.numbers_match()
    resumed, resume_why = outcome.resume_match()
    if same and resumed:
        return why
    return why if not same else f"resume: {resume_why.splitlines()[0]}"


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    programs = load_programs(argv or None)
    outcomes = evaluate(programs)
    seconds = time.perf_counter() - started

    rows = [("program", "baseline", "migrated", "tier", "numbers", "checkpoint", "why graph mode")]
    for name, o in outcomes.items():
        checkpoint = o.program.checkpoint
        if checkpoint == "resume" and o.runs:
            checkpoint += " ok" if o.resume_match()[0] else " FAILS"
        rows.append(
            (
                name,
                "runs" if o.baseline.ok else "FAILS",
                "-" if not o.baseline.ok else "runs" if o.runs else "FAILS",
                "session-free" if o.session_free else "graph tier",
                _numbers(o),
                checkpoint,
                _reason(o),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1])

    ran = [o for o in outcomes.values() if o.baseline.ok]
    migrated = [o for o in ran if o.runs]
    free = [o for o in ran if o.session_free and o.runs]
    free_same = [o for o in free if o.same_numbers]
    graph = [o for o in migrated if not o.session_free]
    graph_same = [o for o in graph if o.same_numbers]
    graph_explained = [o for o in ran if not o.session_free and o.explained]
    resuming = [o for o in ran if o.program.checkpoint == "resume"]
    restored = [o for o in resuming if o.runs and o.resume_match()[0]]
    share = len(free_same) / len(ran) if ran else 0.0
    print()
    print(f"programs in the set:                               {len(outcomes)}")
    print(f"TF1 baselines that run:                            {len(ran)}")
    print(f"migrated programs that run:                        {len(migrated)} of {len(ran)}")
    print(f"session-free:                                      {len(free)} of {len(ran)}")
    print(f"session-free and printing the baseline's numbers:  {len(free_same)} of {len(ran)}")
    print(f"graph tier printing the baseline's numbers:        {len(graph_same)} of {len(graph)}")
    print(f"graph tier with a report line saying why:          {len(graph_explained)} of {len(ran) - len(free)}")
    print(f"old checkpoints restored by the migrated program:  {len(restored)} of {len(resuming)}")
    print(f"SHARE session-free with the baseline's numbers:    {share:.0%} ({len(free_same)}/{len(ran)})")
    print(f"({seconds:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
