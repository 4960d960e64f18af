"""A layer dict holding a Python entry beside its variables: sentdex's tutorials write
``hidden_1_layer = {'f_fum': n_nodes_hl1, 'weight': tf.Variable(...), 'bias': tf.Variable(...)}`` and read only
``hidden_1_layer['weight']`` and ``hidden_1_layer['bias']``.

The Python entry builds no op, so TF1 names the variables and counts the op seeds as for a dict of the variables
alone, and the eager program builds the same variables in the same order. The dict is read as the container of
variables it is when its Python entries are constants or names of no graph value and the module reads the dict only
by literal keys naming its variables: no entry but a variable ever meets the graph, the optimizer or a Saver.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import Program, descendants

_LITERALS = (cst.Integer, cst.Float, cst.SimpleString)


def container(program: Program, name: str, value: cst.Dict, built: list[bool]) -> bool:
    """``value`` (bound to ``name``), whose entries ``built`` says are variables, holds only variables and Python
    entries, read by its variables' keys alone; read otherwise, the program keeps the graph tier with that reason."""
    entries = [e.value for e in value.elements if isinstance(e, cst.DictElement)]
    if not all(b or _python_entry(program, v) for v, b in zip(entries, built)):
        return False
    keys = {
        e.key.evaluated_value
        for e, b in zip(value.elements, built)
        if b and isinstance(e, cst.DictElement) and isinstance(e.key, cst.SimpleString)
    }
    other = _other_read(program, name, value, keys)
    if other is not None:
        raise program.deny(
            f"`{name}` holds Python entries beside its variables and is read other than as `{name}['key']` of one of "
            "its variables (a dict of variables is modelled through its variables' entries alone)",
            other,
        )
    return True


def _python_entry(program: Program, value: cst.BaseExpression) -> bool:
    """``n_nodes_hl1``, ``None``, ``16``, ``'relu'``: a value of no graph op, built once as Python."""
    if isinstance(value, _LITERALS):
        return True
    return isinstance(value, cst.Name) and value.value not in program.nodes


def _other_read(program: Program, name: str, value: cst.Dict, keys: set[str | bytes]) -> cst.CSTNode | None:
    """The first place ``name`` appears other than as the dict's own target or ``name['key']`` of a variable."""
    allowed: set[cst.CSTNode] = set()
    for node in descendants(program.module):
        if isinstance(node, cst.Assign) and node.value is value:
            allowed.update(t.target for t in node.targets)
        elif isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name) and len(node.slice) == 1:
            key = node.slice[0].slice
            if isinstance(key, cst.Index) and isinstance(key.value, cst.SimpleString):
                if key.value.evaluated_value in keys:
                    allowed.add(node.value)
        elif isinstance(node, cst.Name) and node.value == name and node not in allowed:
            return node
    return None
