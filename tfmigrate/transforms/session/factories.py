"""Seeded draws of a variable factory called several times: TF's Deep MNIST tutorial ``def weight_variable(shape):
initial = tf.truncated_normal(shape, stddev=0.1); return tf.Variable(initial)``, called once per layer.

TF1 builds the factory's random op once per call, where the module builds its graph, and under
``tf.set_random_seed(g)`` gives each of those ops the next op seed of the graph's counter (seeds.py): the first
call's op draws from stream ``(g, k)``, the second's from ``(g, k + 1)``. The eager factory runs the same op on every
call, which would draw every call from one stream. So the factory takes the op seed as a parameter,
``def weight_variable(shape, seed=None)`` with ``tf.random.truncated_normal(shape, stddev=0.1, seed=seed)``, and each
call site passes the seed TF1 gave its op (``weight_variable([5, 5, 1, 32], seed=0)``): the numbers of the Session.
One draw per factory is modelled (the parameter is ``seed``); more, or a draw whose seed is already written, keeps
the graph tier where a graph seed or op seed makes the numbers matter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session import helpers
from tfmigrate.transforms.session.analysis import descendants, is_random

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program
    from tfmigrate.transforms.session.seeds import SeedEdit, Seeds

PARAM = "seed"


def draws(program: Program) -> set[cst.Call]:
    """The random ops inside every factory's body: seeded at its call sites (``site``), not where they are written."""
    found: set[cst.Call] = set()
    for helper in program.helpers.values():
        if helper.kind == helpers.FACTORY:
            found |= set(_draws(program, helper))
    return found


def _draws(program: Program, helper: helpers.Helper) -> list[cst.Call]:
    return [
        c
        for c in descendants(helper.definition.body)
        if isinstance(c, cst.Call) and is_random(program.tf1_path(c.func))
    ]


def site(seeds: Seeds, call: cst.Call, seeded: bool, graph_seed: cst.Call | None) -> None:
    """A factory's call: its one draw takes the next op seed here, passed as ``seed=k``; raises Blocked."""
    from tfmigrate.transforms.session.seeds import OPS, seed_argument

    program = seeds.program
    helper = helpers.helper_of(program, call, helpers.FACTORY)
    if helper is None:
        return
    found = _draws(program, helper)
    if not found:
        return
    path = program.tf1_path(found[0].func)
    given = seed_argument(found[0], OPS[path]) if path in OPS else None
    if not seeded and all(seed_argument(d, OPS.get(program.tf1_path(d.func), 4)) is None for d in found):
        return  # no graph seed and no op seed: TF1 draws other numbers on every run too
    if len(found) > 1 or path not in OPS or given is not None:
        raise seeds.deny(
            f"seeded random op tf.{path} inside function `{helper.name}`: TF1 gave the op each call builds an op seed "
            "of its own; a factory with more than one draw, or with its seed written, is not modelled",
            found[0],
        )
    if graph_seed is not None and not seeded:
        raise seeds.deny(
            f"random op tf.{path} is seeded before tf.set_random_seed (TF1 seeds it without the graph seed, eager TF2 "
            "with it when it runs)",
            call,
        )
    if any(a.keyword is not None and a.keyword.value == PARAM for a in call.args) or PARAM in {
        p.name.value for p in helper.definition.params.params
    }:
        raise seeds.deny(f"function `{helper.name}` already has a `{PARAM}` parameter", call)
    seeds.seed(found[0], None, call, f"{PARAM}={{}}")
    seeds.edits[call] = seeds.edits.pop(found[0])  # the call site passes TF1's op seed ...
    seeds.op_seeds[call] = seeds.op_seeds.pop(found[0])
    seeds.edits[found[0]] = (
        f"{PARAM}={PARAM}"  # ... which the draw takes (the factory gets the parameter: ``definition``)
    )


def definition(program: Program, plan_seeds: dict[cst.Call, SeedEdit], original: cst.FunctionDef, updated):
    """A factory whose draw is seeded per call gets ``seed=None`` as its last parameter."""
    helper = program.helpers.get(original.name.value)
    if helper is None or helper.definition is not original or helper.kind != helpers.FACTORY:
        return updated
    if not any(plan_seeds.get(d) == f"{PARAM}={PARAM}" for d in _draws(program, helper)):
        return updated
    params = list(updated.params.params)
    equal = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
    if params:
        params[-1] = params[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    params.append(cst.Param(cst.Name(PARAM), default=cst.Name("None"), equal=equal))
    return updated.with_changes(params=updated.params.with_changes(params=params))
