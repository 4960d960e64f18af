"""A lambda that evaluates a graph value: ``eval_fun = lambda X: predicted_class.eval(feed_dict={x: X})``, handed
to a plotting helper that calls it on a grid of points (jasonbaldridge/try-tf's softmax classifier, under ``if
plot:``).

Each call of the lambda is a run of the graph at the time of the call, with the lambda's argument fed. The eager
program keeps the lambda and rewrites its body as any run is rewritten (``lambda X: predicted_class(X).numpy()``):
each call computes the same value from the variables as they are when it is called, as TF1's run did, whether the
lambda is called once, many times or never. The proof reads the body as code inside a loop (it may run any number
of times). A lambda whose parameters shadow a graph name, a Session or an import, take defaults or are starred, or
that evaluates nothing, is judged as before: code the proof does not model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program

RUNS = frozenset({"eval", "run"})


def evaluates(program: Program, function: cst.Lambda, sessions: set[str]) -> bool:
    """``function`` evaluates a graph value (a ``.eval(...)`` or ``.run(...)`` call in its body) and its
    parameters are plain names without defaults that hide no graph value, Session or imported name."""
    parameters = function.params
    if parameters.star_arg is not cst.MaybeSentinel.DEFAULT or parameters.star_kwarg is not None:
        return False
    if parameters.kwonly_params or parameters.posonly_params:
        return False
    for parameter in parameters.params:
        name = parameter.name.value
        if parameter.default is not None or name in program.nodes or name in sessions or name in program.imported:
            return False
    return any(
        isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in RUNS
        for node in descendants(function.body)
    )
