"""How many times one evaluation of a graph value draws from each random op it depends on.

TF1 evaluates every op once per run, so ``c = a + a * 2`` with ``a = tf.random_normal(...)`` reads one draw of
``a``. The eager program computes ``c`` by calling the functions of what it reads, so each read of ``a`` (directly
or through ``b = a * 2``) calls ``a()`` again: another draw. A value whose evaluation would draw one random op
more than once keeps the graph tier.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session import helpers
from tfmigrate.transforms.session.analysis import descendants, is_random, loaded_names

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Blocked, Node, Program

Counts = dict[int, tuple["Node", int]]  # id(random source node) -> (the node, draws per evaluation)


def _cache(program: Program) -> dict[int, Counts]:
    cache = getattr(program, "_draws", None)
    if cache is None:
        cache = {}
        program._draws = cache  # type: ignore[attr-defined]
    return cache


def _own(program: Program, value: cst.CSTNode) -> bool:
    return any(
        isinstance(c, cst.Call)
        and (is_random(program.tf_path(c.func) or "") or getattr(helpers.helper_of(program, c), "random", False))
        for c in descendants(value)
    )


def counts(program: Program, value: cst.CSTNode, node: Node | None = None) -> Counts:
    """The random sources one eager evaluation of ``value`` (``node``'s value, when given) calls, and how often."""
    found: Counts = {}

    def add(more: Counts) -> None:
        for key, (source, times) in more.items():
            found[key] = (source, found.get(key, (source, 0))[1] + times)

    cache = _cache(program)
    reads = [n.value for n in loaded_names(value) if n.value in program.nodes]
    if program.helpers:
        reads += [name for name in helpers.graph_reads(program, value) if name not in reads]
    for name in reads:
        read = program.nodes[name]
        if read.random:
            add(cache.get(id(read), {id(read): (read, 1)}))
    if node is not None and node.random and (_own(program, value) or not found):
        add({id(node): (node, 1)})
    return found


def check(program: Program, node: Node, value: cst.BaseExpression) -> None:
    """Record ``node``'s draws; raise Blocked where its eager function would draw a random op twice."""
    if not node.random:
        return
    found = counts(program, value, node)
    blocked = twice(program, found, f"`{node.name}`", value)
    if blocked is not None:
        raise blocked
    _cache(program)[id(node)] = found


def twice(program: Program, found: Counts, what: str, where: cst.CSTNode) -> Blocked | None:
    for source, times in found.values():
        if times > 1:
            return program.deny(
                f"{what} reads the random tensor `{source.name}` (line {source.line}) along {times} paths: TF1 "
                "draws it once per run, the eager functions would draw it once per path",
                where,
            )
    return None
