"""A Python list of graph values walked where the Session runs: ``ts = [tf.constant(i) * 2 for i in range(3)]``
then ``for t in ts: print(sess.run(t))``, or fetched by a comprehension, ``vals = sess.run([t for t in ts])``.

The list is no graph value: TF1 builds its tensors once, and the loop hands ``sess.run`` one of them at each
iteration, the comprehension a new list of the same tensors, which ``sess.run`` walks as it walks the list itself.
The pass reads the loop as a loop over the positions, ``for t_index in range(3): print(sess.run(ts[t_index]))``,
and the comprehension as the list, so the proof meets runs of one element and of the list, which it models (a
fetched list is a list of numpy values, printed as numpy prints them, as TF1's). Only where the list is bound once,
to a literal list or tuple or to a comprehension whose length the code tells (``range`` of literals, a literal
list, another such list), the loop's name is read only inside the loop, which runs it, and nothing in the loop
binds either name.
"""

from __future__ import annotations

import functools

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.transforms.session import host_builtins
from tfmigrate.transforms.session.analysis import Bindings, LineOf, Resolve, descendants, loaded_names
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.renames import lone_assignment
from tfmigrate.transforms.session.run_calls import run_receiver
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

RUNS = frozenset({"run", "eval"})
RANGE = frozenset({"range"})
# Scopes whose own binding of a name makes theirs another name.
SCOPES = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.FunctionDef, cst.Lambda)


def read(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with such loops over positions and such comprehensions as their lists, and a note for each; None
    where there is none."""
    lists = _lists(module) if ".run(" in module_code(module) or ".eval(" in module_code(module) else {}
    # The loop is read as ``for t_index in range(n)``: Python's ``range`` only where the module binds no other.
    counted = host_builtins.builtin_of(module, cst.Name("range"), RANGE)
    loops = {loop: lists[loop.iter.value][0] for loop in _loops(module, lists)} if counted else {}  # type: ignore[attr-defined]
    comprehensions = [c for c in _comprehensions(module, lists)]
    if not loops and not comprehensions:
        return None
    taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    rewrite = _Read(module, resolve, line_of, loops, set(comprehensions), taken)
    applied = rewrite.applied()
    notes = [
        (line_of(loop), f"loop over the list of graph values `{loop.iter.value}`: read as a loop over its positions")  # type: ignore[attr-defined]
        for loop in loops
    ]
    notes += [
        (line_of(c), "a comprehension of a list of graph values, fetched: read as the list") for c in comprehensions
    ]
    return *applied, notes


def _lists(module: cst.Module) -> dict[str, tuple[int, cst.BaseExpression]]:
    """Each module-level name bound once to a list whose length the code tells -> that length, and the value."""
    bindings = Bindings(module)
    values: dict[str, cst.BaseExpression] = {}
    for statement in module.body:
        small = lone_assignment(statement)
        if small is not None and isinstance(small.targets[0].target, cst.Name):
            name = small.targets[0].target.value
            if len(bindings.sites.get(name, [])) == 1 and name not in bindings.loose:
                values[name] = small.value
    lengths: dict[str, tuple[int, cst.BaseExpression]] = {}
    for name, value in values.items():
        length = _length(module, value, values, 0)
        if length is not None:
            lengths[name] = (length, value)
    return lengths


def _length(
    module: cst.Module, value: cst.BaseExpression, values: dict[str, cst.BaseExpression], depth: int
) -> int | None:
    if depth > 4:
        return None
    if isinstance(value, (cst.List, cst.Tuple)):
        if any(isinstance(e, cst.StarredElement) for e in value.elements):
            return None
        return len(value.elements)
    if isinstance(value, cst.ListComp) and value.for_in.inner_for_in is None and not value.for_in.ifs:
        source = value.for_in.iter
        if isinstance(source, cst.Name) and source.value in values:
            return _length(module, values[source.value], values, depth + 1)
        if isinstance(source, (cst.List, cst.Tuple)):
            return _length(module, source, values, depth + 1)
        if (
            isinstance(source, cst.Call)
            and host_builtins.builtin_of(module, source.func, RANGE)
            and 1 <= len(source.args) <= 2
            and all(isinstance(a.value, cst.Integer) and a.keyword is None for a in source.args)
        ):
            bounds = [int(a.value.value) for a in source.args]  # type: ignore[attr-defined]
            return max(0, bounds[-1] - (bounds[0] if len(bounds) == 2 else 0))
    return None


def _loops(module: cst.Module, lists: dict[str, tuple[int, cst.BaseExpression]]) -> list[cst.For]:
    """``for t in ts:`` over such a list whose body runs ``t`` and binds neither name, ``t`` read nowhere else."""

    @functools.cache
    def walked() -> tuple[list[cst.Name], list[cst.CSTNode]]:
        """The module's reads and scopes, walked for once, at the first such loop."""
        return loaded_names(module), [s for s in descendants(module) if isinstance(s, SCOPES)]

    found = []
    for loop in descendants(module):
        if not (
            isinstance(loop, cst.For)
            and isinstance(loop.target, cst.Name)
            and isinstance(loop.iter, cst.Name)
            and loop.iter.value in lists
            and loop.orelse is None
            and loop.target.value != loop.iter.value
        ):
            continue
        reads, scopes = walked()
        name, inside = loop.target.value, {id(n) for n in descendants(loop.body)}
        inside |= _own_scopes(scopes, name)
        if any(n.value == name and id(n) not in inside for n in reads if n is not loop.target):
            continue
        if _binds(loop.body, {name, loop.iter.value}):
            continue
        if any(_runs(call, name) for call in descendants(loop.body) if isinstance(call, cst.Call)):
            found.append(loop)
    return found


def _own_scopes(scopes: list[cst.CSTNode], name: str) -> set[int]:
    """The nodes inside those of the comprehensions and functions ``scopes`` that bind ``name`` themselves: their
    ``name`` is another."""
    return {id(inner) for scope in scopes if _binds(scope, {name}) for inner in descendants(scope)}


def _binds(body: cst.CSTNode, names: set[str]) -> bool:
    for node in descendants(body):
        targets: list[cst.CSTNode] = []
        if isinstance(node, cst.AssignTarget):
            targets = [node.target]
        elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor)):
            targets = [node.target]
        elif isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            targets = [node.name]
        elif isinstance(node, cst.AsName):
            targets = [node.name]
        elif isinstance(node, cst.NamedExpr):
            targets = [node.target]
        if any(isinstance(n, cst.Name) and n.value in names for t in targets for n in [t, *descendants(t)]):
            return True
    return False


def _runs(call: cst.Call, name: str) -> bool:
    """``sess.run(t, ...)`` or ``t.eval(...)``."""
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value not in RUNS:
        return False
    if func.attr.value == "eval":
        return isinstance(func.value, cst.Name) and func.value.value == name
    return bool(call.args) and isinstance(call.args[0].value, cst.Name) and call.args[0].value.value == name


def _comprehensions(module: cst.Module, lists: dict[str, tuple[int, cst.BaseExpression]]):
    """``[t for t in ts]`` as a run's fetch, where ``ts`` is bound to a list (a run returns a list for both; it
    would return a tuple for a tuple)."""
    for call in descendants(module):
        if not (
            isinstance(call, cst.Call) and run_receiver(call) is not None and call.args and call.args[0].keyword is None
        ):
            continue
        fetch = call.args[0].value
        if (
            isinstance(fetch, cst.ListComp)
            and isinstance(fetch.elt, cst.Name)
            and isinstance(fetch.for_in.target, cst.Name)
            and fetch.elt.value == fetch.for_in.target.value
            and fetch.for_in.inner_for_in is None
            and not fetch.for_in.ifs
            and isinstance(fetch.for_in.iter, cst.Name)
            and fetch.for_in.iter.value in lists
            and isinstance(lists[fetch.for_in.iter.value][1], (cst.List, cst.ListComp))
        ):
            yield fetch


class _Read(TracedRewrite):
    def __init__(self, module, resolve, line_of, loops: dict[cst.For, int], comprehensions, taken: set[str]):
        super().__init__(module, resolve, line_of)
        self.loops = loops
        self.comprehensions = comprehensions
        self.taken = taken
        self.indices: list[tuple[str, str, str]] = []  # (loop name, list name, index name) of the loops entered

    def visit_For(self, node: cst.For) -> None:
        if node in self.loops:
            name = node.target.value  # type: ignore[attr-defined]
            self.indices.append((name, node.iter.value, numbered(self.taken, f"{name}_index", 2)))  # type: ignore[attr-defined]

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        for name, listed, index in reversed(self.indices):
            if original_node.value == name:
                made = cst.parse_expression(f"{listed}[{index}]")
                return self.traced(made, original_node)
        return updated_node

    def leave_For(self, original_node: cst.For, updated_node: cst.For):
        if original_node not in self.loops:
            return updated_node
        _, _, index = self.indices.pop()
        made = updated_node.with_changes(
            target=cst.Name(index), iter=cst.parse_expression(f"range({self.loops[original_node]})")
        )
        self.traced(made.target, original_node)
        self.traced(made.iter, original_node)
        self.origins[id(made)] = (made, original_node)
        return made

    def leave_ListComp(self, original_node: cst.ListComp, updated_node: cst.ListComp) -> cst.BaseExpression:
        if original_node not in self.comprehensions:
            return updated_node
        return self.traced(cst.Name(original_node.for_in.iter.value), original_node)  # type: ignore[attr-defined]
