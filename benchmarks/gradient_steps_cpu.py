"""CPU seconds of the TF1 baseline and of the migrated program for hand-written gradient descent (several
``tf.assign`` updates of ``tf.gradients`` run in one ``sess.run``, gradient_steps.py): the figures behind the
CHANGELOG's one-step entry (TF1 / before / after).

TF1's one run computes the loss and its gradients once, then assigns; the rewrite before this entry computed each
new value apart, taking the loss and all its gradients again for each assign. The programs run at about ten times
their test step counts, through tests/session_harness.py (each run's own CPU, TensorFlow's import excluded); the
sources are read from this checkout, so an older REPO migrates the same programs. Prints figures; asserts nothing.

    python benchmarks/gradient_steps_cpu.py [REPO]

REPO (default: this checkout) is the tree whose tfmigrate and harness do the work: give a checkout of an older
revision (``git worktree add /tmp/old REV``) for the "before" column.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
REPO = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from session_harness import Program, evaluate  # noqa: E402

PROGRAMS = HERE / "tests" / "programs"
# program -> its edits (old, new): the steps scaled, and for the two-layer net resource variables and seeds (its
# reference variables race in TF1, tests/test_gradient_steps.py) -- and whether it is seeded
SCALED = {
    "gradients_softmax_sgd": ([("for i in range(200):", "for i in range(2000):")], "none"),
    "tcksand_linear_regression_tf_gradients": ([("for step in range(200):", "for step in range(2000):")], "none"),
    "jcjohnson_tf_two_layer_net": (
        [
            ("random_normal((D_in, H))", "random_normal((D_in, H)), use_resource=True"),
            ("random_normal((H, D_out))", "random_normal((H, D_out)), use_resource=True"),
            ("\n\n# N is batch size", "\ntf.set_random_seed(1)\nnp.random.seed(2)\n\n# N is batch size"),
            ("for _ in range(60):", "for _ in range(600):"),
        ],
        "seeded",
    ),
}


def main() -> None:
    programs = []
    for name, (edits, random) in SCALED.items():
        source = (PROGRAMS / f"{name}.py").read_text(encoding="utf-8")
        for old, new in edits:
            if old not in source:
                sys.exit(f"{name}: {old!r} is gone; update SCALED")
            source = source.replace(old, new)
        programs.append(Program(f"{name}_x10", source, {"random": random}))
    print(f"tree: {REPO}")
    print(f"{'program':45s} {'TF1 CPU-s':>10s} {'migrated':>10s}  session-free  same numbers")
    for name, outcome in evaluate(programs).items():
        same = outcome.numbers_match()[0] if outcome.runs and outcome.baseline.ok else None
        migrated = outcome.migrated.cpu if outcome.runs else float("nan")
        print(
            f"{name:45s} {outcome.baseline.cpu:10.2f} {migrated:10.2f}  {outcome.session_free!s:12s}  {same!s}",
            flush=True,
        )


if __name__ == "__main__":
    main()
