"""A name the run phase's loop takes over: ``global_step = tf.Variable(0, trainable=False)`` for the graph, then
``for global_step in range(2000): sess.run(train, ...)`` counting the steps; ``for loss in losses: print(loss)``.

TF1 built the graph from the binding in effect when each op was made, so the loop leaves the graph as it was: from
the loop on, the name holds a host value. The eager program computes the graph's tensors as functions that read
module-level names when they run, so the proof refuses a graph name a loop rebinds. Renaming the name from the
loop's binding on (its target, or the lone assignment in a loop body, and every read and binding after it) to a
free name (``global_step_value``) changes no value the program sees, where it is certain that every read after the
binding saw the loop's value and every read before it the earlier one:

- the binding stands in straight-line code or in loop bodies (no branch, ``try`` or ``else`` between it and the
  module, or the body of the module-level function holding the program), and every binding before it is in
  straight-line code;
- no read before it lies in a loop around it (that loop's next pass would read the loop's value), and none after
  a loop around it (or the ``for`` itself) unless that loop surely runs the binding: ``range`` of literal or
  module-constant bounds that is not empty, or ``while True``, with no ``break``/``continue`` before the binding;
- no function, class, lambda or comprehension reads the name (it reads whichever binding is current when it runs),
  but a lambda made after the binding (late_lambdas.py), nor does the module read its namespace by name;
- an earlier binding holds more than a literal (a host counter ``i = 0`` needs no new name).

``refusal`` says which of these a loop's binding fails, for the proof's report. Tried only for a program refused
as written, after the other renamings, so that a proved program keeps its rewrite.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms.session import host_builtins, late_lambdas, loops
from tfmigrate.transforms.session.analysis import Bindings, LineOf, Resolve, descendants, parents_of
from tfmigrate.transforms.session.fresh_names import counted
from tfmigrate.transforms.session.functions import local_names, references
from tfmigrate.transforms.session.renames import SCOPES, lone_assignment, read_by_a_scope, renamed

RECURRENCE = "reads it before the binding, in a loop around it"  # ``state = f(x, state)`` in the loop
_NAMESPACE_READS = frozenset({"globals", "locals", "vars", "eval", "exec"})
_LOOPS = (cst.For, cst.While)
_LITERALS = (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)


def rename(module: cst.Module, resolve: Resolve, line_of: LineOf) -> tuple[cst.Module, Resolve, LineOf, list] | None:
    """The module with each name a loop rebinds under a free name from that binding on, in the module body and in
    each module-level function's body, and a note per renamed binding; None when none is renamed."""
    if any(isinstance(n, cst.Name) and n.value in _NAMESPACE_READS for n in descendants(module)):
        return None
    taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    renames: dict[int, str] = {}
    notes: list[tuple[int, str]] = []
    for body in _bodies(module):
        scope = Bindings(body)
        for name, site in scope.loose.items():
            tail = _tail(module, body, scope, name, site, line_of)
            if isinstance(tail, str) or not tail or name in _declared(body):
                continue
            new = counted(taken, f"{name}_value")
            renames.update((id(n), new) for n in tail)
            notes.append(
                (
                    line_of(site),
                    f"`{name}` bound again by {_construct(body, site)} here: named `{new}` from here on, so that the "
                    f"eager program's functions keep reading the earlier `{name}`",
                )
            )
    return renamed(module, resolve, line_of, renames, notes)


def refusal(
    module: cst.Module, name: str, site: cst.CSTNode, line_of: LineOf, tf_path: Resolve | None = None
) -> tuple[str, bool]:
    """Why the proof cannot read graph value ``name`` that ``site`` binds again in the program ``module``: the
    construct and what keeps it from a name of its own; and whether ``rename`` gives it one (then the program's
    own next refusal, read with the new name, is the truer reason)."""
    tail = _tail(module, module, Bindings(module), name, site, line_of)
    unrolled = _unrolling(module, site, tf_path) if tf_path is not None and isinstance(tail, str) else None
    if unrolled is not None and RECURRENCE in tail:  # ``for x in tf.unstack(xs): state = f(x, state)``
        return (
            f"`{name}` is rebound in the `for` loop over `{module.code_for_node(unrolled.iter)}` (line "
            f"{line_of(unrolled)}), a graph value: the loop runs once, when the graph is built, and unrolls a "
            f"recurrence (each pass builds `{name}` from the previous pass's); an unrolled recurrence is not modelled",
            False,
        )
    said = f"`{name}` is a graph value and is rebound by {_construct(module, site)}"
    kept = _not_unrolled(module, site, tf_path) if isinstance(tail, str) and RECURRENCE in tail else ""
    said = f"{said}, {tail}{kept}" if tail else said
    return said, bool(tail) and not isinstance(tail, str)


def _not_unrolled(module: cst.Module, site: cst.CSTNode, tf_path: Resolve | None) -> str:
    """For a recurrence in a module-level ``for`` loop, why the loop was not unrolled (loops.py), which would
    have given each pass's binding a name of its own: TF1 built one copy of the body per pass."""
    loop = next((s for s in module.body if isinstance(s, cst.For) and _holds(s.body, site)), None)
    if loop is None or tf_path is None:
        return ""
    why = loops.kept(module, loop, tf_path)
    return f"; the loop is not unrolled into one copy of its body per pass, as TF1 built it: {why}" if why else ""


def _unrolling(module: cst.Module, site: cst.CSTNode, tf_path: Resolve) -> cst.For | None:
    """The module-level ``for`` around ``site`` whose iterable is computed by TensorFlow (``tf.unstack(inputs)``):
    a loop over graph values, run when the graph is built."""
    loop = next((s for s in module.body if isinstance(s, cst.For) and _holds(s.body, site)), None)
    if loop is None or not any(isinstance(n, cst.Call) and tf_path(n.func) for n in descendants(loop.iter)):
        return None
    return loop


def _bodies(module: cst.Module) -> list[cst.Module]:
    """The module, and the body of each module-level function read as a module of its own (the same nodes)."""
    bodies = [module]
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef) and isinstance(statement.body, cst.IndentedBlock):
            bodies.append(cst.Module(body=cast(list[cst.SimpleStatementLine], statement.body.body)))
    return bodies


def _declared(body: cst.Module) -> set[str]:
    return {
        n.name.value for node in descendants(body) if isinstance(node, (cst.Global, cst.Nonlocal)) for n in node.names
    }


def _construct(root: cst.Module, site: cst.CSTNode) -> str:
    """What binds the name at ``site``, in the words of the report."""
    if isinstance(site, cst.For):
        return "the `for` loop's target"
    if isinstance(site, cst.NamedExpr):
        return "an assignment expression (`:=`)"
    if isinstance(site, cst.ExceptHandler):
        return "an `except ... as` clause"
    parents = parents_of(root)
    node: cst.CSTNode | None = parents.get(site)
    while node is not None:
        if isinstance(node, cst.If):
            return "a statement in an `if` branch"
        if isinstance(node, (cst.Try, cst.TryStar)):
            return "a statement in a `try` block"
        if isinstance(node, _LOOPS):
            return f"a statement in a `{'for' if isinstance(node, cst.For) else 'while'}` loop"
        node = parents.get(node)
    if isinstance(site, cst.SimpleStatementLine) and any(isinstance(s, cst.Del) for s in site.body):
        return "`del`"
    return "a statement outside straight-line code"


def _tail(
    module: cst.Module, body: cst.Module, scope: Bindings, name: str, site: cst.CSTNode, line_of: LineOf
) -> list[cst.Name] | str:
    """The Name nodes spelled ``name`` from the loop binding ``site`` on (its targets, then every read and binding
    after it), when renaming them keeps every value the program sees; else why not ("" where no loop binding
    takes a new name: nothing bound before, or a branch's binding)."""
    sites = scope.sites.get(name, [])
    index = next(i for i, s in enumerate(sites) if s is site)
    if not index:
        return []  # nothing bound before: no earlier value to keep
    if all(_literal(s, name) for s in sites[:index]):
        return []
    parents = parents_of(body)
    loops = _enclosing_loops(site, parents)
    if loops is None or not (isinstance(site, cst.For) or loops and lone_assignment(site) is not None):
        return ""
    order = {id(n): i for i, n in enumerate(descendants(body))}
    if isinstance(site, cst.For):
        bound, before = list(descendants(site.target)), {id(n) for n in descendants(site.iter)}
    else:
        assign = lone_assignment(site)
        assert assign is not None
        bound, before = list(descendants(assign.targets[0].target)), {id(n) for n in descendants(assign.value)}
    start = order[id(bound[0])]
    late = late_lambdas.made_after(body, name, start, order, before)
    if _read_by_a_scope(body, name, late) or (body is not module and _read_by_a_scope(module, name, late)):
        return "and a function, lambda or comprehension reads it (whichever binding is current when it runs)"
    scoped = {id(n) for s in descendants(body) if isinstance(s, SCOPES) and s not in late for n in descendants(s)}
    tail: list[cst.Name] = []
    for read in references(body, name):
        if id(read) in scoped:
            continue
        if any(read is n for n in bound):
            tail.append(read)
            continue
        inside = [loop for loop in loops if _holds(loop, read)]
        if order[id(read)] < start or id(read) in before:
            if inside:
                return f"and line {line_of(read)} {RECURRENCE} (its next pass reads the new value there)"
            continue
        around = [loop for loop in ([site] if isinstance(site, cst.For) else []) + loops if loop not in inside]
        if isinstance(site, cst.For) and _holds(site.body, read):
            around = around[1:]
        for loop in around:
            if not _surely_binds(module, loop, site, order):
                return (
                    f"and line {line_of(read)} reads it after the loop, which may run no pass and leave the "
                    "earlier value"
                )
        tail.append(read)
    return tail


def _read_by_a_scope(module: cst.Module, name: str, late: list[cst.Lambda]) -> bool:
    """``read_by_a_scope`` but for the lambdas made after the binding (late_lambdas.py): their reads are read as the
    module's own, at the lambda."""
    if not late:
        return read_by_a_scope(module, name)
    return any(
        isinstance(node, SCOPES)
        and all(node is not lam for lam in late)
        and references(node, name)
        and not (isinstance(node, cst.FunctionDef) and name in local_names(node))
        for node in descendants(module)
    )


def _literal(site: cst.CSTNode, name: str) -> bool:
    """``i = 0`` / ``best = None``: the binding holds a literal, no graph value."""
    assign = lone_assignment(site)
    if assign is None:
        return False
    value = assign.value
    if isinstance(value, cst.UnaryOperation):
        value = value.expression
    return isinstance(value, _LITERALS) or isinstance(value, cst.Name) and value.value in ("None", "True", "False")


def _enclosing_loops(site: cst.CSTNode, parents: dict) -> list[cst.CSTNode] | None:
    """The loops whose body holds ``site``, innermost first; None when a branch, ``try``, ``else`` or scope lies
    between it and the body read."""
    loops: list[cst.CSTNode] = []
    child, node = site, parents.get(site)
    while node is not None:
        if isinstance(node, _LOOPS):
            if child is not node.body:
                return None
            loops.append(node)
        elif isinstance(node, (cst.If, cst.Try, cst.TryStar, cst.Else, cst.Finally, cst.ExceptHandler, *SCOPES)):
            return None
        elif isinstance(node, cst.Match):
            return None
        child, node = node, parents.get(node)
    return loops


def _holds(outer: cst.CSTNode, node: cst.CSTNode) -> bool:
    return any(n is node for n in descendants(outer))


def _surely_binds(module: cst.Module, loop: cst.CSTNode, site: cst.CSTNode, order: dict[int, int]) -> bool:
    """``loop`` runs a first pass, and that pass reaches ``site`` (no ``break`` or ``continue`` before it)."""
    if isinstance(loop, cst.For):
        if not _nonempty(module, loop.iter):
            return False
    elif not (isinstance(loop, cst.While) and isinstance(loop.test, cst.Name) and loop.test.value == "True"):
        return False
    if loop is site:
        return True
    return not any(
        isinstance(n, (cst.Break, cst.Continue)) and order[id(n)] < order[id(site)] for n in descendants(loop.body)
    )


def _nonempty(module: cst.Module, iterable: cst.BaseExpression) -> bool:
    """``range(<literal or module constant>...)`` that is not empty, or a non-empty list or tuple display."""
    if isinstance(iterable, (cst.List, cst.Tuple)):
        return bool(iterable.elements) and not any(isinstance(e, cst.StarredElement) for e in iterable.elements)
    if not (isinstance(iterable, cst.Call) and host_builtins.builtin_of(module, iterable.func, frozenset({"range"}))):
        return False
    if any(arg.keyword is not None or arg.star for arg in iterable.args):
        return False
    bounds = [_integer(module, arg.value) for arg in iterable.args]
    if not bounds or len(bounds) > 3 or any(b is None for b in bounds) or bounds[-1] == 0 and len(bounds) == 3:
        return False
    return len(range(*bounds)) > 0  # type: ignore[arg-type]


def _integer(module: cst.Module, value: cst.BaseExpression) -> int | None:
    """An integer literal (``-1`` too), or a module-level name bound once, to one."""
    if isinstance(value, cst.Integer):
        return int(value.value.replace("_", ""), 0)
    if isinstance(value, cst.UnaryOperation) and isinstance(value.operator, cst.Minus):
        inner = _integer(module, value.expression)
        return None if inner is None else -inner
    if isinstance(value, cst.Name):
        sites = Bindings(module).sites.get(value.value, [])
        assign = lone_assignment(sites[0]) if len(sites) == 1 else None
        if assign is not None and isinstance(assign.targets[0].target, cst.Name):
            return _integer(module, assign.value) if not isinstance(assign.value, cst.Name) else None
    return None
