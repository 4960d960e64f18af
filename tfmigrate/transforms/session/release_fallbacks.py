"""A helper body written for several TF releases and options, read as the one path it runs: DCGAN's ``ops.py``
(carpedm20 and its copies)::

    def deconv2d(input_, output_shape, ..., name="deconv2d", with_w=False):
        with tf.variable_scope(name):
            w = tf.get_variable("w", ...)
            try:
                deconv = tf.nn.conv2d_transpose(input_, w, output_shape=output_shape, strides=[1, d_h, d_w, 1])
            except AttributeError:  # TF < 0.7
                deconv = tf.nn.deconv2d(input_, w, output_shape=output_shape, strides=[1, d_h, d_w, 1])
            ...
            if with_w:
                return deconv, w, biases
            else:
                return deconv

- The ``except AttributeError`` handler first evaluates a TensorFlow name that neither TF 2.21 nor tf.compat.v1 has
  (TFM101's "exists in neither"; Python evaluates a call's function before its arguments): the handler raises
  AttributeError again, before anything else. So the ``try`` is its body alone, whatever that body raises: a program
  the body stops stops either way.
- A final ``if test: return a`` / ``else: return b`` is ``return a if test else b``: one of the two is evaluated,
  the same. Read at a call passing ``with_w`` a literal, the conditional is the branch Python takes
  (inlined_helpers.Rename.leave_IfExp).

Nothing else changes; the inliner reads the body so (inlined_helpers.py) and the helper's statements land at its
calls as that body.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._tf1 import fate, table
from tfmigrate.transforms.session.analysis import descendants
from tfmigrate.transforms.session.loops import Origins

ATTRIBUTE_ERROR = "AttributeError"


def read(helper: cst.FunctionDef, roots: set[str], origin: Origins) -> cst.FunctionDef:
    """``helper`` with its dead ``except AttributeError`` fallbacks and a final two-way return read as above;
    itself where it has neither."""
    if not isinstance(helper.body, cst.IndentedBlock):
        return helper
    body = _block(list(helper.body.body), roots, origin, final=True)
    return helper if body is None else _with_body(helper, body, origin)


def tried(statements: list[cst.BaseStatement], roots: set[str]) -> list[cst.BaseStatement]:
    """A helper body's top-level statements with each dead ``except AttributeError`` fallback read as the ``try``
    body it guards (helpers.py: a helper kept as written runs that body in TF 2.21 as in TF1)."""
    out: list[cst.BaseStatement] = []
    for statement in statements:
        if isinstance(statement, cst.Try) and _dead_handler(statement, roots):
            assert isinstance(statement.body, cst.IndentedBlock)
            out.extend(tried(list(statement.body.body), roots))
        else:
            out.append(statement)
    return out


def _with_body(node, body: list, origin: Origins):
    """``node`` (a function or a ``with``) holding ``body``, each new node read as the one it stands for."""
    block = node.body.with_changes(body=body)
    origin.add(block, node.body)
    new = node.with_changes(body=block)
    origin.add(new, node)
    return new


def _block(statements: list[cst.BaseStatement], roots: set[str], origin: Origins, final: bool) -> list | None:
    """The statements read so, or None where nothing changed."""
    out: list[cst.BaseStatement] = []
    changed = False
    for index, statement in enumerate(statements):
        last = final and index == len(statements) - 1
        if isinstance(statement, cst.Try) and _dead_handler(statement, roots):
            assert isinstance(statement.body, cst.IndentedBlock)
            inner = _block(list(statement.body.body), roots, origin, final=False)
            out.extend(inner if inner is not None else statement.body.body)
            changed = True
            continue
        if last and isinstance(statement, cst.If) and (returned := two_way_return(statement)) is not None:
            origin.add(returned, statement)
            out.append(returned)
            changed = True
            continue
        if isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
            inner = _block(list(statement.body.body), roots, origin, final=last)
            if inner is not None:
                out.append(_with_body(statement, inner, origin))
                changed = True
                continue
        out.append(statement)
    return out if changed else None


def _dead_handler(statement: cst.Try, roots: set[str]) -> bool:
    """One ``except AttributeError`` handler, no ``else``/``finally``, whose first statement first evaluates a
    TensorFlow name TF 2.21 and tf.compat.v1 lack (``x = tf.nn.deconv2d(...)``, ``return tf.nn.deconv2d(...)``)."""
    if len(statement.handlers) != 1 or statement.orelse is not None or statement.finalbody is not None:
        return False
    handler = statement.handlers[0]
    if not (isinstance(handler.type, cst.Name) and handler.type.value == ATTRIBUTE_ERROR and handler.name is None):
        return False
    if not isinstance(statement.body, cst.IndentedBlock) or not statement.body.body:
        return False
    first = handler.body.body[0] if isinstance(handler.body, cst.IndentedBlock) and handler.body.body else None
    if not (isinstance(first, cst.SimpleStatementLine) and len(first.body) == 1):
        return False
    small = first.body[0]
    value = small.value if isinstance(small, (cst.Assign, cst.Return, cst.Expr)) else None
    if isinstance(small, cst.Assign) and not all(isinstance(t.target, cst.Name) for t in small.targets):
        return False  # an attribute or item target is evaluated after the value, but keep it plain
    return isinstance(value, cst.Call) and _missing(value.func, roots)


def _missing(func: cst.BaseExpression, roots: set[str]) -> bool:
    """``tf.nn.deconv2d``: an attribute chain on a TensorFlow import that TF 2.21 and tf.compat.v1 lack."""
    from tfmigrate.transforms.tfm101_tf1_api import _reported_unknown  # TFM101 imports the session package

    parts: list[str] = []
    node: cst.BaseExpression = func
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not (isinstance(node, cst.Name) and node.value in roots and parts):
        return False
    path = ".".join(reversed(parts))
    return fate(path) is None and path not in table().get("renames", {}) and _reported_unknown(path)


def two_way_return(statement: cst.If) -> cst.SimpleStatementLine | None:
    """``if t: return a`` + ``else: return b`` (each branch that one statement) as ``return a if t else b``."""
    orelse = statement.orelse
    if not isinstance(orelse, cst.Else):
        return None
    body, other = _lone_return(statement.body), _lone_return(orelse.body)
    if body is None or other is None:
        return None
    test = statement.test
    if any(isinstance(n, (cst.NamedExpr, cst.Yield, cst.Await)) for n in descendants(test)):
        return None
    conditional = cst.IfExp(test=test, body=_parenthesized(body), orelse=_parenthesized(other))
    return cst.SimpleStatementLine([cst.Return(conditional)])


def _lone_return(block: cst.BaseSuite) -> cst.BaseExpression | None:
    if not isinstance(block, cst.IndentedBlock) or len(block.body) != 1:
        return None
    line = block.body[0]
    if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1):
        return None
    small = line.body[0]
    return small.value if isinstance(small, cst.Return) and small.value is not None else None


def _parenthesized(value: cst.BaseExpression) -> cst.BaseExpression:
    """A bare tuple (``return deconv, w, biases``) inside a conditional needs its parentheses."""
    if isinstance(value, cst.Tuple) and not value.lpar:
        return value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return value
