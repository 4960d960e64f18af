"""Functions defined inside a module-level function that use nothing of it, read as module-level functions:

    def inference(x, n_batch, maxlen=None, n_hidden=None, n_out=None):
        def weight_variable(shape):
            initial = tf.truncated_normal(shape, stddev=0.01)
            return tf.Variable(initial)
        ...
        V = weight_variable([n_hidden, n_out])

(the book "詳解 ディープラーニング" writes its models so). A ``def`` statement only binds a function; one whose body
reads no parameter or local of the function around it (its free names are the module's globals either way) is the
same function wherever it is defined, so the program with it moved just before the outer function computes the same,
call for call, and the helper and variable-factory models (helpers.py, inlined_helpers.py) read it as the module's.
Moved only when its name is spelled nowhere outside the function around it, which binds it only there.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.loops import Origins


def hoist(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each such inner function moved before its outer one, and a note for each; None if none."""
    if not any(isinstance(s, cst.FunctionDef) and _inner(s) for s in module.body):
        return None
    everywhere = [n for n in descendants(module) if isinstance(n, cst.Name)]

    def spelled_outside(outer: cst.FunctionDef) -> set[str]:
        inside = {id(n) for n in descendants(outer)}
        return {n.value for n in everywhere if id(n) not in inside}

    origin = Origins()
    body: list = []
    notes: list[tuple[int, str]] = []
    for statement in module.body:
        if not isinstance(statement, cst.FunctionDef) or not isinstance(statement.body, cst.IndentedBlock):
            body.append(statement)
            continue
        outer_locals = _locals(statement)
        moved = [
            inner
            for inner in _inner(statement)
            if _movable(inner, outer_locals, statement) and inner.name.value not in spelled_outside(statement)
        ]
        if not moved:
            body.append(statement)
            continue
        kept = [s for s in statement.body.body if all(s is not m for m in moved)]
        new_body = statement.body.with_changes(body=kept)
        new_outer = statement.with_changes(body=new_body)
        origin.add(new_body, statement.body)
        origin.add(new_outer, statement)
        body.extend(moved)
        body.append(new_outer)
        notes.extend(
            (
                line_of(inner),
                f"`{inner.name.value}` defined inside `{statement.name.value}` reads nothing of it: read as a "
                "module-level function (the same function)",
            )
            for inner in moved
        )
    if not notes:
        return None
    return (
        module.with_changes(body=body),
        lambda n: resolve(origin.of(n)),
        lambda n: line_of(origin.of(n)),
        notes,
    )


def _inner(function: cst.FunctionDef) -> list[cst.FunctionDef]:
    body = function.body.body if isinstance(function.body, cst.IndentedBlock) else ()
    return [s for s in body if isinstance(s, cst.FunctionDef)]


def _movable(inner: cst.FunctionDef, outer_locals: set[str], outer: cst.FunctionDef) -> bool:
    """Not async, no decorator, no ``global``/``nonlocal``, no name of the outer function read, and its name bound
    once there."""
    if inner.decorators or inner.asynchronous is not None:
        return False
    if any(isinstance(n, (cst.Global, cst.Nonlocal)) for n in descendants(inner)):
        return False
    own = _locals(inner)
    for node in descendants(inner):
        if isinstance(node, cst.Name) and node.value in outer_locals and node.value not in own:
            if node.value != inner.name.value:
                return False
    name = inner.name.value
    return sum(1 for n in descendants(outer) if isinstance(n, cst.Name) and n.value == name and _bound(outer, n)) == 1


def _bound(scope: cst.CSTNode, name: cst.Name) -> bool:
    """``name`` is a binding (a def's name, an assignment's or loop's target, an ``as``) in ``scope``."""
    for node in descendants(scope):
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)) and node.name is name:
            return True
        targets: list[cst.CSTNode] = []
        if isinstance(node, cst.Assign):
            targets = [t.target for t in node.targets]
        elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor)):
            targets = [node.target]
        elif isinstance(node, (cst.AsName, cst.Param)):
            targets = [node.name]
        if any(name is t or name in descendants(t) for t in targets):
            return True
    return False


def _locals(function: cst.FunctionDef) -> set[str]:
    """The parameters of ``function`` and every name bound in its body (nested functions' own bindings too: a
    superset, which only makes the check stricter)."""
    found = set()
    for node in descendants(function):
        if isinstance(node, cst.Param):
            found.add(node.name.value)
        elif isinstance(node, (cst.FunctionDef, cst.ClassDef)) and node is not function:
            found.add(node.name.value)
        elif isinstance(node, cst.Assign):
            found.update(n.value for t in node.targets for n in descendants(t.target) if isinstance(n, cst.Name))
        elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor)):
            found.update(n.value for n in descendants(node.target) if isinstance(n, cst.Name))
        elif isinstance(node, cst.AsName):
            found.update(n.value for n in descendants(node.name) if isinstance(n, cst.Name))
    return found
