"""A class whose constructor begins a graph of its own: pyemma's recommenders (``class MatrixFactorization: def
__init__(self, ...): self.num_user = num_user; ...; self._init_graph(); self.session = tf.InteractiveSession()``,
``_init_graph`` starting with ``tf.reset_default_graph()``), constructed once per pass of a loop that keeps the best
test score (``for _ in range(NUM_TEST): mf = MatrixFactorization(...); mf.learn(...); score = mf.test(...)``).

When the construction is the first statement of the pass and nothing before the reset builds graph (the arguments
and the constructor's own statements before it are plain Python: ``self.num_user = num_user``, a ``self.m()`` call
followed into ``m``), the pass begins as a pass starting with ``tf.reset_default_graph()`` does: the instance's
variables are made in a fresh graph, under the same names and op seeds each pass, and its Session starts from
nothing. So the loop is one graph_loops.py reads as a pass of its own, with the construction kept (the class proof
drops the reset inside the class) and the seeds the class sets after its reset counted as the pass's own.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants
from tfmigrate.transforms.session.class_sugar import self_name
from tfmigrate.transforms.session.graph_resets import Resets
from tfmigrate.transforms.session.renames import lone_assignment
from tfmigrate.transforms.session.reset_seeds import called

INIT = "__init__"
DEPTH = 4  # ``__init__`` -> ``self.build()`` -> ``self._init_graph()``: how deep the reset is looked for


def _methods(definition: cst.ClassDef) -> dict[str, cst.FunctionDef]:
    body = definition.body.body if isinstance(definition.body, cst.IndentedBlock) else ()
    return {m.name.value: m for m in body if isinstance(m, cst.FunctionDef)}


def _own_method(statement: cst.CSTNode, owner: str, methods: dict[str, cst.FunctionDef]) -> str | None:
    """``self.m()``, a statement of its own calling a method of the class with no arguments: its name."""
    call = called(statement)
    if call is None or call.args or not isinstance(call.func, cst.Attribute):
        return None
    receiver = call.func.value
    if isinstance(receiver, cst.Name) and receiver.value == owner and call.func.attr.value in methods:
        return call.func.attr.value
    return None


def _after_reset(
    function: cst.FunctionDef,
    methods: dict[str, cst.FunctionDef],
    reset: Resets,
    depth: int,
) -> list[cst.BaseStatement] | None:
    """The statements that run after the reset, when ``function`` resets the graph before anything else it runs
    could build graph (a statement calling nothing, or ``self.m()`` of a method that does so itself); None else."""
    owner = self_name(function) or ""
    body = list(function.body.body) if isinstance(function.body, cst.IndentedBlock) else []
    for index, statement in enumerate(body):
        if reset.is_reset(statement):
            return body[index + 1 :]
        method = _own_method(statement, owner, methods)
        if method is not None and depth > 0 and method != function.name.value:
            inner = _after_reset(methods[method], methods, reset, depth - 1)
            if inner is not None:
                return [*inner, *body[index + 1 :]]
        if any(isinstance(n, (cst.Call, cst.Lambda, cst.FunctionDef, cst.ClassDef)) for n in descendants(statement)):
            return None  # anything called first (a helper, an op): not known to leave the graph empty
    return None


def restarted(module: cst.Module, statement: cst.CSTNode, reset: Resets) -> list[cst.BaseStatement] | None:
    """For ``x = Model(...)`` constructing a module-level class whose constructor resets the graph first: the
    statements that run after the reset (the constructor's, then the methods' it calls); None for any other
    statement."""
    small = lone_assignment(statement)
    if small is None or not isinstance(small.targets[0].target, cst.Name):
        return None
    call = small.value
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Name)):
        return None
    if any(isinstance(n, cst.Call) for arg in call.args for n in descendants(arg)):
        return None  # an argument computed by a call: it runs before the reset, in the graph of the pass before
    name = call.func.value
    classes = [s for s in module.body if isinstance(s, cst.ClassDef) and s.name.value == name]
    if len(classes) != 1 or classes[0].decorators:
        return None
    if not all(isinstance(b.value, cst.Name) and b.value.value == "object" and not b.keyword for b in classes[0].bases):
        return None  # a base class's constructor may run first
    methods = _methods(classes[0])
    if INIT not in methods:
        return None
    return _after_reset(methods[INIT], methods, reset, DEPTH)
