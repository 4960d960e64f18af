"""Stateless ops built anew inside a training loop: ``correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))`` and
``accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))`` at every 10th step, then ``sess.run(accuracy, feed)``.

TF1 adds the ops to the graph at each pass; a run evaluates the pass's new ops, which compute what the first pass's
ops compute: they hold no state (no variable, no assign, no random draw; the generated stateless-op table,
tools/gen_eager_ops.py) and read only values bound before the loop that the loop does not rebind. So the program is
read with each such statement moved before its outermost loop (or branch), where the proof reads graph code, and a
note says so. Only the graph grew, so nothing may read the graph by name or write it (``get_tensor_by_name``, a
graph written to a file, ``import_meta_graph``), no call may name its op (``name="acc"`` numbered ``acc_1``...),
and the names bound are read only as fetches (``sess.run(accuracy, ...)``, ``accuracy.eval(...)``) or by another
moved statement: a printed tensor would show TF1's numbered op name. In a seeded program the extra ops moved the
op-seed counter of every random op built after them, so there nothing that could build one may follow.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import argument, callable_params, eager_ops
from tfmigrate.transforms.session import in_place, module_tensor_names
from tfmigrate.transforms.session.analysis import (
    SEEDS,
    LineOf,
    Resolve,
    descendants,
    is_random,
    loaded_names,
    parents_of,
    stored_names,
)
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

BLOCKS = (cst.For, cst.While, cst.If, cst.Else)
Moved = dict[int, list[cst.SimpleStatementLine]]  # id of an outermost loop -> the statements moved before it, in order
# Calls that read the graph by name or write it whole: TF1's graph holds the extra ops, the moved one does not.
BY_NAME = module_tensor_names.LOOKUPS | {
    "as_graph_element",
    "as_graph_def",
    "get_operations",
    "write_graph",
    "import_meta_graph",
    "export_meta_graph",
    "finalize",
}
# Methods that change a host value in place (``history.append(acc)``): each pass's ops froze the value then.
MUTATORS = in_place.MUTATORS | {"popitem", "add", "discard"}
# Host calls after which a seeded program's graph may hold a random op whose seed the moved ops would change.
SEEDED_BUILDERS = ("get_variable", "Variable", "layers.", "keras", "contrib", "nn.rnn", "nn.dynamic_rnn", "nn.static")


def hoist(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each stateless loop-built statement moved before its outermost loop, and a note for each;
    None where there is none."""
    if any(isinstance(n, cst.Attribute) and n.attr.value in BY_NAME for n in descendants(module)):
        return None
    parents = parents_of(module)
    stores: dict[str, int] = {}
    for node in descendants(module):
        for target in _targets(node):
            for name in stored_names(target):
                stores[name.value] = stores.get(name.value, 0) + 1
    moved: Moved = {}
    outermost: dict[int, cst.CSTNode] = {}
    for node in descendants(module):
        outer = _outermost(node, parents) if isinstance(node, cst.SimpleStatementLine) else None
        if outer is None:
            continue
        assert isinstance(node, cst.SimpleStatementLine)
        earlier = {_bound_name(s) for s in moved.get(id(outer), [])}
        if _movable(node, outer, resolve, stores, earlier):
            moved.setdefault(id(outer), []).append(node)
            outermost[id(outer)] = outer
    if not moved:
        return None
    every = [s for statements in moved.values() for s in statements]
    for statement in every:
        if not _fetched_only(module, _bound_name(statement), statement, parents, outermost, every):
            return None
        if _empties(statement, parents, every):
            return None
    if _seeded(module, resolve) and not _quiet_after(module, resolve, list(outermost.values())):
        return None
    rewrite = _Hoist(module, resolve, line_of, moved)
    done = module.visit(rewrite)
    notes = [
        (
            line_of(s),
            f"`{_bound_name(s)}` built anew inside a loop from stateless ops over values built before it: built once "
            "before the loop (each pass built the same ops over the same values; only TF1's graph grew)",
        )
        for s in every
    ]
    return (done, *rewrite.remapped(), notes)


def _targets(node: cst.CSTNode) -> list[cst.CSTNode]:
    if isinstance(node, cst.AssignTarget):
        return [node.target]
    if isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For, cst.NamedExpr, cst.CompFor)):
        return [node.target]
    if isinstance(node, cst.AsName):
        return [node.name]
    if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
        return [node.name]
    return []


def _bound_name(statement: cst.SimpleStatementLine) -> str:
    small = statement.body[0]
    assert isinstance(small, cst.Assign) and isinstance(small.targets[0].target, cst.Name)
    return small.targets[0].target.value


def _outermost(statement: cst.CSTNode, parents: dict) -> cst.CSTNode | None:
    """The outermost loop or branch holding ``statement`` directly (only loops and branches between them), where
    one is a loop; None for a statement in no loop, or behind a ``with``, ``try`` or ``def``."""
    current, outer, looped = _statements_parent(statement, parents), None, False
    while isinstance(current, BLOCKS):
        outer, looped = current, looped or isinstance(current, (cst.For, cst.While))
        current = _statements_parent(current, parents)
    return outer if looped else None


def _statements_parent(node: cst.CSTNode, parents: dict) -> cst.CSTNode | None:
    """The compound statement whose body holds ``node`` (skipping the block between)."""
    current = parents.get(node)
    while isinstance(current, (cst.IndentedBlock, cst.SimpleStatementSuite)):
        current = parents.get(current)
    return current


def _movable(
    statement: cst.SimpleStatementLine, outer: cst.CSTNode, resolve: Resolve, stores: dict[str, int], earlier: set
) -> bool:
    """``name = <stateless TensorFlow ops>`` binding its name nowhere else, over values the loop does not bind."""
    if len(statement.body) != 1 or not isinstance(small := statement.body[0], cst.Assign):
        return False
    if len(small.targets) != 1 or not isinstance(target := small.targets[0].target, cst.Name):
        return False
    if stores.get(target.value) != 1:
        return False
    calls = [n for n in descendants(small.value) if isinstance(n, cst.Call)]
    if not calls:
        return False
    ops = eager_ops()
    for call in calls:
        path = resolve(call.func)
        if path is None or path not in ops or is_random(path) or callable_params(path):
            return False
        if argument(call, None, "name") is not None:
            return False
    if any(isinstance(n, (cst.Lambda, cst.BaseComp, cst.NamedExpr, cst.Await, cst.Yield)) for n in descendants(small)):
        return False
    bound = {name.value for node in descendants(outer) for target in _targets(node) for name in stored_names(target)}
    bound |= _changed_in_place(outer)
    for name in loaded_names(small.value):
        if resolve(name) is not None:
            continue  # the ``tf`` module (``tf.float32``)
        if name.value in bound and name.value not in earlier:
            return False
    return True


def _changed_in_place(block: cst.CSTNode) -> set[str]:
    """The names a method call in ``block`` changes in place: ``history.append(acc)``'s ``history``, and the arrays
    ``np.random.shuffle(data)`` is given."""
    changed: set[str] = set()
    for call in descendants(block):
        if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)):
            continue
        if call.func.attr.value in MUTATORS:
            changed.update(name.value for name in stored_names(call.func.value))
        if call.func.attr.value == "shuffle":
            changed.update(name.value for arg in call.args for name in loaded_names(arg.value))
    return changed


def _fetched_only(
    module: cst.Module, name: str, statement: cst.CSTNode, parents: dict, outermost: dict, every: list
) -> bool:
    """Every read of ``name`` is a fetch of a run (``sess.run(name, ...)``, ``sess.run([name, loss])``,
    ``name.eval(...)``) or the value of another moved statement, after ``statement`` in its outermost block."""
    outer = next(o for o in outermost.values() if statement in set(descendants(o)))
    inside = set(descendants(outer))
    values = {id(n) for s in every for n in descendants(s.body[0].value)}
    seen = False
    for node in descendants(module):
        if node is statement:
            seen = True
        if not (isinstance(node, cst.Name) and node.value == name) or _stored(node, parents):
            continue
        if _label(node, parents):
            continue
        if not seen or node not in inside:
            return False
        if id(node) not in values and not _fetch(node, parents):
            return False
    return True


def _stored(node: cst.Name, parents: dict) -> bool:
    parent = parents.get(node)
    return isinstance(parent, cst.AssignTarget) and parent.target is node


def _label(node: cst.Name, parents: dict) -> bool:
    """An attribute's name (``model.accuracy``) or a keyword (``accuracy=...``), not a read of the name."""
    parent = parents.get(node)
    return (isinstance(parent, cst.Attribute) and parent.attr is node) or (
        isinstance(parent, cst.Arg) and parent.keyword is node
    )


def _fetch(node: cst.Name, parents: dict) -> bool:
    parent = parents.get(node)
    if isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value == "eval":
        return isinstance(parents.get(parent), cst.Call)
    current: cst.CSTNode = node
    while isinstance(parent, (cst.Element, cst.List, cst.Tuple)):
        current, parent = parent, parents.get(parent)
    if not isinstance(parent, cst.Arg) or parent.value is not current:
        return False
    call = parents.get(parent)
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value == "run"):
        return False
    return argument(call, 0, "fetches") is parent


def _empties(statement: cst.CSTNode, parents: dict, every: list) -> bool:
    """Moving the statements out would leave the block holding ``statement`` empty."""
    block = parents.get(statement)
    body = getattr(block, "body", ())
    return all(any(s is m for m in every) for s in body)


def _seeded(module: cst.Module, resolve: Resolve) -> bool:
    return any(isinstance(c, cst.Call) and resolve(c.func) in SEEDS for c in descendants(module))


def _quiet_after(module: cst.Module, resolve: Resolve, blocks: list[cst.CSTNode]) -> bool:
    """From the first block on, no call builds a random op or a variable (nor calls the module's own functions or
    classes, which could): TF1's op seeds count the ops built before."""
    own = {s.name.value for s in descendants(module) if isinstance(s, (cst.FunctionDef, cst.ClassDef))}
    started = False
    firsts = {id(b) for b in blocks}
    for node in descendants(module):
        started = started or id(node) in firsts
        if not started or not isinstance(node, cst.Call):
            continue
        path = resolve(node.func)
        if path is not None and (is_random(path) or "dropout" in path or path.startswith(SEEDED_BUILDERS)):
            return False
        if path is not None and "initializer" in path:
            return False
        if isinstance(node.func, cst.Name) and node.func.value in own:
            return False
    return True


class _Hoist(TracedRewrite):
    """The moved statements taken out of their blocks and put, in order, on the lines before the outermost one."""

    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, moved: Moved) -> None:
        super().__init__(module, resolve, line_of)
        self.moved = moved
        self.ids = {id(statement) for statements in moved.values() for statement in statements}

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        return cst.RemoveFromParent() if id(original_node) in self.ids else updated_node

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):
        result = super().on_leave(original_node, updated_node)
        statements = self.moved.get(id(original_node))
        if statements is None:
            return result
        assert isinstance(result, (cst.For, cst.While, cst.If))
        lines = list(statements)  # each with its comments; the first takes the block's lines above it
        lines[0] = lines[0].with_changes(leading_lines=[*result.leading_lines, *lines[0].leading_lines])
        for line, statement in zip(lines, statements):
            self.traced(line, statement)
        return cst.FlattenSentinel([*lines, result.with_changes(leading_lines=[])])
