"""CPU seconds of the TF1 baseline and of the migrated program, for test programs run at their originals' step
counts: the figures behind the CHANGELOG's seeded-dropout and every-step-summary entries (TF1 / before / after).

tests/programs keeps step counts small so the suite stays short, which hides a per-step cost behind the one-off
cost of tracing; this runs a few programs at about ten times their steps (the step lines replaced below) plus
tests/test_eager_summaries.py's logistic regression writing three summaries every step at 1,000 steps, through tests/session_harness.py (each run's own CPU,
TensorFlow's import excluded). Prints figures; asserts nothing.

    python benchmarks/scaled_programs_cpu.py [REPO]

REPO (default: this checkout) is the tree whose tfmigrate and harness do the work: give a checkout of an older
revision (``git worktree add /tmp/old REV``) for the "before" column.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

REPO = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from session_harness import PROGRAMS, Program, evaluate  # noqa: E402

# program -> (its step line, the line at about ten times the steps), and whether it is seeded
SCALED = {
    "tfdocs_mnist_pros_seeded_dropout": ("for i in range(61):", "for i in range(601):", "seeded"),
    "own_dropout_keep_default": ("for step in range(90):", "for step in range(900):", "seeded"),
    "hunkim_lab10_mnist_nn_xavier_dropout": ("training_epochs = 2", "training_epochs = 15", "seeded"),
    "xalstnx_linear_regression_tensorboard": ("for i in range(200):", "for i in range(1000):", "seeded"),
    "aymeric_tensorboard_basic": ("training_epochs = 3", "training_epochs = 25", "none"),
}


def every_step_summaries() -> str:
    """tests/test_eager_summaries.py's EVERY_STEP, read from this checkout (an older REPO may not have it)."""
    tests = Path(__file__).resolve().parents[1] / "tests" / "test_eager_summaries.py"
    for node in ast.parse(tests.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "EVERY_STEP" for t in node.targets):
            return ast.literal_eval(node.value)
    sys.exit(f"{tests}: EVERY_STEP is gone")


def main() -> None:
    programs = []
    for name, (old, new, random) in SCALED.items():
        source = (PROGRAMS / f"{name}.py").read_text(encoding="utf-8")
        if old not in source:
            sys.exit(f"{name}: its step line {old!r} is gone; update SCALED")
        programs.append(Program(f"{name}_x10", source.replace(old, new), {"random": random}))
    # test_eager_summaries' logistic regression (three summaries fetched with the train op every step), 1,000 steps
    every_step = every_step_summaries().replace("for i in range(200):", "for i in range(1000):")
    programs.append(Program("logistic_regression_summaries_every_step", every_step, {"random": "none"}))
    print(f"tree: {REPO}")
    print(f"{'program':45s} {'TF1 CPU-s':>10s} {'migrated':>10s}  session-free  same numbers  traced step")
    for name, outcome in evaluate(programs).items():
        same = outcome.numbers_match()[0] if outcome.runs and outcome.baseline.ok else None
        migrated = outcome.migrated.cpu if outcome.runs else float("nan")
        traced = "@tf.function" in (outcome.migrated_text or "")
        print(
            f"{name:45s} {outcome.baseline.cpu:10.2f} {migrated:10.2f}  {outcome.session_free!s:12s}  {same!s:12s}"
            f"  {traced}",
            flush=True,
        )


if __name__ == "__main__":
    main()
