"""An augmented assignment of a graph value, ``out_layer += bias`` (held-out 20, ai_mnist_cnn's layer helper), read
as its plain assignment ``out_layer = out_layer + bias`` before the proof, which models one name bound by ``=``.

A Tensor has no in-place operators: Python runs ``x += t`` as ``x = x + t`` in TF1's graph and in eager TF2 alike
(a TF1 RefVariable too: ``w += 1`` binds a Tensor). What differs is a value that changes in place or refuses to:
a resource ``tf.Variable`` (TF2 raises), a NumPy array (``+=`` keeps its dtype and every name bound to it sees the
change), a list. So only a name whose last binding in the same block, before the statement, made a new graph
value counts: a TensorFlow op other than a variable and outside the host-data APIs (Keras, tf.data, file I/O), a
call of a module function that builds ops and runs no Session, an operator over such values, or an earlier
augmented assignment read so. Any other ``x op= y`` stays as written, for the proof to read or refuse.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import VARIABLES, LineOf, Resolve, descendants
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

# ``x op= y`` -> ``x = x op y``; ``@=`` and the bitwise ones are left out
OPERATORS: dict[type, type] = {
    cst.AddAssign: cst.Add,
    cst.SubtractAssign: cst.Subtract,
    cst.MultiplyAssign: cst.Multiply,
    cst.DivideAssign: cst.Divide,
    cst.PowerAssign: cst.Power,
}
# TensorFlow APIs whose results are host data or objects of their own, not graph values
HOST = ("keras", "data", "io", "gfile", "saved_model", "train", "summary", "estimator", "app", "flags", "logging")
# operands that bind tighter than any binary operator: no parentheses needed
ATOMS = (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.Integer, cst.Float, cst.SimpleString)


def read(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each such statement read as its plain assignment, and no note (nothing changes meaning);
    None where there is none."""
    if not any(isinstance(n, cst.AugAssign) for n in descendants(module)):
        return None
    builders = _graph_functions(module, resolve)
    chosen: set[int] = set()
    for body in _bodies(module):
        fresh: set[str] = set()
        for statement in body:
            _follow(statement, fresh, chosen, resolve, builders)
    if not chosen:
        return None
    return (*_Plain(module, resolve, line_of, chosen).applied(), [])


def _bodies(module: cst.Module):
    """Each list of statements that run in order: the module's, a function's, a ``with``'s, a branch's."""
    yield module.body
    for node in descendants(module):
        if isinstance(node, cst.IndentedBlock):
            yield node.body


def _follow(statement, fresh: set[str], chosen: set[int], resolve: Resolve, builders: set[str]) -> None:
    """Update ``fresh`` (names bound to a new graph value in this block) past ``statement``."""
    if not isinstance(statement, cst.SimpleStatementLine):
        for node in descendants(statement):  # a nested block may rebind a name: it is no longer known here
            if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.WithItem)):
                for name in descendants(node):
                    if isinstance(name, cst.Name):
                        fresh.discard(name.value)
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            fresh.discard(statement.name.value)
        return
    for small in statement.body:
        if (
            isinstance(small, cst.AugAssign)
            and type(small.operator) in OPERATORS
            and isinstance(small.target, cst.Name)
            and small.target.value in fresh
        ):
            chosen.add(id(small))
            continue
        stored: list[str] = []
        for node in descendants(small):
            if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.NamedExpr)):
                stored.extend(n.value for n in descendants(node.target) if isinstance(n, cst.Name))
            elif isinstance(node, (cst.Global, cst.Nonlocal, cst.Del)):
                stored.extend(n.value for n in descendants(node) if isinstance(n, cst.Name))
        fresh.difference_update(stored)
        if (
            isinstance(small, cst.Assign)
            and len(small.targets) == 1
            and isinstance(small.targets[0].target, cst.Name)
            and _graph_value(small.value, resolve, builders)
        ):
            fresh.add(small.targets[0].target.value)


def _graph_value(value: cst.BaseExpression, resolve: Resolve, builders: set[str]) -> bool:
    if isinstance(value, cst.Call):
        if isinstance(value.func, cst.Name) and value.func.value in builders:
            return True
        path = resolve(value.func)
        return path is not None and path not in VARIABLES and path.split(".")[0] not in HOST
    if isinstance(value, cst.BinaryOperation):
        return _graph_value(value.left, resolve, builders) or _graph_value(value.right, resolve, builders)
    if isinstance(value, cst.UnaryOperation):
        return _graph_value(value.expression, resolve, builders)
    return False


def _graph_functions(module: cst.Module, resolve: Resolve) -> set[str]:
    """Module functions that call TensorFlow and run no Session (``.run(`` / ``.eval(``): layer helpers."""
    names = set()
    for statement in module.body:
        if not isinstance(statement, cst.FunctionDef):
            continue
        calls = [n for n in descendants(statement) if isinstance(n, cst.Call)]
        runs = any(isinstance(c.func, cst.Attribute) and c.func.attr.value in ("run", "eval") for c in calls)
        if not runs and any(_graph_value(c, resolve, set()) for c in calls):
            names.add(statement.name.value)
    return names


class _Plain(TracedRewrite):
    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, chosen: set[int]) -> None:
        super().__init__(module, resolve, line_of)
        self.chosen = chosen

    def leave_AugAssign(self, original_node: cst.AugAssign, updated_node: cst.AugAssign):
        if id(original_node) not in self.chosen:
            return updated_node
        value = updated_node.value
        if not isinstance(value, ATOMS) and not value.lpar:
            value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        assert isinstance(original_node.target, cst.Name)
        operator = OPERATORS[type(updated_node.operator)]()
        plain = cst.BinaryOperation(left=cst.Name(original_node.target.value), operator=operator, right=value)
        made = cst.Assign(targets=[cst.AssignTarget(target=updated_node.target)], value=plain)
        return self.traced(made, original_node)
