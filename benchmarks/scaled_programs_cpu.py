"""CPU seconds of the TF1 baseline and of the migrated program, for test programs run at about ten times their
test step counts: the figures behind the CHANGELOG's seeded-dropout, every-step-summary, one-gradient-step and
traced-seeded-step entries (TF1 / before / after).

tests/programs keeps step counts small so the suite stays short, which hides a per-step cost behind the one-off
cost of tracing; this runs a few programs with their step lines replaced (below), plus
tests/test_eager_summaries.py's logistic regression writing three summaries every step at 1,000 steps, through
tests/session_harness.py (each run's own CPU, TensorFlow's import excluded). The sources are read from this
checkout, so an older REPO migrates the same programs. Prints figures; asserts nothing.

    python benchmarks/scaled_programs_cpu.py [REPO] [--only NAME ...]

REPO (default: this checkout) is the tree whose tfmigrate and harness do the work: give a checkout of an older
revision (``git worktree add /tmp/old REV``) for the "before" column. ``--only`` runs the named programs alone
(``logistic_regression_summaries_every_step`` names the summary program).
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
PROGRAMS = HERE / "tests" / "programs"
EVERY_STEP = "logistic_regression_summaries_every_step"

# program -> its edits (old, new): the steps scaled about ten times (for the two-layer net also resource variables
# and seeds: its reference variables race in TF1, tests/test_gradient_steps.py), and whether it is seeded
SCALED = {
    # seeded dropout drawn from TF1's Philox stream inside a traced step (dropout_streams.py)
    "tfdocs_mnist_pros_seeded_dropout": ([("for i in range(61):", "for i in range(601):")], "seeded"),
    "own_dropout_keep_default": ([("for step in range(90):", "for step in range(900):")], "seeded"),
    "hunkim_lab10_mnist_nn_xavier_dropout": ([("training_epochs = 2", "training_epochs = 15")], "seeded"),
    # a seeded step that draws nothing itself beside draws made outside it: traced (seeds.plan_seeds)
    "draws_uniform_data_noisy_labels": ([("for step in range(30):", "for step in range(1000):")], "seeded"),
    "stepvals_char_sampling": ([("for step in range(40):", "for step in range(400):")], "seeded"),
    # a merged summary fetched every step (summaries.py)
    "xalstnx_linear_regression_tensorboard": ([("for i in range(200):", "for i in range(1000):")], "seeded"),
    "aymeric_tensorboard_basic": ([("training_epochs = 3", "training_epochs = 25")], "none"),
    # several assigns of tf.gradients run in one sess.run (gradient_steps.py)
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


def every_step_summaries() -> str:
    """tests/test_eager_summaries.py's EVERY_STEP, read from this checkout (an older REPO may not have it)."""
    tests = HERE / "tests" / "test_eager_summaries.py"
    for node in ast.parse(tests.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "EVERY_STEP" for t in node.targets):
            return ast.literal_eval(node.value)
    sys.exit(f"{tests}: EVERY_STEP is gone")


def scaled(name: str) -> str:
    """``name``'s source from this checkout with its SCALED edits made."""
    edits, _ = SCALED[name]
    source = (PROGRAMS / f"{name}.py").read_text(encoding="utf-8")
    for old, new in edits:
        if old not in source:
            sys.exit(f"{name}: {old!r} is gone; update SCALED")
        source = source.replace(old, new)
    return source


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repo", nargs="?", type=Path, default=HERE)
    parser.add_argument("--only", nargs="+", choices=[*SCALED, EVERY_STEP], help="run these programs alone")
    args = parser.parse_args()
    repo = args.repo.resolve()
    sys.path[:0] = [str(repo), str(repo / "tests")]
    from session_harness import Program, evaluate

    names = args.only or [*SCALED, EVERY_STEP]
    programs = [Program(f"{n}_x10", scaled(n), {"random": SCALED[n][1]}) for n in names if n in SCALED]
    if EVERY_STEP in names:  # test_eager_summaries' logistic regression, three summaries every step, 1,000 steps
        every_step = every_step_summaries().replace("for i in range(200):", "for i in range(1000):")
        programs.append(Program(EVERY_STEP, every_step, {"random": "none"}))
    print(f"tree: {repo}")
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
