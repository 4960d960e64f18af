"""Refuses an eager rewrite whose value functions recompute shared values a number of times exponential in the graph.

The rewrite makes each graph value a function of its placeholders that calls the functions of the values it reads
(``def c_1(x): return f_1(x) * c_0(x) + i_1(x) * g_1(x)``). TF1 computed each value once per run; the functions
compute a value once per *path* to it. A chain where each value reads the previous one more than once (a hand
unrolled LSTM: the state ``h`` read by the four gates of the next step, ``c`` by the next ``c`` and ``h``) calls the
first step's functions 5^T times: the migrated program runs for hours where TF1 took seconds. Such a program keeps
the graph tier, naming the value recomputed most and the line that builds it.

The bound is linear in the program: the calls one run makes (every path counted) may reach ``FACTOR`` times the
number of value functions, or ``FLOOR`` calls for a small program, whichever is more. Counted as the rewrite writes
the functions: one whose tree reads a plain value again binds it once (bound_values.py), so what stays past the
bound is recomputation through values that cannot be bound (a tf.layers call, a helper-built layer, a random op).
"""

from __future__ import annotations

import re
from collections import Counter

from tfmigrate.transforms.session.analysis import Blocked, Node, Program
from tfmigrate.transforms.session.bound_values import bound_costs, calls, post_order, reads

FUNCTIONS = ("tensor", "assign", "train", "gradients")  # kinds the rewrite writes as functions of the placeholders
FACTOR = 4
FLOOR = 200


def check(program: Program) -> None:
    """Raises Blocked when some value's function calls, along every path, more functions than the bound allows."""
    nodes = [node for versions in program.versions.values() for node in versions if node.kind in FUNCTIONS]
    if not nodes:
        return
    costs: dict[int, int] = {}
    bound = max(FACTOR * len(nodes), FLOOR)
    if max(_cost(node, costs) for node in nodes) <= bound:
        return
    bound_cost = bound_costs(program, nodes)  # each function with shared values binds them (bound_values.py)
    root = max(nodes, key=lambda node: (bound_cost[id(node)], -node.index))
    total = bound_cost[id(root)]
    if total <= bound:
        return
    names = {id(node): _source_name(name, program) for name, versions in program.versions.items() for node in versions}
    name, count, line = _most_recomputed(_times(root).values(), names)
    raise Blocked(
        f"the eager functions would recompute `{name}` {count} times per run of `{root.name}` ({total} calls for "
        f"{len(nodes)} graph values: each value's function calls the functions of the values it reads again, where "
        "TF1 computed each value once)",
        line,
    )


def _source_name(name: str, program: Program) -> str:
    """``h`` for ``h_3``, the name loops.py gave the fourth step's ``h`` of an unrolled loop that rebinds ``h``."""
    match = re.fullmatch(r"(.+)_\d+", name)
    return match.group(1) if match and match.group(1) in program.versions else name


def _most_recomputed(times, names: dict[int, str]) -> tuple[str, int, int]:
    """The name whose values (every version of a name a loop rebinds) are computed most, with the line of its last
    version: values that read others first (``h``, not the slice ``xt`` of the fed sequence each step also reads)."""
    pairs = [(node, count) for node, count in times if calls(node)] or list(times)
    by_name: Counter[str] = Counter()
    last: dict[str, Node] = {}
    for node, count in pairs:
        name = names.get(id(node), node.name)
        by_name[name] += count
        if name not in last or node.index > last[name].index:
            last[name] = node
    name = max(by_name, key=lambda key: (by_name[key], last[key].index))
    return name, by_name[name], last[name].line


def _cost(node: Node, costs: dict[int, int]) -> int:
    """The calls one call of ``node``'s function makes, itself included, every path counted (memoised: the graph is a
    DAG, so each node is costed once)."""
    stack = [node]
    while stack:
        current = stack[-1]
        if id(current) in costs:
            stack.pop()
            continue
        below = reads(current)
        pending = [read for read in below.values() if id(read) not in costs]
        if pending:
            stack.extend(pending)
            continue
        costs[id(current)] = 1 + sum(count * costs[key] for key, count in calls(current).items())
        stack.pop()
    return costs[id(node)]


def _times(root: Node) -> dict[int, tuple[Node, int]]:
    """How many times one call of ``root``'s function calls each value function below it."""
    order = post_order(root)
    found: dict[int, tuple[Node, int]] = {id(root): (root, 1)}
    for current in reversed(order):  # readers before what they read
        here = found.get(id(current), (current, 0))[1]
        by_id = reads(current)
        for key, count in calls(current).items():
            found[key] = (by_id[key], found.get(key, (by_id[key], 0))[1] + here * count)
    return found
