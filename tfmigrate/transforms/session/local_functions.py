"""Functions defined inside a graph helper: ``def shift(r): return r - tf.reduce_max(r)`` called by the helper, or
the named branches of its tf.cond (held-out 22, sr_custom)::

    def correcting_function(row):
        def shifted():
            return row - tf.reduce_max(row)

        def kept():
            return row

        return tf.cond(tf.reduce_max(row) > 1.0, shifted, kept)

The helper stays as written, so Python runs the same ``def`` statements in TF1 and eagerly; what differs is how
often: TF1 ran the helper once per call where the graph was built (or once, tracing it, for ``tf.map_fn``), eager TF2
per computation of the tensor. A local function whose body is a graph helper's (assignments and one ``return``, its
ops eager-safe, no variable, placeholder or draw: helpers.py checks its statements as the helper's own, its
parameters and locals its own names) computes the same values however often it runs. Anything else in one (a
decorator, ``*args``, a default that is not a literal, another statement, a nested definition) keeps the graph tier.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session import literals
from tfmigrate.transforms.session.analysis import descendants


def split(body: list, deny) -> tuple[list, dict[str, cst.FunctionDef]]:
    """The helper's statements without its local ``def``s, and those by name; ``deny``'s Blocked for a ``def`` in
    the helper that is not of the form above."""
    rest: list = []
    functions: dict[str, cst.FunctionDef] = {}
    for statement in body:
        if not isinstance(statement, cst.FunctionDef):
            rest.append(statement)
            continue
        name = statement.name.value
        params = statement.params
        if statement.decorators or statement.asynchronous is not None or name in functions:
            raise deny(f"local function `{name}` is decorated, async or defined twice", statement)
        if params.star_arg is not cst.MaybeSentinel.DEFAULT and params.star_arg is not None:
            raise deny(f"local function `{name}` takes *args or keyword-only parameters", statement)
        if params.star_kwarg is not None or params.posonly_params or params.kwonly_params:
            raise deny(f"local function `{name}` takes **kwargs or positional-only parameters", statement)
        if any(p.default is not None and not literals.written(p.default) for p in params.params):
            raise deny(f"local function `{name}` has a default that is not a literal", statement)
        if not _straight(statement):
            raise deny(f"local function `{name}` is not assignments and one `return`", statement)
        functions[name] = statement
    return rest, functions


def statements(function: cst.FunctionDef) -> list[cst.SimpleStatementLine]:
    """The local function's body (``split`` checked it is simple statement lines)."""
    return [s for s in function.body.body if isinstance(s, cst.SimpleStatementLine)]


def names(function: cst.FunctionDef) -> set[str]:
    """Its parameters and the names its assignments bind."""
    bound = {p.name.value for p in function.params.params}
    for line in statements(function):
        small = line.body[0]
        if isinstance(small, cst.Assign):
            bound.update(t.target.value for t in small.targets if isinstance(t.target, cst.Name))
    return bound


def _straight(function: cst.FunctionDef) -> bool:
    body = function.body.body if isinstance(function.body, cst.IndentedBlock) else ()
    if not body or any(isinstance(n, (cst.FunctionDef, cst.ClassDef)) for n in descendants(function.body)):
        return False
    for index, line in enumerate(body):
        if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1):
            return False
        small = line.body[0]
        last = index == len(body) - 1
        if last and not (isinstance(small, cst.Return) and small.value is not None):
            return False
        if not last and not (
            isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)
        ):
            return False
    return True
