"""``tf.variable_scope`` blocks in a Session program: the names they give, and the variables they share.

A ``with tf.variable_scope("hidden_1"):`` block opens a variable scope (``get_variable`` names get its prefix) and a
name scope of the same name, numbered like ``tf.name_scope`` (``hidden_1_1`` the second time; ops and summary tags
take it). The eager program keeps the block as ``tf.compat.v1.variable_scope``, which names ``get_variable``'s
variables as TF1 did, so a helper whose every call sits in its own literal scope (``def layer(input, weight_shape,
bias_shape): W = tf.get_variable("W", ...)``, the O'Reilly book's and many courses' shape) is read at each call site
(inlined_helpers.py) and builds one variable per scope under TF1's graph name.
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from tfmigrate.transforms._checkpoint import argument, literal_string
from tfmigrate.transforms.session.analysis import Blocked, Program, descendants

VARIABLE_SCOPE = "variable_scope"


def unread_as(program: Program, item: cst.WithItem) -> bool:
    """``with tf.variable_scope("lreg") as scope:`` whose ``scope`` nothing reads is the scope without ``as``: the
    name is written once in the module (here), so the scope object is never used. True without ``as`` too."""
    if item.asname is None:
        return True
    name = item.asname.name
    if not isinstance(name, cst.Name):
        return False
    return sum(1 for n in descendants(program.module) if isinstance(n, cst.Name) and n.value == name.value) == 1


def literal_scope(program: Program, statement: cst.With) -> str | None:
    """The name of ``with tf.variable_scope("name"):`` (one context manager, no ``as``, a literal name and no other
    argument but ``reuse=``): the name scope it opens. None for any other ``with``."""
    if len(statement.items) != 1 or not unread_as(program, statement.items[0]):
        return None
    call = statement.items[0].item
    if not isinstance(call, cst.Call) or program.tf1_path(call.func) != VARIABLE_SCOPE:
        return None
    first = argument(call, 0, "name_or_scope")
    if first is None or any(
        a.keyword is not None and a.keyword.value not in ("name_or_scope", "reuse") for a in call.args
    ):
        return None
    if len(call.args) > 2:
        return None
    return literal_string(first.value)


def variable_paths(program: Program) -> dict[cst.Call, list[str]]:
    """Each call under module-level ``with tf.variable_scope("name"):`` blocks and the names of those scopes, outer
    first: the prefix ``get_variable`` gives its variable (TF1 and eager alike; name scopes do not count)."""
    paths: dict[cst.Call, list[str]] = {}

    def walk(statements, prefix: list[str]) -> None:
        for statement in statements:
            if isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
                scope = literal_scope(program, statement)
                walk(statement.body.body, [*prefix, scope] if scope is not None else prefix)
            elif prefix and isinstance(statement, cst.SimpleStatementLine):
                for node in descendants(statement):
                    if isinstance(node, cst.Call):
                        paths[node] = prefix

    walk(program.module.body, [])
    return paths


def get_variable_name(
    program: Program,
    call: cst.Call,
    scoped: dict[cst.Call, list[str]],
    used: dict[str, int],
    deny: Callable[[str, cst.CSTNode], Blocked],
) -> str:
    """The graph name of ``tf.get_variable("W", ...)``: its variable scopes and its name, which eager
    ``tf.compat.v1.get_variable`` gives it too (checkpoints restore by it). Where a graph name used before clashes
    with it (``with tf.name_scope("embedding"): tf.get_variable("Embedding", ...)``: TF1 compares names without
    case, so the variable op and the checkpoint key are ``Embedding_1``), the numbered name, which the eager call is
    given (``renamed``); only outside variable scopes, where the name is nothing but the variable's."""
    from tfmigrate.transforms.session.savers import unique_name

    first = argument(call, 0, "name")
    base = literal_string(first.value) if first is not None else None
    if base is None:
        raise deny("a tf.get_variable name that is not a string literal, so old checkpoints may not match", call)
    full = "/".join([*scoped.get(call, []), base])
    numbered = unique_name(used, full)
    if numbered != full and scoped.get(call):
        raise deny(f"a graph name {full!r} is used before tf.get_variable names its variable (TF1 numbered it)", call)
    return numbered


def renamed(call: cst.Call, name: str) -> cst.Call:
    """``tf.get_variable("Embedding", ...)`` given the name TF1's graph gave its variable (``get_variable_name``)."""
    first = argument(call, 0, "name")
    assert first is not None  # get_variable_name read it
    quote = first.value.value[-1] if isinstance(first.value, cst.SimpleString) else '"'
    value = cst.SimpleString(f"{quote}{name}{quote}")
    return call.with_changes(args=[a.with_changes(value=value) if a is first else a for a in call.args])


def around(paths: dict[cst.Call, list[str]], statement: cst.CSTNode) -> list[str]:
    """The literal variable scopes around a module-level statement (outer first; ``paths``: ``variable_paths``); []
    outside any."""
    calls = [n for n in descendants(statement) if isinstance(n, cst.Call)]
    return paths.get(calls[0], []) if calls else []
