"""What a helper read at its call (inlined_helpers.py) is where the call passes literals: the scope name a layer
loop builds at each pass and the branches the call's flags decide.

``def fc(x, n_out, name, relu=True): with tf.variable_scope(name): w = tf.get_variable('w', ...); out = ...; if
relu: out = tf.nn.relu(out); return out``, called as ``fc(h, 8, 'fc%d' % 0)`` (a pass of an unrolled layer loop,
loops.py) or ``fc(h, 2, 'out', relu=False)``. TF1 ran the body once per call while it built the graph: Python
formatted the name once (``'fc0'``, the scope the variables were named under) and took one branch of each ``if``
on the flag, once. Read at the call, the name is that literal string and the ``if`` is its taken branch alone, which
is the graph TF1 built; a name or a test that anything else decides (a tensor, a value read at run time, a name the
module binds) stays as written, and the proof decides on it. ``if reuse: scope.reuse_variables()`` stays too:
layer_scopes.py reads it as the scope's reuse flag.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session import branch_tests, scoped_loops
from tfmigrate.transforms.session.analysis import descendants
from tfmigrate.transforms.session.loops import Origins

REUSE = "reuse_variables"


def folded(module: cst.Module, value: cst.BaseExpression) -> cst.BaseExpression:
    """``'fc%d' % 0``, ``'layer' + str(1)``, ``'conv' + '1'`` as the one string literal Python makes of them (``str``
    the builtin: a module that binds the name keeps the call), else ``value`` itself."""
    if isinstance(value, cst.SimpleString):
        return value
    text = _text(value)
    if text is None:
        return value
    if any(isinstance(n, cst.Call) for n in descendants(value)) and _binds(module, "str"):
        return value
    return cst.SimpleString(repr(text))


def _text(node: cst.BaseExpression) -> str | None:
    if node.lpar:
        node = node.with_changes(lpar=[], rpar=[])
    if isinstance(node, cst.SimpleString):
        text = node.evaluated_value
        return text if isinstance(text, str) else None
    formatted = scoped_loops.folded(node)
    if formatted is not node:
        return _text(formatted)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        left, right = _text(node.left), _text(node.right)
        return None if left is None or right is None else left + right
    if (  # ``str(0)`` of an integer literal
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Name)
        and node.func.value == "str"
        and len(node.args) == 1
        and node.args[0].keyword is None
        and not node.args[0].star
        and isinstance(node.args[0].value, cst.Integer)
    ):
        return str(node.args[0].value.evaluated_value)
    return None


def _binds(module: cst.Module, name: str) -> bool:
    for node in descendants(module):
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)) and node.name.value == name:
            return True
        if isinstance(node, cst.AssignTarget) and isinstance(node.target, cst.Name) and node.target.value == name:
            return True
        if isinstance(node, cst.ImportAlias):
            bound = node.evaluated_alias or node.evaluated_name.split(".")[0]
            if bound == name:
                return True
    return False


def decided(statements: list[cst.BaseStatement], modules: frozenset[str], origin: Origins) -> list[cst.BaseStatement]:
    """The body with each ``if`` whose test literals decide (after the call's arguments were written in) replaced by
    the branch Python takes, in ``with`` blocks too; a module's attribute (``activation=tf.nn.relu`` passed on) is a
    function, never None."""
    block = cst.IndentedBlock(body=statements)
    result = block.visit(_Decide(modules, origin))
    assert isinstance(result, cst.IndentedBlock)
    return list(result.body)


class _Decide(cst.CSTTransformer):
    def __init__(self, modules: frozenset[str], origin: Origins) -> None:
        self.modules = modules
        self.origin = origin

    def leave_If(
        self, original_node: cst.If, updated_node: cst.If
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement] | cst.RemovalSentinel:
        if any(isinstance(n, cst.Attribute) and n.attr.value == REUSE for n in descendants(updated_node)):
            return updated_node  # ``if reuse: scope.reuse_variables()``: the scope's reuse flag (layer_scopes.py)
        taken = _branch(updated_node, self.modules)
        if taken is None:
            return updated_node
        if not taken:
            return cst.RemoveFromParent()
        return cst.FlattenSentinel(taken)

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        if updated_node.body:
            return updated_node
        return updated_node.with_changes(body=[cst.SimpleStatementLine([cst.Pass()])])  # a ``with`` left empty

    def on_leave(self, original_node, updated_node):
        result = super().on_leave(original_node, updated_node)
        if isinstance(result, cst.CSTNode) and result is not original_node:
            self.origin.add(result, original_node)
        return result


def _branch(statement: cst.If, modules: frozenset[str]) -> list[cst.BaseStatement] | None:
    """The statements of the branch the test takes (an ``elif`` chain followed), None where a test is undecided."""
    current: cst.If | cst.Else | None = statement
    while isinstance(current, cst.If):
        test = _test_value(current.test, modules)
        if test is branch_tests.UNDECIDED:
            return None
        if test:
            return list(current.body.body)  # type: ignore[arg-type]
        current = current.orelse
    return list(current.body.body) if isinstance(current, cst.Else) else []  # type: ignore[arg-type]


def _test_value(test: cst.BaseExpression, modules: frozenset[str]) -> object:
    """The test's value, its module attributes each standing for a function (a truthy object, not None)."""
    values: dict[str, object] = {}

    class Stand(cst.CSTTransformer):
        def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
            root: cst.BaseExpression = original_node
            while isinstance(root, cst.Attribute):
                root = root.value
            if not (isinstance(root, cst.Name) and root.value in modules):
                return updated_node
            key = "__tfmigrate_function_" + cst.Module([]).code_for_node(original_node).replace(".", "_")
            values.setdefault(key, _Function())
            return cst.Name(key)

    stood = test.visit(Stand())
    assert isinstance(stood, cst.BaseExpression)
    if any(isinstance(n, cst.Attribute) for n in descendants(stood)):
        return branch_tests.UNDECIDED
    return branch_tests.value(stood, values)


class _Function:
    """A module's function passed for a parameter: truthy and not None, equal only to itself."""
