"""``tf.get_variable`` in a nested ``with tf.variable_scope('<literal>'):`` inside a block of tf.layers that a later
block builds again reusing (layer_scopes.py): the GAN collections' builders, ``with tf.variable_scope("generator",
reuse=reuse): net = bn(linear(z, 1024, scope='g_fc1'), is_training=is_training, scope='g_bn1')``, read at the
calls (inlined_helpers.py), ``linear``'s ``Matrix`` and ``bias`` in ``generator/g_fc1`` beside the batch norm
``generator/g_bn1``.

TF1 names a ``get_variable`` by the variable scopes around it (never numbered: a second one of the name is an error
unless the scope reuses), and a layer by its scope and its own name: a nested scope holding ``get_variable`` calls
only changes neither the layers' names nor their count in the outer scope. The reusing block's ``get_variable``
calls are read as the first build's variables before the proof (variable_sharing.py), which leaves it none; so only
the building block (entered without reuse) may hold such nested scopes, each a literal name entered once in it,
holding ``get_variable`` and ops, no layer, no deeper scope.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import argument, literal_string
from tfmigrate.transforms.session.analysis import Program, descendants

SCOPE = "variable_scope"
VARIABLE = "get_variable"


def nested(program: Program, block: cst.With) -> dict[cst.With, set[cst.Call]] | None:
    """Each nested scope of the building ``block`` with the ``get_variable`` calls it holds; None where a nested
    ``with`` is of another shape."""
    found: dict[cst.With, set[cst.Call]] = {}
    names: list[str] = []
    for node in descendants(block.body):
        if not isinstance(node, cst.With):
            continue
        name = _literal_scope(program, node)
        if name is None or name in names:
            return None
        names.append(name)
        calls: set[cst.Call] = set()
        for inner in descendants(node.body):
            if isinstance(inner, cst.With):
                return None
            if isinstance(inner, cst.Call):
                path = program.tf1_path(inner.func) or ""
                if path.startswith(("layers.", "keras.", SCOPE, "name_scope")):
                    return None
                if path == VARIABLE:
                    calls.add(inner)
        found[node] = calls
    return found


def allowed(nested: dict[cst.With, set[cst.Call]]) -> set[cst.CSTNode]:
    """The calls a building block may hold in its nested scopes: their ``get_variable`` calls and the scope calls."""
    calls: set[cst.CSTNode] = set()
    for statement, variables in nested.items():
        calls |= variables | {statement.items[0].item}
    return calls


def _literal_scope(program: Program, statement: cst.With) -> str | None:
    """The name of ``with tf.variable_scope('<literal>'):`` (no reuse, no ``as``); None for anything else."""
    if len(statement.items) != 1 or statement.items[0].asname is not None:
        return None
    call = statement.items[0].item
    if not isinstance(call, cst.Call) or program.tf1_path(call.func) != SCOPE or len(call.args) != 1:
        return None
    first = argument(call, 0, "name_or_scope")
    return literal_string(first.value) if first is not None and first.keyword is None else None
