"""numpy draws in a graph value computed from constants alone (``embedding = tf.constant(np.random.rand(4, 10))``;
held-out set 25's xh_word2vec).

TF1 calls ``np.random.rand`` once, when the statement builds the graph, and folds the array into a constant every run
reads. The eager program evaluates a value computed from constants alone once, where it is built (a "const" node, the
statement kept in place), so numpy draws the same numbers at the same point of the program, in the same order beside
the program's other draws. A value that reads a placeholder, a variable or any computed tensor becomes a function
the eager program calls per run (or traces into a tf.function, which freezes the draw): there the draw would repeat
(or move), so it stays refused, saying why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session import helpers, host_numpy
from tfmigrate.transforms.session.analysis import descendants, loaded_names

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Node, Program

ARRAY_METHODS = frozenset({"astype", "reshape"})


def calls(program: Program, value: cst.CSTNode) -> list[cst.Call]:
    """The ``numpy.random`` calls (``np.random.rand(4, 10)``) in a graph value."""
    return [
        c
        for c in descendants(value)
        if isinstance(c, cst.Call) and (host_numpy.numpy_path(program, c.func) or "").startswith("numpy.random.")
    ]


def drawn_once(program: Program, value: cst.CSTNode) -> set[cst.Call]:
    """The numpy draws in ``value`` that run once, where the statement builds it: the value reads constants alone
    and calls no helper, and each draw's arguments are host values (no graph name, no call but numpy's pure ones
    and ``int``/``len``...). Empty when any of that fails (the draws are then refused as before)."""
    found = calls(program, value)
    if not found:
        return set()
    if any(program.nodes[name].kind != "const" for name in program._reads(value)):
        return set()
    if any(isinstance(c, cst.Call) and helpers.helper_of(program, c) is not None for c in descendants(value)):
        return set()
    # ``np.random.rand(4, 3).astype(np.float32)``: numpy's conversion of the drawn array, no draw of its own
    found += [
        c
        for c in descendants(value)
        if isinstance(c, cst.Call)
        and isinstance(c.func, cst.Attribute)
        and c.func.attr.value in ARRAY_METHODS
        and any(c.func.value is d for d in found)
    ]
    for call in found:
        for arg in call.args:
            if any(n.value in program.nodes for n in loaded_names(arg.value)):
                return set()
            if not host_numpy.host_calls(program, arg):
                return set()
    return set(found)


def check(program: Program, node: Node, drawn: set[cst.Call]) -> None:
    """Raise Blocked if ``node``, whose numpy draws were read as drawn once, is not evaluated once (a const)."""
    if drawn and node.kind != "const":
        call = next(iter(drawn))
        what = program.module.code_for_node(call.func)
        raise program.deny(
            f"`{what}` draws numpy random numbers in `{node.name}`, which the eager program evaluates per run (TF1 "
            "drew them once, when it built the graph)",
            call,
        )
