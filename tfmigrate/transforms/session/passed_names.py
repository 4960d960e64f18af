"""A builder function passed the module's placeholders under their own names: ``def build(x, y): ...`` called
``cost, error = build(x, y)`` with ``x = tf.placeholder(...)`` (set 21's CNN trainer building its layer classes in
``batch_norm_cnn(x, y_, keep_prob, phase_train)``).

Read where it is called (class_sugar.unwrap), the body reads the module's ``x`` itself (no binding is made for a
parameter passed its own name). The eager rewrite feeds the placeholders to the functions it makes (``def cost(x,
y)``) and binds no ``x`` at module level any more, so the call put back as written would pass a name that no longer
exists. A parameter the rewritten body no longer reads (each function it defines takes ``x`` as its own) and the
module no longer binds is no part of the rewritten function: it and its argument are left out.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms.session.functions import module_references


def unfed(
    function: cst.FunctionDef, statement: cst.SimpleStatementLine, bound: set[str]
) -> tuple[cst.FunctionDef, cst.SimpleStatementLine]:
    """The rewritten ``function`` and its call ``statement`` without the parameters passed their own name that
    neither its body reads nor ``bound`` (the module's names after the rewrite) holds."""
    call = _call(statement)
    if call is None or not isinstance(function.body, cst.IndentedBlock):
        return function, statement
    params = list(function.params.params)
    positional = [a for a in call.args if a.keyword is None]
    dropped: set[str] = set()
    for index, param in enumerate(params):
        name = param.name.value
        by_key = [a for a in call.args if a.keyword is not None and a.keyword.value == name]
        arg = by_key[0] if by_key else positional[index] if index < len(positional) else None
        if (
            arg is None
            or arg.star
            or not (isinstance(arg.value, cst.Name) and arg.value.value == name)
            or name in bound
            or any(module_references(s, name) for s in function.body.body)
        ):
            continue
        dropped.add(name)
    if not dropped:
        return function, statement
    kept_params = [p for p in params if p.name.value not in dropped]
    kept_args = [a for a in call.args if not (isinstance(a.value, cst.Name) and a.value.value in dropped)]
    if kept_params:
        kept_params[-1] = kept_params[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    if kept_args:
        kept_args[-1] = kept_args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    function = function.with_changes(params=function.params.with_changes(params=kept_params))
    line = statement
    small = cast(cst.Expr | cst.Assign, line.body[0]).with_changes(value=call.with_changes(args=kept_args))
    return function, line.with_changes(body=[small])


def _call(statement: cst.BaseStatement) -> cst.Call | None:
    """The call of ``f(...)`` or ``target = f(...)`` standing alone on its line."""
    if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
        return None
    small = statement.body[0]
    value = small.value if isinstance(small, (cst.Expr, cst.Assign)) else None
    return value if isinstance(value, cst.Call) else None
