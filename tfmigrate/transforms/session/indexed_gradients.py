"""``tf.gradients`` indexed where it is called: ``grad_W = tf.gradients(loss, W)[0]`` (a gradient bound on its own,
as PINN and regression tutorials write it), ``gradients = tf.gradients(mse, [theta])[0]`` (handson-ml's autodiff
section) and ``update_op = tf.assign(w, w - 0.01 * tf.gradients(loss, w)[0])`` (the call inside the update).

TF1 builds the gradient list once, where the statement runs, and the index picks one tensor of it: the same graph
as the list bound to a name of its own and indexed on the next line. The pass reads it so before the proof, which
models a named ``tf.gradients`` list and a tensor indexing it (gradients.py, gradient_steps.py): the list takes a
fresh name, ``<target>_gradients``, bound just before the statement, and an index inside a larger expression a
tensor of its own, ``<target>_gradient``, which the expression reads. Only a statement binding one name, where no
comprehension or lambda around the call binds a name it reads.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.renames import lone_assignment
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

NOTE = "tf.gradients indexed where it is called: its list bound to `{name}` first, as TF1 built it"


def name(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each such list bound to a name of its own, and a note for each; None where there is none."""
    if "gradients(" not in module_code(module):
        return None
    found = _found(module, resolve)
    if not found:
        return None
    taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    rewrite = _Bind(module, resolve, line_of, found, taken)
    applied = rewrite.applied()
    notes = [(line_of(statement), NOTE.format(name=list_name)) for statement, list_name in rewrite.named]
    return *applied, notes


def _found(module: cst.Module, resolve: Resolve) -> dict[cst.SimpleStatementLine, list[cst.Subscript]]:
    """Each statement ``name = ...`` -> the ``tf.gradients(...)[k]`` it holds, outside comprehensions and lambdas."""
    found: dict[cst.SimpleStatementLine, list[cst.Subscript]] = {}
    for statement in descendants(module):
        small = lone_assignment(statement)
        if small is None or not isinstance(small.targets[0].target, cst.Name):
            continue
        scoped = {
            id(inner)
            for scope in descendants(small.value)
            if isinstance(scope, (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.Lambda))
            for inner in descendants(scope)
        }
        indexed = [node for node in descendants(small.value) if id(node) not in scoped and _indexed(resolve, node)]
        if indexed:
            found[statement] = indexed
    return found


def _indexed(resolve: Resolve, node: cst.CSTNode) -> bool:
    """``tf.gradients(...)[k]`` with a literal integer ``k``."""
    if not (isinstance(node, cst.Subscript) and isinstance(node.value, cst.Call) and len(node.slice) == 1):
        return False
    index = node.slice[0].slice
    if not (isinstance(index, cst.Index) and isinstance(index.value, cst.Integer)):
        return False
    path = resolve(node.value.func)
    return path is not None and path.removeprefix("compat.v1.") == "gradients"


class _Bind(TracedRewrite):
    def __init__(self, module, resolve, line_of, found: dict[cst.SimpleStatementLine, list[cst.Subscript]], taken):
        super().__init__(module, resolve, line_of)
        self.found = found
        self.taken: set[str] = taken
        self.indexed = {id(s) for subscripts in found.values() for s in subscripts}
        self.made: dict[int, str] = {}  # id of an inner subscript -> the tensor name that replaces it
        self.lists: list[tuple[cst.SimpleStatementLine, cst.SimpleStatementLine]] = []  # made before a statement
        self.named: list[tuple[cst.SimpleStatementLine, str]] = []

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self.lists = []

    def leave_Subscript(self, original_node: cst.Subscript, updated_node: cst.Subscript) -> cst.BaseExpression:
        if id(original_node) not in self.indexed:
            return updated_node
        statement = next(s for s, subs in self.found.items() if any(x is original_node for x in subs))
        target = statement.body[0].targets[0].target.value  # type: ignore[attr-defined]
        whole = statement.body[0].value is original_node  # type: ignore[attr-defined]
        list_name = numbered(self.taken, f"{target}_list" if whole else f"{target}_gradients", 2)
        call = original_node.value  # the module's own call: its names and path resolve as written
        made = cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(list_name))], call)])
        self.lists.append((self.traced(made, statement), statement))
        self.named.append((statement, list_name))
        picked = updated_node.with_changes(value=cst.Name(list_name))
        if statement.body[0].value is original_node:  # type: ignore[attr-defined]
            return self.traced(picked, original_node)
        tensor = numbered(self.taken, f"{target}_gradient", 2)
        line = cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(tensor))], picked)])
        self.lists.append((self.traced(line, statement), statement))
        return self.traced(cst.Name(tensor), original_node)

    def leave_SimpleStatementLine(self, original_node, updated_node):
        if original_node not in self.found or not self.lists:
            return updated_node
        made = [line for line, _ in self.lists]
        made[0] = made[0].with_changes(leading_lines=updated_node.leading_lines)
        rest = updated_node.with_changes(leading_lines=[])
        self.origins[id(rest)] = (rest, original_node)
        return cst.FlattenSentinel([*made, rest])
