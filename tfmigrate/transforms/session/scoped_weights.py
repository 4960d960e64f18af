"""``tf.get_variable`` variables beside tf.layers' in a variable list (``t_vars = tf.trainable_variables()``; ``d_vars
= [var for var in t_vars if 'd_' in var.name]``): the GAN collections' builders, ``linear``'s ``Matrix`` and ``bias``
(get_variable under ``tf.variable_scope(scope)``) and the batch norms' ``gamma`` and ``beta``, read at their calls
(inlined_helpers.py) as module-level code.

TF1 lists the variables in creation order: the order of the statements that build them in straight-line module code,
a layer's variables where it is called. A ``get_variable`` is named by the variable scopes around it and its literal
name, never numbered (a second one of a full name is an error unless its scope reuses, and the reusing ones were read
as the first build's variables before the proof, variable_sharing.py); the eager program builds it with
``tf.compat.v1.get_variable`` under the same ``tf.compat.v1.variable_scope`` blocks, as a module-level name.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import argument, literal_string
from tfmigrate.transforms.session.analysis import Node, Program

GET_VARIABLE = "get_variable"
SCOPE = "variable_scope"


def named(program: Program, call: cst.Call) -> tuple[str, str] | None:
    """The eager code and TF1 name (``generator/g_fc1/Matrix:0``) of the trainable variable a module-level
    ``name = tf.get_variable('<literal>', ...)`` builds; None for any other call."""
    if program.tf1_path(call.func) != GET_VARIABLE:
        return None
    trainable = argument(call, None, "trainable")
    if trainable is not None and program.module.code_for_node(trainable.value) != "True":
        return None
    node = next((n for n in program.nodes.values() if n.kind == "variable" and n.value is call), None)
    first = argument(call, 0, "name")
    base = literal_string(first.value) if first is not None and isinstance(first.value, cst.SimpleString) else None
    scopes = _scopes(program, call)
    if node is None or node.container or base is None or scopes is None:
        return None
    return node.name, "/".join([*scopes, base]) + ":0"


def built(program: Program, node: Node) -> bool:
    """A variable node built by ``tf.get_variable`` (the lists read its TF1 name where it is built: :func:`named`)."""
    return isinstance(node.value, cst.Call) and program.tf1_path(node.value.func) == GET_VARIABLE


def _scopes(program: Program, call: cst.Call) -> list[str] | None:
    """The literal variable scopes of the module-level ``with`` blocks around ``call``; None where another block
    (a name scope, a scope object, a computed name) stands around it."""
    for statement in program.module.body:
        found = _path_to(program, statement, call, [])
        if found is not None:
            return found
    return None


def _path_to(program: Program, statement: cst.CSTNode, call: cst.Call, scopes: list[str]) -> list[str] | None:
    if isinstance(statement, cst.SimpleStatementLine):
        small = statement.body[0] if len(statement.body) == 1 else None
        return scopes if isinstance(small, cst.Assign) and small.value is call else None
    if not isinstance(statement, cst.With) or not isinstance(statement.body, cst.IndentedBlock):
        return None
    item = statement.items[0].item if len(statement.items) == 1 and statement.items[0].asname is None else None
    if not isinstance(item, cst.Call) or program.tf1_path(item.func) != SCOPE:
        return None
    first = argument(item, 0, "name_or_scope")
    name = literal_string(first.value) if first is not None and isinstance(first.value, cst.SimpleString) else None
    if name is None or any(a is not first and (a.keyword is None or a.keyword.value != "reuse") for a in item.args):
        return None
    for inner in statement.body.body:
        found = _path_to(program, inner, call, [*scopes, name])
        if found is not None:
            return found
    return None
