"""A function's name rebound to its own result: ``def loss(y, out): ...`` then ``loss = loss(_y, output)``.

Python reads the right-hand side first, so the call reaches the function and the name then holds the graph value,
which is what the program fetches and prints (``sess.run([train_op, loss])``). The eager rewrite turns that value into
a function of the fed values under the same name, so the helper must let go of it: the definition and the uses of
the name before the rebinding (the call on its right-hand side included) take a free name (``loss_fn``), and the
value keeps ``loss``. Refused (the module left as written, for the proof to judge) where the name means something
else to someone: a third binding, or another function, class, lambda or comprehension that reads it.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.fresh_names import counted
from tfmigrate.transforms.session.functions import local_names, references
from tfmigrate.transforms.session.renames import SCOPES, Renamer, lone_assignment


def rename(module: cst.Module, resolve: Resolve, line_of: LineOf) -> tuple[cst.Module, Resolve, LineOf, list] | None:
    """The module with each rebound function renamed, its resolve/line_of and a note per rename; None if none."""
    notes: list[tuple[int, str]] = []
    defined = {s.name.value for s in module.body if isinstance(s, cst.FunctionDef)}
    assigned = {
        n.targets[0].target.value
        for n in descendants(module)
        if isinstance(n, cst.Assign) and len(n.targets) == 1 and isinstance(n.targets[0].target, cst.Name)
    }
    if not defined & assigned:
        return None  # the common case, decided in one pass
    rebound = {name for s in _module_scope(module) for name in defined & assigned if _rebinds(s, name)}
    for definition in [s for s in module.body if isinstance(s, cst.FunctionDef) and s.name.value in rebound]:
        if definition not in module.body:
            continue  # rebuilt by an earlier rename (it reads that function): left for the proof to judge
        found = _renames(module, definition)
        if found is None:
            continue
        rebind, names = found
        old = definition.name.value
        new = counted({n.value for n in descendants(module) if isinstance(n, cst.Name)}, f"{old}_fn")
        renamer = Renamer(module, resolve, line_of, {id(n): new for n in names})
        line = line_of(rebind)
        module = module.visit(renamer)
        resolve, line_of = renamer.remapped()
        notes.append(
            (
                line,
                f"function `{old}` renamed `{new}`: `{old}` is rebound to its result here and keeps that value, "
                "which the eager program computes as a function of its own",
            )
        )
    return (module, resolve, line_of, notes) if notes else None


def _renames(module: cst.Module, definition: cst.FunctionDef) -> tuple[cst.CSTNode, list[cst.Name]] | None:
    """The statement ``f = ...f(...)...`` and the names to rename, or None when the rename is not sound."""
    name = definition.name.value
    rebinds = [s for s in _module_scope(module) if _rebinds(s, name)]
    if len(rebinds) != 1:
        return None
    rebind = rebinds[0]
    rest = [s for s in module.body if s is not definition]
    later = _later_values(module, rebind, name)
    whole = cst.FunctionDef(cst.Name("_"), cst.Parameters(), cst.IndentedBlock(body=rest))
    wrapper = whole.visit(_Without({id(rebind), *map(id, later)}))
    if not isinstance(wrapper, cst.FunctionDef) or name in local_names(wrapper):
        return None  # a third binding (an import, a loop target, another def...) before or around the rebinding
    names: list[cst.Name] = [definition.name]
    if name not in local_names(definition):
        names += references(definition.body, name)  # recursion reads the function
    before = True
    for statement in module.body:
        if statement is definition:
            continue
        loads = {id(n) for n in references(statement, name)}
        for node in _walk(statement):
            if node is rebind:
                assert isinstance(node, cst.SimpleStatementLine) and isinstance(node.body[0], cst.Assign)
                names += references(node.body[0].value, name)
                before = False
            elif isinstance(node, SCOPES) and references(node, name):
                if not _own_local(node, name):
                    return None  # read when called, not where written: either meaning
            elif before and id(node) in loads:
                names.append(node)
    return rebind, names


class _Without(cst.CSTTransformer):
    """The tree without the statements given (by id, in one pass: a rebuilt tree holds new nodes)."""

    def __init__(self, removed: set[int]) -> None:
        self.removed = removed

    def on_leave(self, original_node, updated_node):
        if id(original_node) in self.removed:
            return cst.RemovalSentinel.REMOVE
        return super().on_leave(original_node, updated_node)


def _own_local(scope: cst.CSTNode, name: str) -> bool:
    """Every reference to ``name`` in the scope is a local of a function there: a function taking it as a
    parameter (``def training(loss):``), or a class whose methods do (``def validate(self, loss):``)."""
    if isinstance(scope, cst.FunctionDef):
        return name in local_names(scope)
    if not isinstance(scope, cst.ClassDef):
        return False
    methods = [n for n in descendants(scope) if isinstance(n, cst.FunctionDef) and name in local_names(n)]
    inside = {id(n) for method in methods for n in descendants(method)}
    return all(id(n) in inside for n in references(scope, name))


def _later_values(module: cst.Module, rebind: cst.CSTNode, name: str) -> list[cst.CSTNode]:
    """``name = <value>`` statements after the rebinding in the block that holds it (the module's, or that of a
    module-level ``if __name__ == "__main__":``), which runs once: by then the name holds a value, and binding
    another changes nothing of the function (the book's ``loss = history["val_loss"]`` at the end)."""
    blocks: list[list[cst.CSTNode]] = [list(module.body)]
    blocks += [
        list(s.body.body) for s in module.body if isinstance(s, cst.If) and isinstance(s.body, cst.IndentedBlock)
    ]
    for block in blocks:
        if rebind not in block:
            continue
        found: list[cst.CSTNode] = []
        for statement in block[block.index(rebind) + 1 :]:
            assign = lone_assignment(statement)
            target = assign.targets[0].target if assign is not None else None
            if isinstance(target, cst.Name) and target.value == name:
                found.append(statement)
        return found
    return []


def _rebinds(statement: cst.CSTNode, name: str) -> bool:
    """``name = <an expression calling name(...)>``."""
    assign = lone_assignment(statement)
    if assign is None:
        return False
    target = assign.targets[0].target
    return (
        isinstance(target, cst.Name)
        and target.value == name
        and any(
            isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value == name
            for n in descendants(assign.value)
        )
    )


def _module_scope(module: cst.Module) -> list[cst.CSTNode]:
    """Statements that run at module level, in the blocks of module-level ``with``/``if``/``for``/``try`` too."""
    return [n for s in module.body for n in _walk(s) if isinstance(n, cst.SimpleStatementLine)]


def _walk(node: cst.CSTNode):
    """``node`` and what it holds in source order, a nested scope yielded but not entered; a simple statement is
    yielded before its expressions."""
    yield node
    if isinstance(node, SCOPES):
        return
    for child in node.children:
        yield from _walk(child)
