"""A ``tf.Variable`` built inside an expression: ``biases1 = tf.add(tf.Variable(tf.zeros([n])), 0.1)``.

TF1 creates the variable once, where the statement runs, and the tensor reads it. The program model knows variables
by name (updates, fetches, checkpoints), so the variable moves to a module-level statement of its own just before,
``biases1_variable = tf.Variable(tf.zeros([n]))``, and the expression reads that name: the same variable (same TF
name, same initial value, created at the same point), the same tensor. Only where nothing else in the statement
draws random numbers before or beside it (the op-seed order stays TF1's), and only for ``tf.Variable`` (not
``get_variable``, whose scopes name it), at module level, outside lambdas and comprehensions. The proof then judges
the program as usual; when it fails, the graph tier keeps the original text.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import VARIABLE, descendants, is_random
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.node_replace import Replace


def hoist(module: cst.Module, resolve, line_of):
    """The module with each such variable on its own line; resolve/line_of read new nodes as their originals."""
    taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    origin = Origins()
    body: list[cst.BaseStatement] = []
    changed = False
    for statement in module.body:
        found = _variables(statement, resolve)
        if not found:
            body.append(statement)
            continue
        assert isinstance(statement, cst.SimpleStatementLine)
        small = statement.body[0]
        assert isinstance(small, cst.Assign) and isinstance(small.targets[0].target, cst.Name)
        target = small.targets[0].target.value
        replacements: dict[cst.Call, cst.Name] = {}
        for call in found:
            name = f"{target}_variable"
            while name in taken:
                name += "_"
            taken.add(name)
            replacements[call] = cst.Name(name)
            line = cst.SimpleStatementLine(body=[cst.Assign(targets=[cst.AssignTarget(cst.Name(name))], value=call)])
            origin.add(line, statement)
            body.append(line)
        value = small.value.visit(Replace(replacements, origin, made=False))
        assert isinstance(value, cst.BaseExpression)
        new_small = small.with_changes(value=value)
        new_statement = statement.with_changes(body=[new_small])
        origin.add(new_small, small)
        origin.add(new_statement, statement)
        body.append(new_statement)
        changed = True
    if not changed:
        return module, resolve, line_of
    return module.with_changes(body=body), lambda n: resolve(origin.of(n)), lambda n: line_of(origin.of(n))


def _variables(statement: cst.BaseStatement, resolve) -> list[cst.Call]:
    """The ``tf.Variable(...)`` calls inside the value of ``name = <expression>`` that may move, or []."""
    if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
        return []
    small = statement.body[0]
    if not (
        isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)
    ):
        return []
    value = small.value
    if isinstance(value, cst.Call) and resolve(value.func) == VARIABLE:
        return []  # ``w = tf.Variable(...)``: already a variable of its own
    calls = _operands(value, resolve)
    if not calls:
        return []
    moved = {id(n) for call in calls for n in descendants(call)}
    for node in descendants(value):
        if id(node) not in moved and isinstance(node, cst.Call) and is_random(resolve(node.func) or ""):
            return []  # another draw in the statement: moving the variable could change the op-seed order
    return calls


def _operands(node: cst.BaseExpression, resolve) -> list[cst.Call]:
    """``tf.Variable`` calls that are arguments of TensorFlow calls or operands of arithmetic, reached only through
    such (a dict or list of variables is a container the program model knows, and stays as written)."""
    if isinstance(node, cst.Call):
        path = resolve(node.func)
        if path == VARIABLE:
            return [node]
        if path is None:
            return []  # a function of the program: what it does with a variable is its own matter
        return [found for arg in node.args for found in _operands(arg.value, resolve)]
    if isinstance(node, cst.BinaryOperation):
        return _operands(node.left, resolve) + _operands(node.right, resolve)
    if isinstance(node, cst.UnaryOperation):
        return _operands(node.expression, resolve)
    return []
