"""A module function given by name to a higher-order op: ``def step(h_prev, x_t): return tf.tanh(...)`` then
``states = tf.scan(step, inputs, initializer=h0)`` (hand-written RNN cells).

TF1 traces the function once into a While loop and runs it per element; eagerly (or traced inside the train step's
tf.function) it is called per element. The values agree when the function is what a lambda given there may be
(higher_order.py): a graph helper (helpers.py: assignments and one ``return`` of ops whose eager value is the
Session's, checked where it is defined) that draws nothing, creates no variable (TF1 made one set while tracing; a
call per element would make them again) and reads from the module only variables and constants, which stay values
in the eager program and hold, during one run, what TF1's loop read. Its parameters are the loop's values, so none
may be named like a graph value. The function is then used as a value where the graph is built, which helpers.py
otherwise refuses: the argument is recorded in ``program.traced_helpers``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program
    from tfmigrate.transforms.session.helpers import Helper

VALUES = frozenset({"variable", "const"})  # graph values a traced function may read: they stay values eagerly


def named(program: Program, value: cst.BaseExpression) -> Helper | None:
    """The module-level graph function ``value`` names, modelled now if the graph has not called it yet."""
    from tfmigrate.transforms.session import helpers

    if not isinstance(value, cst.Name):
        return None
    if value.value in program.functions:
        helpers.define(program, program.functions.pop(value.value), set())
    return program.helpers.get(value.value)


def check(program: Program, arg: cst.Arg, path: str, keyword: str) -> None:
    """Raise Blocked unless the function ``arg`` names runs per element as TF1's traced body did."""
    from tfmigrate.transforms.session import helpers

    helper = named(program, arg.value)
    assert helper is not None
    given = f"tf.{path}({keyword}={helper.name})"
    if helper.kind != helpers.GRAPH or helper.split is not None or helper.prints:
        raise program.deny(
            f"{given}: the function builds variables, name scopes, branches or prints (TF1 traced it once; an eager "
            "call per element would repeat them)",
            arg,
        )
    if helper.random:
        raise program.deny(f"{given}: the function draws random numbers on every call", arg)
    for param in helper.definition.params.params:
        if param.name.value in program.nodes:
            raise program.deny(f"{given}: a parameter is named like the graph value `{param.name.value}`", param)
    for name in sorted(reads(program, helper)):
        node = program.nodes[name]
        if node.kind not in VALUES:
            raise program.deny(f"{given}: the function reads the graph value `{name}` ({node.kind})", arg)
    program.traced_helpers.add(arg)


def reads(program: Program, helper: Helper) -> set[str]:
    """The module-level graph values the function reads when called, through the helpers it calls."""
    from tfmigrate.transforms.session import helpers

    return {name for name in helpers.free_names(program, helper) if name in program.nodes}


def graph_reads(program: Program, value: cst.CSTNode) -> list[str]:
    """The graph values the functions handed to higher-order ops in ``value`` read (analysis.py's reads, so that
    the value depends on the variables the function uses)."""
    from tfmigrate.transforms.session import higher_order
    from tfmigrate.transforms.session.analysis import descendants

    found: list[str] = []
    for call in descendants(value):
        if not (isinstance(call, cst.Call) and higher_order.is_higher_order(program.tf_path(call.func) or "")):
            continue
        for arg in call.args:
            helper = program.helpers.get(arg.value.value) if isinstance(arg.value, cst.Name) else None
            if helper is not None:
                found += [name for name in sorted(reads(program, helper)) if name not in found]
    return found
