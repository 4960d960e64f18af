"""A builder method called without arguments whose parameters all have literal defaults (``def loss(self,
l2_lambda=0.0001)``, ``def setup_training(self, learning_rate=0.002)``): called so, the method binds each parameter
to its default first, as locals, which is what ``l2_lambda = 0.0001`` as its first statements does. The class proof
reads builders without parameters; bound_builders.py and public_builders.py read the method so and put the
parameters back after the rewrite.
"""

from __future__ import annotations

import ast
from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, descendants
from tfmigrate.transforms.session.loops import Origins


def defaulted(method: cst.FunctionDef) -> list[cst.Param] | None:
    """The parameters after ``self``, each with a literal default (``l2_lambda=0.0001``): called without arguments,
    the method binds them first, as locals; None when one has none or another."""
    extra = list(method.params.params[1:])
    for param in extra:
        if param.default is None or param.annotation is not None:
            return None
        try:
            value = ast.literal_eval(cst.Module([]).code_for_node(param.default))
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return None
        if not (value is None or isinstance(value, (bool, int, float, str))):
            return None
    return extra


def bound_first(defaults: list[cst.Param], made: Origins) -> list[cst.SimpleStatementLine]:
    """``l2_lambda = 0.0001`` for each defaulted parameter, each node read as the parameter it stands for."""
    first = [
        cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(p.name)], cast(cst.BaseExpression, p.default))])
        for p in defaults
    ]
    for statement, param in zip(first, defaults, strict=True):
        for node in (statement, *descendants(statement)):
            made.keep(node, param, first=True)
    return first


def put_back(
    member: cst.FunctionDef, body: list[cst.BaseStatement], defaults: list[cst.Param], refused: Blocked
) -> tuple[cst.FunctionDef, list[cst.BaseStatement]]:
    """The method with its defaulted parameters back and ``body`` without the statements that bound them first."""
    if not defaults:
        return member, body
    written = [
        f"{p.name.value} = {cst.Module([]).code_for_node(cast(cst.BaseExpression, p.default))}" for p in defaults
    ]
    if [cst.Module([]).code_for_node(s).strip() for s in body[: len(defaults)]] != written:
        raise refused
    body = body[len(defaults) :]
    if body:
        body[0] = body[0].with_changes(leading_lines=[])
    return member.with_changes(params=member.params.with_changes(params=[member.params.params[0], *defaults])), body
