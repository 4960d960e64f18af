"""``Dimension.value`` in a shape that must be fully defined: ``tf.Variable(tf.random_uniform((inputs.get_shape()[1]
.value, units)))`` in a learner's dense-layer helper (tomzx's MLP), read as ``int(inputs.get_shape()[1])``.

TF1's ``x.get_shape()[i]`` is a ``Dimension`` whose ``.value`` is an int or None; TF2's is the int or None itself, so
``.value`` is TF1's spelling only. Where the read is an element of a literal shape passed to an op that builds a
tensor or variable of that shape (``tf.zeros``, ``tf.random_normal``, ``tf.get_variable``'s ``shape``), TF1 refused a
None there (a shape holding None converts to no tensor; a new variable's shape must be fully defined), so a program
that ran read an int, which ``int(...)`` reads too. The static-shape models (shapes.py, inlined_helpers.py) read
``int(x.get_shape()[i])`` as the graph's known dimension. Other ``.value`` reads (``is None`` tests, printing) may see
an unknown dimension and are left as written.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session.analysis import Bindings, LineOf, Resolve, descendants
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

SHAPED = {  # op -> the position of its shape argument
    **dict.fromkeys(("zeros", "ones", "random_uniform", "random_normal", "truncated_normal"), 0),
    **dict.fromkeys(("random.uniform", "random.normal", "random.truncated_normal", "fill"), 0),
    "get_variable": 1,
}


def read(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each such ``.value`` read as ``int(...)``; None where there is none."""
    if Bindings(module).sites.get("int"):
        return None  # ``int`` rebound: not the builtin
    places: set[int] = set()
    for call in descendants(module):
        path = (resolve(call.func) or "").removeprefix("compat.v1.") if isinstance(call, cst.Call) else ""
        if path not in SHAPED:
            continue
        assert isinstance(call, cst.Call)
        shape = argument(call, SHAPED[path], "shape" if path != "fill" else "dims")
        if shape is not None and isinstance(shape.value, (cst.List, cst.Tuple)):
            places |= {id(e.value) for e in shape.value.elements if dimension_value(e.value)}
    if not places:
        return None
    rewrite = _Int(module, resolve, line_of, places)
    return (module.visit(rewrite), *rewrite.remapped(), [])


def dimension_value(node: cst.CSTNode) -> bool:
    """``x.get_shape()[i].value`` / ``x.shape[i].value`` of a name ``x`` and an integer ``i``."""
    if not (isinstance(node, cst.Attribute) and node.attr.value == "value" and isinstance(node.value, cst.Subscript)):
        return False
    dimension = node.value
    if len(dimension.slice) != 1 or not isinstance(index := dimension.slice[0].slice, cst.Index):
        return False
    number = index.value.expression if isinstance(index.value, cst.UnaryOperation) else index.value
    if not isinstance(number, cst.Integer):
        return False
    read, called = dimension.value, isinstance(dimension.value, cst.Call)
    if isinstance(read, cst.Call) and not read.args:
        read = read.func
    attribute = "get_shape" if called else "shape"
    return isinstance(read, cst.Attribute) and read.attr.value == attribute and isinstance(read.value, cst.Name)


class _Int(TracedRewrite):
    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, places: set[int]) -> None:
        super().__init__(module, resolve, line_of)
        self.places = places

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        if id(original_node) not in self.places:
            return updated_node
        assert isinstance(updated_node.value, cst.Subscript)
        return self.traced(cst.Call(cst.Name("int"), [cst.Arg(updated_node.value)]), original_node)
