"""The one evaluator of an ``if`` test whose names hold known host values: which branch of an ``if`` TF1 ran.

Three readings fold the branch a program never runs before the proof: ``if USE_EMA:`` on a module constant
(dead_code.py), ``if species == 'w_gan':`` chains on literal locals (literal_branches.py) and ``if
multi_label_flag:`` on a constructor's argument (constructor_branches.py). Each finds its values its own way (what
it may assume about the names differs), but a test is Python and has one value: reading it here once means a test one
of them decides is decided the same way by the others, and a test none can decide (a call, an unknown name, a
comparison of something else) stays undecided for all.
"""

from __future__ import annotations

import ast

import libcst as cst

UNDECIDED = object()
LITERALS = (cst.SimpleString, cst.Integer, cst.Float, cst.UnaryOperation, cst.Name)
SINGLETONS = {"True": True, "False": False, "None": None}


def literal(node: cst.BaseExpression) -> object:
    """The value of a literal (a string, a number, ``-1``, ``True``/``False``/``None``), else UNDECIDED."""
    if isinstance(node, cst.Name):
        return SINGLETONS.get(node.value, UNDECIDED)
    if (
        not isinstance(node, LITERALS)
        or isinstance(node, cst.UnaryOperation)
        and not isinstance(node.expression, (cst.Integer, cst.Float))
    ):
        return UNDECIDED
    try:
        return ast.literal_eval(cst.Module([]).code_for_node(node).strip())
    except (ValueError, SyntaxError):
        return UNDECIDED


class _Undecided(Exception):
    pass


def value(test: cst.BaseExpression, values: dict[str, object]) -> object:
    """The test's value where ``values`` holds every name it reads (``flag`` or ``self.flag``; UNDECIDED for a name
    whose value is not known), else UNDECIDED:
    ``not``, ``and``/``or``, ``==``, ``!=``, ``in`` a literal tuple or list, ``is`` ``None``/``True``/``False``."""
    try:
        return _value(test, values)
    except _Undecided:
        return UNDECIDED


def _value(test: cst.BaseExpression, values: dict[str, object]) -> object:
    if test.lpar:
        test = test.with_changes(lpar=[], rpar=[])
    known = literal(test)
    if known is not UNDECIDED:
        return known
    key = test.value if isinstance(test, cst.Name) else None
    if isinstance(test, cst.Attribute) and isinstance(test.value, cst.Name):
        key = f"{test.value.value}.{test.attr.value}"
    if key is not None and values.get(key, UNDECIDED) is not UNDECIDED:
        return values[key]
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return not _value(test.expression, values)
    if isinstance(test, cst.BooleanOperation):
        left, right = _value(test.left, values), _value(test.right, values)
        return (left and right) if isinstance(test.operator, cst.And) else (left or right)
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
        left, compared = _value(test.left, values), test.comparisons[0]
        operator, right_node = compared.operator, compared.comparator
        if isinstance(operator, (cst.In, cst.NotIn)) and isinstance(right_node, (cst.Tuple, cst.List)):
            inside = left in [_value(e.value, values) for e in right_node.elements]
            return inside if isinstance(operator, cst.In) else not inside
        right = _value(right_node, values)
        if isinstance(operator, cst.Equal):
            return left == right
        if isinstance(operator, cst.NotEqual):
            return left != right
        if isinstance(operator, (cst.Is, cst.IsNot)) and any(right is s for s in SINGLETONS.values()):
            return (left is right) == isinstance(operator, cst.Is)
    raise _Undecided
