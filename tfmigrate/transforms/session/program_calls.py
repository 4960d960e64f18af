"""The one call by which the module runs a function with parameters, read as the bindings that make its body the
module program (class_sugar.unwrap): ``main(args)`` / ``main(parser.parse_args())`` -> ``args = <the argument>``;
``tf.app.run()`` / ``tf.compat.v1.app.run(main)`` / ``absl.app.run(main)``, which call ``main(argv)`` once -> its
parameter left unbound where the body never reads it (``def main(_):``), else ``argv = sys.argv`` (a host list, as
tf.app.run's argv is). A parameter missing at the call is bound to its literal default. Bound before the body, where
the call stood, the parameters hold what the call gave them, so the body there computes what the call computed; the
bindings are taken out again when the function is put back (``strip``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import Resolve, descendants, loaded_names
from tfmigrate.transforms.session.functions import APP_RUN, absl_run, own_body

_LITERALS = (cst.Integer, cst.Float, cst.SimpleString)


def parameters(function: cst.FunctionDef) -> list[cst.Param] | None:
    """The function's parameters when each is a plain name with no default or a literal one (``def main(_)``,
    ``def train(args, steps=100)``); None with ``*args``, ``**kwargs`` or a computed default (evaluated once, at
    the ``def``: binding it again where the call stands could give another value)."""
    params = function.params
    if params.posonly_params or params.star_kwarg is not None:
        return None
    if params.star_arg not in (None, cst.MaybeSentinel.DEFAULT):
        return None
    found = [*params.params, *params.kwonly_params]
    if any(p.default is not None and not _literal(p.default) for p in found):
        return None
    return found


def _literal(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        node = node.expression
    return isinstance(node, _LITERALS) or (isinstance(node, cst.Name) and node.value in ("True", "False", "None"))


def bindings(
    statement: cst.BaseStatement,
    function: cst.FunctionDef,
    module: cst.Module,
    resolve: Resolve | None,
    returned: str | None = None,
) -> list[cst.SimpleStatementLine] | None:
    """The statements binding the function's parameters when ``statement`` is the call running it once (an empty
    list for a function without parameters called ``f()``), else None. A function returning ``returned`` by its
    last statement may be called ``target = f(...)`` (called_functions.py binds the target after the body)."""
    call = _lone_call(statement)
    params = parameters(function)
    name = function.name.value
    if call is None and returned is not None and assigned_target(statement) is not None:
        call = cast(cst.Call, cast(cst.Assign, cast(cst.SimpleStatementLine, statement).body[0]).value)
        if not (isinstance(call.func, cst.Name) and call.func.value == name):
            return None
    if call is None or params is None:
        return None
    if isinstance(call.func, cst.Name) and call.func.value == name:
        return _given(call, params, function)
    absl = absl_run(module, call.func)
    tf_run = resolve is not None and (resolve(call.func) or "").removeprefix("compat.v1.") == APP_RUN
    if not (tf_run or absl) or len(params) > 1:
        return None
    given = _run_arguments(call)
    if given is None:
        return None
    named, argv = given
    if named is not None and not (isinstance(named, cst.Name) and named.value == name):
        return None
    if named is None and (name != "main" or absl):  # tf.app.run() calls __main__'s ``main``
        return None
    if not params or not _reads(function, params[0].name.value):
        return []
    if argv is not None:  # ``main(argv)`` gets what is left of the list after the flags: not bound here
        return None
    if not _imports_sys(module):
        return None
    return [cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(params[0].name)], cst.parse_expression("sys.argv"))])]


def _run_arguments(call: cst.Call) -> tuple[cst.BaseExpression | None, cst.BaseExpression | None] | None:
    """``app.run(main, argv)``'s two arguments, positional or by keyword (``tf.app.run(main=main, argv=[sys.argv[0]]
    + unparsed)``), each None where not given; None when another argument is given. The argv only reaches ``main``'s
    parameter (and the flags it parses): a ``def main(_)`` never reading it runs the same body whatever it is."""
    slots: dict[str, cst.BaseExpression] = {}
    for index, arg in enumerate(call.args):
        key = arg.keyword.value if arg.keyword is not None else ("main", "argv")[index] if index < 2 else None
        if arg.star or key not in ("main", "argv") or key in slots:
            return None
        slots[key] = arg.value
    return slots.get("main"), slots.get("argv")


def _given(call: cst.Call, params: list[cst.Param], function: cst.FunctionDef) -> list[cst.SimpleStatementLine] | None:
    """``p = <argument>`` for each parameter, in order (``args = args`` left out); None when an argument is starred,
    names no parameter, or reads a parameter's name (a binding before it would change what it reads)."""
    names = [p.name.value for p in params]
    given: dict[str, cst.BaseExpression] = {}
    positional = [a for a in call.args if a.keyword is None]
    if any(a.star for a in call.args) or len(positional) > len(function.params.params):
        return None
    for param, arg in zip(function.params.params, positional, strict=False):
        given[param.name.value] = arg.value
    for arg in call.args:
        if arg.keyword is not None:
            if arg.keyword.value not in names or arg.keyword.value in given:
                return None
            given[arg.keyword.value] = arg.value
    out = []
    for param in params:
        value = given.get(param.name.value, param.default)
        if value is None:
            return None
        if isinstance(value, cst.Name) and value.value == param.name.value:
            continue
        if any(n.value in names for n in loaded_names(value)):
            return None
        out.append(cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(param.name.value))], value)]))
    return out


def runs_main(statement: cst.BaseStatement, module: cst.Module, resolve: Resolve | None) -> bool:
    """``tf.app.run()`` (or ``tf.compat.v1.app.run()``) as a statement of its own."""
    call = _lone_call(statement)
    return (
        call is not None
        and not call.args
        and resolve is not None
        and (resolve(call.func) or "").removeprefix("compat.v1.") == APP_RUN
    )


def assigned_target(statement: cst.BaseStatement) -> str | None:
    """``target`` of a statement ``target = f(...)``; ``cost, error`` of ``cost, error = f(...)`` (distinct names)."""
    if (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(assign := statement.body[0], cst.Assign)
        and len(assign.targets) == 1
        and isinstance(assign.value, cst.Call)
    ):
        return spelled_names(assign.targets[0].target)
    return None


def spelled_names(node: cst.BaseExpression | None) -> str | None:
    """``name``, or ``a, b`` for a tuple of distinct names (``return cost, error``, the target ``cost, error``)."""
    if isinstance(node, cst.Name):
        return node.value
    if not isinstance(node, cst.Tuple) or len(node.elements) < 2:
        return None
    names = [e.value.value for e in node.elements if isinstance(e, cst.Element) and isinstance(e.value, cst.Name)]
    return ", ".join(names) if len(names) == len(node.elements) and len(set(names)) == len(names) else None


def names_of(target: str | None) -> list[str]:
    """The names ``assigned_target`` or a returned tuple spells (``cost, error``), in order."""
    return target.split(", ") if target else []


def _lone_call(statement: cst.BaseStatement) -> cst.Call | None:
    if (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(expr := statement.body[0], cst.Expr)
        and isinstance(expr.value, cst.Call)
    ):
        return expr.value
    return None


def _reads(function: cst.FunctionDef, name: str) -> bool:
    """Whether the body (nested scopes included, to be safe) reads ``name``: a name the body only ever stores to
    (``loss, _ = sess.run(...)``, ``for _ in range(n)``) never reads the parameter, so nothing need be bound."""
    from tfmigrate.transforms.session.dead_code import _targets as binding_targets  # ``a, (b, c)``, not ``a.b``

    stored = {
        id(n)
        for node in own_body(function.body)
        if isinstance(node, (cst.AssignTarget, cst.For, cst.CompFor))
        for n in binding_targets(node.target)
    }
    return any(isinstance(n, cst.Name) and n.value == name and id(n) not in stored for n in descendants(function.body))


def _imports_sys(module: cst.Module) -> bool:
    return any(
        isinstance(s, cst.SimpleStatementLine)
        and any(
            isinstance(i, cst.Import) and any(a.evaluated_name == "sys" and a.asname is None for a in i.names)
            for i in s.body
        )
        for s in module.body
    )


def strip(inner: Sequence[cst.BaseStatement], bound: list[cst.SimpleStatementLine]) -> list[cst.BaseStatement] | None:
    """The body with the bindings ``bindings`` put before it taken out again; None when the rewrite changed them
    (or put a statement before them)."""
    empty = cst.Module(body=[])
    head = inner[: len(bound)]
    if len(head) != len(bound) or any(empty.code_for_node(a) != empty.code_for_node(b) for a, b in zip(head, bound)):
        return None
    return list(inner[len(bound) :])
