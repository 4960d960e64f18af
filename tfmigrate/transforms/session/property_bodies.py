"""A host @property of several statements, read as the value it returns: the stock-RNN collection's

    @property
    def model_dir(self):
        path = os.path.join("logs", self.model_name)
        if not os.path.exists(path):
            os.makedirs(path)
        return path

returns ``os.path.join("logs", self.model_name)``: each local bound once, at the body's level, before it is read,
and folded into the return; between them only folder creation (``os.makedirs`` / ``os.mkdir``, alone or under an
``if`` on host data), which changes no local. The folded value is what the class proof reads (class_properties.py);
the output keeps the property as written, so the folder is still made at each access, in TF2 as in TF1.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms._tf1 import is_docstring
from tfmigrate.transforms.session.analysis import descendants
from tfmigrate.transforms.session.class_sugar import body_of, self_name

MAKERS = ("os.makedirs", "os.mkdir")
OPERATIONS = (cst.IfExp, cst.BinaryOperation, cst.BooleanOperation, cst.Comparison, cst.UnaryOperation)


def _dotted(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        inner = _dotted(node.value)
        return None if inner is None else f"{inner}.{node.attr.value}"
    return None


def _only(statement: cst.CSTNode) -> cst.BaseSmallStatement | None:
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        return statement.body[0]
    return None


def _maker(statement: cst.CSTNode) -> cst.Call | None:
    """``os.makedirs(path)`` (any arguments) as a statement of its own."""
    small = _only(statement)
    call = small.value if isinstance(small, cst.Expr) else None
    return call if isinstance(call, cst.Call) and _dotted(call.func) in MAKERS else None


class _Fold(cst.CSTTransformer):
    def __init__(self, values: dict[str, cst.BaseExpression]) -> None:
        self.values = values

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        value = self.values.get(original_node.value, updated_node)
        if isinstance(value, OPERATIONS) and not value.lpar:  # ``name + ".model"`` of ``a if t else b``
            return value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        return value

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.Attribute:
        return updated_node.with_changes(attr=original_node.attr)  # ``x.path`` keeps its attribute name

    def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg) -> cst.Arg:
        return updated_node.with_changes(keyword=original_node.keyword)


def fold(function: cst.FunctionDef) -> tuple[cst.BaseExpression, list[cst.BaseExpression]] | str | None:
    """The value a multi-statement property returns, with its locals folded in, and the folded expressions its
    folder creation reads (tests and arguments); a string saying why the body is not of that shape; None for a
    body of one statement (class_properties reads it as it is)."""
    body = body_of(function)
    if body and is_docstring(body[0]):
        body = body[1:]
    if len(body) < 2:
        return None
    cached = cache_of(function)
    if cached is not None:
        return cached[1], []
    values: dict[str, cst.BaseExpression] = {}
    effects: list[cst.BaseExpression] = []

    def folded(value: cst.BaseExpression) -> cst.BaseExpression:
        return cast(cst.BaseExpression, value.visit(_Fold(values)))

    for statement in body[:-1]:
        small = _only(statement)
        maker = _maker(statement)
        if (
            isinstance(small, cst.Assign)
            and len(small.targets) == 1
            and isinstance(small.targets[0].target, cst.Name)
            and small.targets[0].target.value not in values
        ):
            values[small.targets[0].target.value] = folded(small.value)
        elif (grown := _grown(statement, values)) is not None:
            values[grown[0]] = folded(grown[1])
        elif maker is not None:
            effects += [folded(a.value) for a in maker.args]
        elif (
            isinstance(statement, cst.If)
            and statement.orelse is None
            and isinstance(statement.body, cst.IndentedBlock)
            and all(_maker(s) is not None for s in statement.body.body)
        ):
            effects.append(folded(statement.test))
            effects += [folded(a.value) for s in statement.body.body for a in _maker(s).args]  # type: ignore[union-attr]
        else:
            return f"holds `{_code(statement)}`, other than a local's binding or a folder's creation"
    last = _only(body[-1])
    if not isinstance(last, cst.Return) or last.value is None:
        return "does not end in `return <value>`"
    if any(isinstance(n, (cst.Lambda, cst.NamedExpr, cst.Global, cst.Nonlocal)) for n in descendants(function.body)):
        return "holds a lambda, walrus or global"
    return folded(last.value), effects


def cache_of(function: cst.FunctionDef) -> tuple[str, cst.BaseExpression] | None:
    """``if self._this_model_name is None: self._this_model_name = <value>`` then ``return
    self._this_model_name``: the cache attribute and the value computed on the first read, else None."""
    body = body_of(function)
    body = body[1:] if body and is_docstring(body[0]) else body
    owner = self_name(function)
    test = body[0] if len(body) == 2 and isinstance(body[0], cst.If) and body[0].orelse is None else None
    last = _only(body[-1])
    inner = test.body.body if test is not None and isinstance(test.body, cst.IndentedBlock) else []
    store = _only(inner[0]) if len(inner) == 1 else None
    if not (
        test is not None
        and isinstance(last, cst.Return)
        and isinstance(store, cst.Assign)
        and len(store.targets) == 1
        and isinstance(test.test, cst.Comparison)
        and len(test.test.comparisons) == 1
        and isinstance(test.test.comparisons[0].operator, cst.Is)
        and _is_none(test.test.comparisons[0].comparator)
    ):
        return None
    cache = _attribute(test.test.left, owner)
    if cache is None or cache != _attribute(store.targets[0].target, owner) or cache != _attribute(last.value, owner):
        return None
    return cache, store.value


def _attribute(node: cst.CSTNode | None, owner: str | None) -> str | None:
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == owner:
        return node.attr.value
    return None


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _suffix(statement: cst.CSTNode, values: dict[str, cst.BaseExpression]) -> tuple[str, cst.BaseExpression] | None:
    """``name += "_embed%d" % self.embed_size`` on a local holding text: the local and its new value (text is
    immutable, so ``+=`` is ``+``: no other name sees the change)."""
    small = _only(statement)
    if not (isinstance(small, cst.AugAssign) and isinstance(small.operator, cst.AddAssign)):
        return None
    target = small.target
    if not (isinstance(target, cst.Name) and target.value in values and _textual(values[target.value])):
        return None
    return target.value, cst.BinaryOperation(left=target, operator=cst.Add(), right=small.value)


def _grown(statement: cst.CSTNode, values: dict[str, cst.BaseExpression]) -> tuple[str, cst.BaseExpression] | None:
    """A text local's suffix, added always or under an ``if`` of its own (``if self.embed_size > 0:``, no
    ``else``): the local and its value after the statement, as an expression."""
    plain = _suffix(statement, values)
    if plain is not None or not isinstance(statement, cst.If) or statement.orelse is not None:
        return plain
    inner = statement.body.body if isinstance(statement.body, cst.IndentedBlock) else []
    suffix = _suffix(inner[0], values) if len(inner) == 1 else None
    if suffix is None:
        return None
    name = cst.Name(suffix[0])
    return suffix[0], cst.IfExp(test=statement.test, body=suffix[1], orelse=name)


def _textual(value: cst.BaseExpression) -> bool:
    """Text by its form: a string literal, ``"..." % (...)``, ``"...".format(...)``, or text + text."""
    if isinstance(value, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)):
        return True
    if isinstance(value, cst.BinaryOperation):
        if isinstance(value.operator, cst.Modulo):
            return isinstance(value.left, (cst.SimpleString, cst.ConcatenatedString))
        return isinstance(value.operator, cst.Add) and _textual(value.left) and _textual(value.right)
    if isinstance(value, cst.IfExp):
        return _textual(value.body) and _textual(value.orelse)
    func = value.func if isinstance(value, cst.Call) else None
    return isinstance(func, cst.Attribute) and func.attr.value == "format" and _textual(func.value)


def _code(statement: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(statement).strip().splitlines()[0]
