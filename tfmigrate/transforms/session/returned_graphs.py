"""A function that builds the model in a ``tf.Graph`` of its own and returns it: ecotner's autoencoder,
``def initialize_graph(...): G = tf.Graph(); with G.as_default(): X = tf.placeholder(..., name="X") ...; return G``,
entered by a training function and by a restoring one, each reading the tensors back by op name
(``G.get_tensor_by_name("X:0")``).

The graph is a value here: the model's tensors reach the Session code through the graph object and op names, not
through Python names, so neither the helper proof (a helper's values are its returned tensors) nor the module
proof (a graph read by names bound at module level) reads it. It keeps the graph tier, and the report says so
rather than naming the first op the function makes (was "function `initialize_graph` makes a placeholder").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program


def reason(program: Program, function: cst.FunctionDef) -> tuple[str, cst.Call] | None:
    """Why ``function`` keeps the graph tier where it returns a ``tf.Graph()`` it binds, and the graph's call."""
    graphs = {
        target.target.value: node.value
        for node in descendants(function.body)
        if isinstance(node, cst.Assign)
        and isinstance(node.value, cst.Call)
        and program.tf_path(node.value.func) == "Graph"
        for target in node.targets
        if isinstance(target.target, cst.Name)
    }
    for node in descendants(function.body):
        if isinstance(node, cst.Return) and isinstance(node.value, cst.Name) and node.value.value in graphs:
            named = any(
                isinstance(n, cst.Attribute) and n.attr.value == "get_tensor_by_name"
                for n in descendants(program.module)
            )
            by_name = ", which its callers enter and read back by op name (`get_tensor_by_name`)" if named else ""
            return (
                f"function `{function.name.value}` builds the model in the tf.Graph it returns "
                f"(`return {node.value.value}`){by_name}: a graph handed back as a value is not modelled",
                graphs[node.value.value],
            )
    return None
