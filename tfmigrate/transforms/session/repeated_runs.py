"""One function holding the whole Session program, run more than once: ``def run(train=True): tf.reset_default_graph();
...; with tf.Session() as sess: ...`` then ``run(train=True)`` (trains and saves) and ``run(train=False)``
(restores and goes on), each call a statement of its own (or assigned to one name) at module level or in the final
``if __name__ == "__main__":`` block.

The body's first TensorFlow statement (after a docstring or prints) is ``tf.reset_default_graph()``, or a ``with
tf.Graph().as_default():`` holding the rest of its TensorFlow code: each TF1 call builds into an empty graph (its variables named as
the first call's, which is what lets the second call's Saver restore the first's checkpoint) and runs it in a Session
of its own, whose variables start over; nothing of an earlier call can be run. So each call is the program the body
is, and the proof of one call (functions.py) holds for every call: eagerly each call creates its own variables,
optimizer and traced functions, all nested in the body, with the TF1 names the checkpoint reads. Seeds are
reset_seeds.py's, the body after the reset standing for the restarted code. Between and after the calls the module uses no TensorFlow;
the calls pass host values (functions.py checks both, as for one call).

The reset may stand instead at the calls, a statement of its own right before each call after the first (``train(20)``,
``tf.reset_default_graph()``, ``train(2)``: each run builds its own graph), with no TensorFlow before the first call
(functions.py checks the statements before it): the first call then builds into the empty graph the program starts
with, and each later one into the graph the reset left empty, which is the same reading with the whole body
restarted. A function run twice without such a reset builds its second model beside the first (``W_1``), and keeps
the graph tier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

from tfmigrate.transforms.session import reset_seeds
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.graph_resets import Resets

NAMES = (cst.Name, cst.Attribute)


@dataclass
class Runs:
    calls: list[cst.Call]
    callers: list[cst.CSTNode]  # the module-level statements holding them (the final guard for calls in it)
    resets: frozenset[int]  # the resets standing before the later calls: not the module's use of TensorFlow
    before: list[cst.CSTNode]  # the statements before the first call, which must use no TensorFlow then


def runs(
    module: cst.Module, function: cst.FunctionDef, resolve: Resolve, line_of: LineOf, guard: cst.If | None
) -> Runs | None:
    """The calls that run ``function`` as above, where it is run more than once so; None where it is not; Blocked
    where its seeds are not its own."""
    # both import this module's importer, functions.py
    from tfmigrate.transforms.session.functions import module_references

    body = list(function.body.body) if isinstance(function.body, cst.IndentedBlock) else []
    reset = Resets.of(module, resolve)
    restarted = _restarted(body, resolve, reset)
    name = function.name.value
    places = [
        *module.body,
        *(guard.body.body if guard is not None and isinstance(guard.body, cst.IndentedBlock) else ()),
    ]
    calls = [
        call
        for statement in places
        if (call := _called(statement)) is not None and isinstance(call.func, cst.Name) and call.func.value == name
    ]
    uses = [n for s in module.body for n in module_references(s, name) if n is not function.name]
    if len(calls) < 2 or len(uses) != len(calls) or any(u is not c.func for u, c in zip(uses, calls)):
        return None
    resets: frozenset[int] = frozenset()
    before: list[cst.CSTNode] = []
    if restarted is None:
        at_calls = _reset_at_calls(places, calls, reset)
        if at_calls is None:
            return None
        restarted, (resets, before) = body, at_calls
    callers = _callers(module, guard, calls)
    if callers is None:
        return None
    where = f"function `{name}` (run more than once, each call building a graph of its own)"
    reset_seeds.check(module, restarted, resolve, line_of, where)
    return Runs(calls, callers, resets, before)


def builds_again(module: cst.Module, function: cst.FunctionDef, resolve: Resolve, guard: cst.If | None) -> bool:
    """Whether a later call of ``function`` builds into the graph an earlier one left (``functions.RUN_AGAIN``): its
    body does not start from an empty graph, and a call after the first, a statement of its own at module level or
    in the final guard, has no bare reset right before it (``train(2)`` then ``train(5)``)."""
    body = list(function.body.body) if isinstance(function.body, cst.IndentedBlock) else []
    reset = Resets.of(module, resolve)
    if _restarted(body, resolve, reset) is not None:
        return False
    places = [
        *module.body,
        *(guard.body.body if guard is not None and isinstance(guard.body, cst.IndentedBlock) else ()),
    ]
    at = [
        index
        for index, statement in enumerate(places)
        if (call := _called(statement)) is not None
        and isinstance(call.func, cst.Name)
        and call.func.value == function.name.value
    ]
    return len(at) > 1 and any(index == 0 or not reset.is_reset(places[index - 1]) for index in at[1:])


def _reset_at_calls(
    places: Sequence[cst.CSTNode], calls: list[cst.Call], reset: Resets
) -> tuple[frozenset[int], list[cst.CSTNode]] | None:
    """The ids of the bare resets standing right before each call after the first, and the statements before the
    first call; None unless every later call has one."""
    at = [next(i for i, s in enumerate(places) if _called(s) is call) for call in calls]
    resets = []
    for index in at[1:]:
        if index == 0 or not reset.is_reset(places[index - 1]):
            return None
        resets.append(id(places[index - 1]))
    return frozenset(resets), list(places[: at[0]])


def _restarted(body: list, resolve: Resolve, reset: Resets) -> list | None:
    """The statements the body runs in a graph of its own: after its first TensorFlow statement, a bare
    ``tf.reset_default_graph()``, or inside it, a ``with tf.Graph().as_default():`` after which the body uses no
    TensorFlow; None for any other body (the statements before either use no TensorFlow: a docstring, a print)."""
    tensorflow = [i for i, s in enumerate(body) if any(resolve(n) for n in descendants(s) if isinstance(n, NAMES))]
    if not tensorflow:
        return None
    first = body[tensorflow[0]]
    if reset.is_reset(first) and tensorflow[0] + 1 < len(body):
        return body[tensorflow[0] + 1 :]
    if not (isinstance(first, cst.With) and len(first.items) == 1 and len(tensorflow) == 1):
        return None
    item = first.items[0].item
    method = item.func if isinstance(item, cst.Call) and isinstance(item.func, cst.Attribute) else None
    graph = method.value if method is not None and method.attr.value == "as_default" else None
    if not (
        isinstance(graph, cst.Call)
        and (resolve(graph.func) or "").removeprefix("compat.v1.") == "Graph"
        and not graph.args
        and isinstance(first.body, cst.IndentedBlock)
    ):
        return None
    return list(first.body.body)


def _called(statement: cst.CSTNode) -> cst.Call | None:
    """``run(train=True)`` or ``losses = run(train=True)``: the call a statement of its own is, or assigns to one
    name."""
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        small = statement.body[0]
        if isinstance(small, cst.Assign) and not all(isinstance(t.target, cst.Name) for t in small.targets):
            return None
        if isinstance(small, (cst.Expr, cst.Assign)) and isinstance(small.value, cst.Call):
            return small.value
    return None


def _callers(module: cst.Module, guard: cst.If | None, calls: list[cst.Call]) -> list[cst.CSTNode] | None:
    """The statements from the first call on (all of them after the function's definitions), or the guard."""
    held = [s for s in module.body if any(c in set(descendants(s)) for c in calls)]
    if guard is not None and held == [guard]:
        return [guard]
    if any(s is guard for s in held):
        return None
    first = module.body.index(held[0])
    after: list[cst.CSTNode] = list(module.body[first:])
    if any(isinstance(s, (cst.FunctionDef, cst.ClassDef)) for s in after):
        return None
    return after
