"""Module-level functions that build variables on every call (``def highway_layer(x, size): W = init_weight([size,
size]); ...``, ``def init_weight(shape): return tf.Variable(...)``), so that a module-level loop calling one
(``for i in range(n_layers): h = highway_layer(h, size)``) builds the graph.

TF1 ran such a loop once, when it built the graph: every pass called the function and made a new set of variables,
in pass order, with TF1's numbered names. Unrolled (loops.py), each pass is a statement of its own, and the call
read at each of them (inlined_helpers.py) makes its variables once, where TF1 made them. A function counts when its
body, or a module-level function it calls, calls ``tf.Variable`` or ``tf.get_variable`` and runs no graph (no
``.run``/``.eval``, no Session): a function that runs the graph in a loop is the run phase, not graph building.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import SESSIONS
from tfmigrate.transforms.session.analysis import VARIABLES, Resolve, descendants

RUNS = frozenset({"run", "eval"})


def variable_builders(module: cst.Module, resolve: Resolve) -> frozenset[str]:
    """The module-level functions (defined once) whose calls build variables and run nothing."""
    functions: dict[str, cst.FunctionDef] = {}
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef):
            name = statement.name.value
            functions[name] = statement if name not in functions else None  # type: ignore[assignment]
    defined = {name: f for name, f in functions.items() if f is not None}
    direct: dict[str, bool] = {}
    calls: dict[str, set[str]] = {}
    runs: set[str] = set()
    for name, function in defined.items():
        direct[name], calls[name] = False, set()
        for node in descendants(function.body):
            if not isinstance(node, cst.Call):
                continue
            if isinstance(node.func, cst.Attribute) and node.func.attr.value in RUNS:
                runs.add(name)
            path = (resolve(node.func) or "").removeprefix("compat.v1.")
            if path in SESSIONS:
                runs.add(name)
            elif path in VARIABLES:
                direct[name] = True
            elif isinstance(node.func, cst.Name) and node.func.value in defined:
                calls[name].add(node.func.value)
    builds = callers(calls, {name for name, made in direct.items() if made})
    return frozenset(builds - callers(calls, runs))


def callers(calls: dict[str, set[str]], found: set[str]) -> set[str]:
    """``found`` and every function that calls one of them, through calls of calls."""
    found = set(found)
    grown = True
    while grown:
        grown = False
        for name, called in calls.items():
            if name not in found and called & found:
                found.add(name)
                grown = True
    return found
