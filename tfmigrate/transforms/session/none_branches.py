"""``if not sess: sess = tf.Session()`` in a method read at its call (class_session_methods.py) whose call leaves
``sess`` its default ``None``: the branch TF1 took, its statements standing where the ``if`` stood, so that the
Session opens in straight-line code the proof reads (a branch around graph code keeps the graph tier)."""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms.session.functions import bound_names


def taken_branches(body: list[cst.BaseStatement], nones: set[str]) -> list[cst.BaseStatement]:
    """``if not sess:`` (or ``if sess is None:``) without ``else``, at the top of the body, over a parameter the
    call leaves ``None`` and the body has not bound again before it: its statements in its place."""
    folded: list[cst.BaseStatement] = []
    for statement in body:
        if isinstance(statement, cst.If) and statement.orelse is None and _none_test(statement.test) in nones:
            inner = list(cast(cst.IndentedBlock, statement.body).body)
            inner[0] = inner[0].with_changes(leading_lines=getattr(statement, "leading_lines", ()))
            folded.extend(inner)
        else:
            folded.append(statement)
        nones = nones - bound_names([statement])
    return folded


def none_comparison(test: cst.BaseExpression) -> tuple[cst.BaseExpression, bool] | None:
    """``x is None`` -> (x, False), ``x is not None`` -> (x, True); None for any other test (graph_identity_branches
    reads the same comparisons over ``self.attr``)."""
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1):
        return None
    target = test.comparisons[0]
    if not (isinstance(target.comparator, cst.Name) and target.comparator.value == "None"):
        return None
    if isinstance(target.operator, cst.IsNot):
        return test.left, True
    if isinstance(target.operator, cst.Is):
        return test.left, False
    return None


def _none_test(test: cst.BaseExpression) -> str | None:
    if (
        isinstance(test, cst.UnaryOperation)
        and isinstance(test.operator, cst.Not)
        and isinstance(test.expression, cst.Name)
    ):
        return test.expression.value
    compared = none_comparison(test)
    if compared is not None and not compared[1] and isinstance(compared[0], cst.Name):
        return compared[0].value
    return None
