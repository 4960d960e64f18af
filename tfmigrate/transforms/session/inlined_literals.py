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

from collections.abc import Callable

import libcst as cst

from tfmigrate.transforms.session import branch_tests, host_builtins, scoped_loops
from tfmigrate.transforms.session.analysis import descendants
from tfmigrate.transforms.session.loops import Origins

REUSE = "reuse_variables"


def folded(module: cst.Module, value: cst.BaseExpression) -> cst.BaseExpression:
    """``'fc%d' % 0``, ``'layer' + str(1)``, ``'conv' + '1'``, ``'{}_h'.format('en1')``, ``f'fc{0}'`` as the one
    string literal Python makes of them (``str`` the builtin: a module that binds the name keeps the call), else
    ``value`` itself."""
    if isinstance(value, cst.SimpleString):
        return value
    text = _text(value)
    if text is None:
        return value
    if any(_calls_str(n) for n in descendants(value)) and host_builtins.bound_anywhere(module, "str"):
        return value
    return cst.SimpleString(repr(text))


def folded_names(module: cst.Module, statements: list[cst.BaseStatement], origin: Origins) -> list[cst.BaseStatement]:
    """The body with each string its call's literals decide folded to that literal: ``name='{}_h'.format(name)``
    with ``'en1'`` written in for ``name`` is the ``'en1_h'`` TF1 named the op (plain Python either way)."""
    fold = _Fold(module, origin)
    result = cst.IndentedBlock(body=statements).visit(fold)
    assert isinstance(result, cst.IndentedBlock)
    return list(result.body)


class _Fold(cst.CSTTransformer):
    def __init__(self, module: cst.Module, origin: Origins) -> None:
        self.module = module
        self.origin = origin

    def on_leave(self, original_node, updated_node):
        result = super().on_leave(original_node, updated_node)
        if isinstance(result, (cst.Call, cst.BinaryOperation, cst.FormattedString)):
            result = folded(self.module, result)
        if isinstance(result, cst.CSTNode) and result is not original_node:
            self.origin.add(result, original_node)  # every node the visit rebuilt still reads as the helper's
        return result


def _calls_str(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "str"


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
    if isinstance(node, cst.Call):
        return _formatted(node)
    if isinstance(node, cst.FormattedString):
        return _interpolated(node)
    return None


def _value(node: cst.BaseExpression) -> str | int | None:
    """A string or integer literal (folded first), the values ``str.format`` and f-strings are given here."""
    text = _text(node)
    return text if text is not None else scoped_loops.number(node)


def _formatted(call: cst.Call) -> str | None:
    """``'{}_h'.format('en1')``: ``str.format`` of a literal template with literal arguments."""
    func = call.func
    if not (
        isinstance(func, cst.Attribute) and func.attr.value == "format" and isinstance(func.value, cst.SimpleString)
    ):
        return None
    template = func.value.evaluated_value
    if not isinstance(template, str) or any(a.star for a in call.args):
        return None
    values = [_value(a.value) for a in call.args]
    if any(v is None for v in values):
        return None
    positional = [v for a, v in zip(call.args, values, strict=True) if a.keyword is None]
    named = {a.keyword.value: v for a, v in zip(call.args, values, strict=True) if a.keyword is not None}
    try:
        return template.format(*positional, **named)
    except (IndexError, KeyError, ValueError, AttributeError, TypeError):
        return None


def _interpolated(node: cst.FormattedString) -> str | None:
    """``f'fc{0}'``: an f-string whose every expression is a literal (no conversion, a literal format spec; text with
    escapes or doubled braces is left to Python)."""
    if "b" in node.prefix.lower():
        return None
    parts: list[str] = []
    for part in node.parts:
        if isinstance(part, cst.FormattedStringText):
            if any(mark in part.value for mark in ("\\", "{{", "}}")):
                return None
            parts.append(part.value)
            continue
        if not isinstance(part, cst.FormattedStringExpression):
            return None
        value = _value(part.expression)
        spec = part.format_spec or []
        if value is None or part.conversion is not None or part.equal is not None:
            return None
        texts = [s.value for s in spec if isinstance(s, cst.FormattedStringText)]
        if len(texts) != len(spec):
            return None
        try:
            parts.append(format(value, "".join(texts)))
        except (ValueError, TypeError):
            return None
    return "".join(parts)


def decided(
    statements: list[cst.BaseStatement], tensorflow: Callable[[cst.Attribute], bool], origin: Origins
) -> list[cst.BaseStatement]:
    """The body with each ``if`` whose test literals decide (after the call's arguments were written in) replaced by
    the branch Python takes, in ``with`` blocks too. A TensorFlow attribute (``activation=tf.nn.relu`` passed on;
    ``tensorflow`` says which are) decides ``is None`` / ``is not None`` only: the op exists, so it is not None."""
    block = cst.IndentedBlock(body=statements)
    decide = _Decide(tensorflow, origin)
    decide.root = block
    result = block.visit(decide)
    assert isinstance(result, cst.IndentedBlock)
    return list(result.body)


class _Decide(cst.CSTTransformer):
    def __init__(self, tensorflow: Callable[[cst.Attribute], bool], origin: Origins) -> None:
        self.tensorflow = tensorflow
        self.origin = origin
        self.root: cst.IndentedBlock | None = None  # the body itself, which may be left empty

    def leave_If(
        self, original_node: cst.If, updated_node: cst.If
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement] | cst.RemovalSentinel:
        if any(isinstance(n, cst.Attribute) and n.attr.value == REUSE for n in descendants(updated_node)):
            return updated_node  # ``if reuse: scope.reuse_variables()``: the scope's reuse flag (layer_scopes.py)
        taken = _branch(updated_node, self.tensorflow)
        if taken is None:
            return updated_node
        if not taken:
            return cst.RemoveFromParent()
        return cst.FlattenSentinel(taken)

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        if updated_node.body or not original_node.body or original_node is self.root:
            return updated_node
        return updated_node.with_changes(body=[cst.SimpleStatementLine([cst.Pass()])])  # a ``with`` left empty

    def on_leave(self, original_node, updated_node):
        result = super().on_leave(original_node, updated_node)
        if isinstance(result, cst.CSTNode) and result is not original_node:
            self.origin.add(result, original_node)
        return result


def _branch(statement: cst.If, tensorflow: Callable[[cst.Attribute], bool]) -> list[cst.BaseStatement] | None:
    """The statements of the branch the test takes (an ``elif`` chain followed), None where a test is undecided."""
    current: cst.If | cst.Else | None = statement
    while isinstance(current, cst.If):
        test = _test_value(current.test, tensorflow)
        if test is branch_tests.UNDECIDED:
            return None
        if test:
            return list(current.body.body)  # type: ignore[arg-type]
        current = current.orelse
    return list(current.body.body) if isinstance(current, cst.Else) else []  # type: ignore[arg-type]


def _test_value(test: cst.BaseExpression, tensorflow: Callable[[cst.Attribute], bool]) -> object:
    """The test's value where its names are literals, and each TensorFlow attribute is compared with ``is`` /
    ``is not`` to None (a non-None object there; anything else about it is not known here)."""
    compared = {
        id(side)
        for node in descendants(test)
        if isinstance(node, cst.Comparison) and len(node.comparisons) == 1
        for target in [node.comparisons[0]]
        if isinstance(target.operator, (cst.Is, cst.IsNot))
        for side, other in ((node.left, target.comparator), (target.comparator, node.left))
        if isinstance(other, cst.Name) and other.value == "None"
    }
    values: dict[str, object] = {}
    stands: dict[int, cst.Name] = {}
    for node in descendants(test):
        if isinstance(node, cst.Attribute) and id(node) in compared and tensorflow(node):
            stands[id(node)] = cst.Name(f"__tfmigrate_op_{len(stands)}")
            values[stands[id(node)].value] = _Op()

    class Stand(cst.CSTTransformer):
        def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
            return stands.get(id(original_node), updated_node)

    stood = test.visit(Stand())
    assert isinstance(stood, cst.BaseExpression)
    if any(isinstance(n, cst.Attribute) for n in descendants(stood)):
        return branch_tests.UNDECIDED
    return branch_tests.value(stood, values)


class _Op:
    """A TensorFlow attribute compared with None: some object, not None."""
