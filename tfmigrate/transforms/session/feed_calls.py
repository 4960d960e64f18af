"""A run fed by a call: ``sess.run(train_step, feed_dict=feed_dict(True))`` (the TF tutorial's
``mnist_with_summaries.py``), read as ``feed = feed_dict(True)`` on the line before and ``sess.run(train_step,
feed_dict=feed)``.

The proof reads a feed dict bound to a name (proof.py's ``feed_dict``, feed_functions.py): the eager program reads
it once per placeholder (``feed["x"]``), where an inline call would run once per read, drawing a batch each time.
TF1 called the function once, while the run's arguments were evaluated; on the line before, it is called once too,
and in the same order with the rest of the line where nothing the line evaluates before it has an effect: no call
is made before it (the calls around it run after their arguments), and it is not under a condition (``and``/``or``,
``a if c else b``), in a comprehension or in a lambda. Only for a function whose last statement returns a dict
literal keyed by names the module binds to placeholders; the proof judges the rest (feed_functions.define).
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session import feed_functions
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants, parents_of
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.hoisted_calls import bound, call_line, first_effect, method_calls

_RUNS = ("run", "eval")


def hoist(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each run's inline call of a feed function bound to a name on the line before, and a note
    for each; None where there is none."""
    functions = _feed_functions(module, resolve)
    if not functions:
        return None
    parents = parents_of(module)
    taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    names: dict[str, str] = {}
    hoisted: dict[int, list[tuple[cst.Call, str]]] = {}  # id of the line -> the call and the name it is bound to
    for node in method_calls(module, _RUNS):
        fed = argument(node, None, "feed_dict")
        call = fed.value if fed is not None else None
        if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value in functions):
            continue
        line = call_line(call, parents)
        if line is None or id(line) in hoisted or not first_effect(line, call):
            continue
        name = names.get(call.func.value) or names.setdefault(call.func.value, numbered(taken, "feed"))
        hoisted[id(line)] = [(call, name)]
    return bound(
        module,
        resolve,
        line_of,
        hoisted,
        lambda code, name: f"the feed dict `{code}` returns bound to `{name}` before the run",
    )


def refusal(module: cst.Module, resolve: Resolve, feed: cst.BaseExpression) -> str | None:
    """Why a run's ``feed_dict=f(...)`` of a feed function was not bound on the line before, for the report; None
    for any other feed."""
    if not (isinstance(feed, cst.Call) and isinstance(feed.func, cst.Name)):
        return None
    if feed.func.value not in _feed_functions(module, resolve):
        return None
    return (
        f"the feed_dict `{module.code_for_node(feed)}` is a call on a line that calls something before it or under a "
        "condition (`and`/`or`, `a if c else b`, a lambda or comprehension), so its dict is not bound on the line "
        "before the run"
    )


def _feed_functions(module: cst.Module, resolve: Resolve) -> set[str]:
    """Functions whose last statement returns ``{name: ..., ...}``, each key a name bound to a placeholder."""
    placeholders = {
        target.value
        for assign in descendants(module)
        if isinstance(assign, cst.Assign)
        and isinstance(assign.value, cst.Call)
        and (resolve(assign.value.func) or "").removeprefix("compat.v1.") == "placeholder"
        for t in assign.targets
        for target in [t.target]
        if isinstance(target, cst.Name)
    }
    found = set()
    for function in descendants(module):
        if not (isinstance(function, cst.FunctionDef) and isinstance(function.body, cst.IndentedBlock)):
            continue
        value = feed_functions.returned_by(function)
        if (
            isinstance(value, cst.Dict)
            and value.elements
            and all(
                isinstance(e, cst.DictElement) and isinstance(e.key, cst.Name) and e.key.value in placeholders
                for e in value.elements
            )
        ):
            found.add(function.name.value)
    return found
