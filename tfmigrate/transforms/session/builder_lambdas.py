"""A lambda bound once to a module-level name that builds ops: ``init_val = lambda x, y:
tf.truncated_normal(shape=(x, y))`` called as ``tf.Variable(init_val(input_size, state_size))`` (Kyuye's unrolled
RNN, held-out set 26).

``f = lambda a: e`` and ``def f(a): return e`` bind the same function (only its ``__name__`` differs): each call
evaluates ``e`` afresh, so each builds new ops, read by that call's caller alone. The name is not a tensor shared by
its readers, so the lambda is read as the one-expression helper it is (helpers.py, inlined_helpers.py judge it as
any ``def``), and written back as the lambda it was (``resugar``). A lambda that runs the graph (``.eval``,
``.run``: evaluating_lambdas.py), whose name is bound again, or that calls no TensorFlow op is left as written.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.evaluating_lambdas import RUNS
from tfmigrate.transforms.session.loops import Origins, bound_once
from tfmigrate.transforms.session.renames import named_assignment


def as_functions(module: cst.Module, resolve: Resolve, line_of: LineOf) -> tuple[cst.Module, Resolve, LineOf, dict]:
    """The module with each such lambda a ``def``, resolve/line_of reading new nodes as the lambda's, and the
    lambdas' statements by name (empty: the module as given)."""
    origin = Origins()
    body = list(module.body)
    names: dict[str, cst.SimpleStatementLine] = {}
    builders = [(i, s, found) for i, s in enumerate(body) if (found := _builder(module, s, resolve)) is not None]
    for index, statement, (name, function) in builders:
        definition = cst.FunctionDef(
            name=cst.Name(name),
            params=function.params,
            body=cst.IndentedBlock(body=[cst.SimpleStatementLine(body=[cst.Return(value=function.body)])]),
            leading_lines=statement.leading_lines,
        )
        origin.add(definition, statement)
        origin.add(definition.body.body[0], statement)
        body[index] = definition
        names[name] = statement  # type: ignore[assignment]  # (_builder)
    read = (module.with_changes(body=body), *origin.lookups(resolve, line_of)) if names else (module, resolve, line_of)
    return *read, names


def resugar(module: cst.Module, names: dict[str, cst.SimpleStatementLine]) -> cst.Module:
    """Each ``def`` made of a lambda written back as its line, the lambda's body the (rewritten) expression."""
    made = [s for s in module.body if isinstance(s, cst.FunctionDef) and s.name.value in names]
    if not made:
        return module
    body = list(module.body)
    for statement in made:
        value = _returned(statement)
        if value is None:
            continue
        line = names[statement.name.value]
        assign = cst.ensure_type(line.body[0], cst.Assign)
        function = cst.ensure_type(assign.value, cst.Lambda).with_changes(params=statement.params, body=value)
        body[body.index(statement)] = line.with_changes(
            body=[assign.with_changes(value=function)], leading_lines=statement.leading_lines
        )
    return module.with_changes(body=body)


def _returned(definition: cst.FunctionDef) -> cst.BaseExpression | None:
    block = definition.body
    if not (isinstance(block, cst.IndentedBlock) and len(block.body) == 1 and not definition.decorators):
        return None
    line = block.body[0]
    if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 and isinstance(line.body[0], cst.Return)):
        return None
    return line.body[0].value


def _builder(module: cst.Module, statement: cst.BaseStatement, resolve: Resolve) -> tuple[str, cst.Lambda] | None:
    """``name = lambda ...: <ops>`` at module level, its name bound there alone, or None."""
    named = named_assignment(statement)
    if named is None or not isinstance(named[1].value, cst.Lambda):
        return None
    name, function = named[0], named[1].value
    calls = [n for n in descendants(function.body) if isinstance(n, cst.Call)]
    if any(isinstance(c.func, cst.Attribute) and c.func.attr.value in RUNS for c in calls):
        return None  # it runs the graph: evaluating_lambdas.py
    if not any(resolve(c.func) is not None for c in calls):
        return None
    if not bound_once(module, name):
        return None
    return name, function
