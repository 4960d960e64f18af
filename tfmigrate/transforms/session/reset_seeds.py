"""Seeds across ``tf.reset_default_graph()``: a graph that starts empty again, once per pass of a loop
(graph_loops.py) or per call of a function run more than once (repeated_runs.py).

The reset clears TF1's graph seed, so a ``tf.set_random_seed`` must be the restarted code's own statement (eager
``tf.random.set_seed`` restarts the op streams as a new graph does); a seed set outside it keeps the graph tier, and
so does an op ``seed=`` with no seed set in it (TF1's op streams restart with each graph, eager TF2's would run on).
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants

SEEDS = ("set_random_seed", "random.set_seed")


def path(resolve: Resolve, call: cst.Call) -> str:
    return (resolve(call.func) or "").removeprefix("compat.v1.")


def called(statement: cst.CSTNode) -> cst.Call | None:
    """The call a statement of its own is (``tf.reset_default_graph()``, ``tf.set_random_seed(1)``)."""
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        small = statement.body[0]
        if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            return small.value
    return None


def check(module: cst.Module, restarted: Sequence[cst.CSTNode], resolve: Resolve, line_of: LineOf, where: str) -> None:
    """Blocked unless every seed of ``module`` is set by a statement of ``restarted`` (the statements after the
    reset), or none is and no op is given ``seed=``; ``where`` names the restarted code."""
    own = {id(c) for c in map(called, restarted) if c is not None and path(resolve, c).endswith(SEEDS)}
    for node in descendants(module):
        if isinstance(node, cst.Call) and path(resolve, node).endswith(SEEDS) and id(node) not in own:
            raise Blocked(
                f"a seed set outside the statements of {where}: the reset clears TF1's graph seed, eager TF2 keeps it",
                line_of(node),
            )
    if not own:
        for node in descendants(module):
            if isinstance(node, cst.Arg) and node.keyword is not None and node.keyword.value == "seed":
                raise Blocked(
                    f"a random op given seed= in {where} without a tf.set_random_seed there: TF1's op streams "
                    "restart with each graph, eager TF2's would run on",
                    line_of(node),
                )
