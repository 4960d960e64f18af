"""A run fed a call's value in its feed dict literal, ``sess.run([a, q], feed_dict={x: one_hot(state, 4)})``,
read as ``fed = one_hot(state, 4)`` on the line before and ``feed_dict={x: fed}``.

TF1 evaluated the feed dict once, as an argument of the run; the eager program reads a fed value at each function
that needs it (``a(x)``, ``q(x)``), where an inline call would run once per read: the proof refuses that
(fed_value_reasons.py). Bound on the line before, the call is made once, in the same
order where it is the line's first effect (hoisted_calls.py; a dict's calls in the order written). Tried only for
a program refused as written (``eager_rewrite``), so a program proved with the call inline keeps its rewrite.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants, parents_of
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.hoisted_calls import bound, call_line, first_effect, method_calls
from tfmigrate.transforms.session.proof import _pure_index, pure

_RUNS = ("run", "eval")
_FEED_POSITION = {"run": 1, "eval": 0}  # ``sess.run(fetches, feed_dict)``, ``tensor.eval(feed_dict)``


def hoist(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with the calls in each run's feed dict literal bound to names on the line before, and a note
    for each; None where there is none."""
    parents = parents_of(module)
    taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    hoisted: dict[int, list[tuple[cst.Call, str]]] = {}
    for node in method_calls(module, _RUNS):
        fed = argument(node, _FEED_POSITION[node.func.attr.value], "feed_dict")
        if fed is None or not isinstance(fed.value, cst.Dict):
            continue
        calls = [
            call
            for e in fed.value.elements
            if isinstance(e, cst.DictElement) and (call := _called(e.value)) is not None and not pure(call)
        ]
        line = call_line(calls[0], parents) if calls else None
        if line is None or id(line) in hoisted:
            continue
        if not all(first_effect(line, call, frozenset(id(c) for c in calls[:i])) for i, call in enumerate(calls)):
            continue
        hoisted[id(line)] = [(call, numbered(taken, "fed")) for call in calls]
    return bound(
        module, resolve, line_of, hoisted, lambda code, name: f"the fed value `{code}` bound to `{name}` before the run"
    )


def _called(value: cst.BaseExpression) -> cst.Call | None:
    """The call a fed value computes: the value itself, or the call a pure index picks from
    (``np.identity(16)[s : s + 1]``: the call is bound, the index stays where it was)."""
    while isinstance(value, cst.Subscript) and all(_pure_index(s.slice) for s in value.slice):
        value = value.value
    return value if isinstance(value, cst.Call) else None
