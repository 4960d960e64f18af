"""Graph helpers a helper calls that are defined below it (``def dense_layer(...)`` calling ``init_weight``, defined
next; held-out set 21's highway network).

Python looks a global up when the call runs, so the function called is the one the module defines by then, wherever
its ``def`` stands. The proof reads definitions in order; a callee read later would be an unknown call ("cannot prove
free of side effects") where the same program with its helpers above reads it as the helper it is. The module-level
functions right below a helper (nothing but other ``def`` statements between: no graph value the callee could read
is bound in between) are therefore read first, when the helper calls them, so the reading no longer depends on
their order; the proof then passes their ``def`` as read (``defined``)."""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from tfmigrate.transforms.session.analysis import Program, descendants


def define_first(
    program: Program,
    definition: cst.FunctionDef,
    sessions: set[str],
    uses_graph: Callable[[Program, cst.CSTNode, set[str]], bool],
    define: Callable[[Program, cst.FunctionDef, set[str]], object],
) -> None:
    """Read (``define``) each graph function of the run of ``def`` statements right below ``definition`` that
    ``definition`` calls by name and that is not read yet."""
    body = list(program.module.body)
    at = next((i for i, statement in enumerate(body) if statement is definition), None)
    if at is None:
        return
    called = {
        call.func.value
        for call in descendants(definition.body)
        if isinstance(call, cst.Call) and isinstance(call.func, cst.Name)
    }
    for later in body[at + 1 :]:
        if not isinstance(later, cst.FunctionDef):
            return
        name = later.name.value
        if name in called and name not in program.helpers and not _returns_dict(later):
            if uses_graph(program, later, sessions):
                define(program, later, sessions)


def defined(program: Program, statement: cst.CSTNode) -> bool:
    """``statement`` is a ``def`` already read as a helper by ``define_first``."""
    if not isinstance(statement, cst.FunctionDef):
        return False
    helper = program.helpers.get(statement.name.value)
    return helper is not None and getattr(helper, "definition", None) is statement


def _returns_dict(definition: cst.FunctionDef) -> bool:
    """A feed function (``return {x: xs, y_: ys}``, feed_functions.py): not read ahead."""
    return any(isinstance(n, cst.Return) and isinstance(n.value, cst.Dict) for n in descendants(definition.body))
