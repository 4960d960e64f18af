"""A variable's shape read from another graph value's static shape: the GAN and VAE layer helpers' ``w =
tf.get_variable('w', [input.get_shape()[1], output_dim])`` (AYLIEN's 1-D GAN ``linear``, DCGAN's ``linear`` with
``input_.get_shape().as_list()[1]``), read at their calls (inlined_helpers.py) as ``[z.get_shape()[1], 4]``.

TF1 answered the read from the graph, once, while it built the variable: the placeholder's declared dimension, or
the one shape inference gave the computed tensor. The read names no op and reads no value, so the variable's
initial value does not depend on the placeholder or tensor (variables.check_variable lets such names through).
Eagerly the placeholder is gone and the tensor is a function, so the read is replaced: a literal index into a
placeholder's dimension declared an integer becomes that integer (``[1, 4]``); any other read becomes shapes.py's
eager expression of the static shape (``tf.TensorShape([None, 1])``, or the shape of the tensor's function traced
on its placeholders' specs), whose dimensions are ints as TF1's Dimensions were. ``.value`` of a dimension read so
is the int itself.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session import shapes
from tfmigrate.transforms.session.analysis import Program, loaded_names

VALUE = "value"


def shape_only(program: Program, value: cst.BaseExpression) -> set[str]:
    """The graph names ``value`` (a variable's definition) reads for their static shape alone, each read recorded
    on the program for ``replacements``."""
    reads = _shape_reads(program, value)
    subjects = {id(name) for name, _ in reads.values()}
    names = {n.value for n in loaded_names(value) if n.value in program.nodes}
    only = {
        name
        for name in names
        if all(id(n) in subjects for n in loaded_names(value) if n.value == name)
        and program.nodes[name].kind in shapes.KINDS
    }
    for node, (subject, literal) in reads.items():
        if subject.value in only:
            program.variable_dimensions[node] = (subject, literal, program.nodes[subject.value])
    return only


def replacements(program: Program, tf: str) -> dict[cst.CSTNode, str]:
    """Each recorded read -> its eager code (raises Blocked where shapes.py cannot tell it)."""
    edits: dict[cst.CSTNode, str] = {}
    for node, (subject, literal, graph) in program.variable_dimensions.items():
        if literal is not None:
            edits[node] = literal
            continue
        # ``x.shape`` whole (its eager code ends in ``.shape``), from the binding the variable read
        edits[node] = shapes.code(program, node, subject, tf, graph)
    return edits


def _shape_reads(program: Program, value: cst.CSTNode) -> dict[cst.CSTNode, tuple[cst.Name, str | None]]:
    """``x.get_shape()`` / ``x.shape`` reads under ``value``: the node to replace -> (``x``, the literal dimension
    where one is told). The node is the read itself, or the dimension ``x.get_shape()[1]`` (with its ``.value``
    and ``.as_list()`` around it) where a literal is told."""
    found: dict[cst.CSTNode, tuple[cst.Name, str | None]] = {}
    stack: list[tuple[cst.CSTNode, tuple[cst.CSTNode, ...]]] = [(value, ())]
    while stack:
        node, parents = stack.pop()
        subject = shapes.subject(program, node)
        if subject is not None:
            outer, literal = _dimension(program, node, subject, parents)
            found[outer] = (subject, literal)
            continue
        stack.extend((child, (*parents, node)) for child in node.children)
    return found


def _dimension(
    program: Program, read: cst.CSTNode, subject: cst.Name, parents: tuple[cst.CSTNode, ...]
) -> tuple[cst.CSTNode, str | None]:
    """The outermost node of ``x.get_shape()[i]`` (``.as_list()`` before the index, ``.value`` after it) and the
    placeholder's declared integer there; (``read``, None) for any other read."""
    chain = list(reversed(parents))
    current: cst.CSTNode = read
    if (
        len(chain) >= 2
        and isinstance(chain[0], cst.Attribute)
        and chain[0].attr.value == "as_list"
        and isinstance(chain[1], cst.Call)
        and not chain[1].args
    ):
        current, chain = chain[1], chain[2:]
    if not chain or not isinstance(chain[0], cst.Subscript) or chain[0].value is not current:
        return read, None
    subscript = chain[0]
    index = _index(subscript)
    dims = _declared(program, subject)
    if index is None or dims is None or not -len(dims) <= index < len(dims) or dims[index] is None:
        return read, None
    outer: cst.CSTNode = subscript
    if len(chain) >= 2 and isinstance(chain[1], cst.Attribute) and chain[1].attr.value == VALUE:
        outer = chain[1]
    return outer, str(dims[index])


def _index(subscript: cst.Subscript) -> int | None:
    if len(subscript.slice) != 1 or not isinstance(subscript.slice[0].slice, cst.Index):
        return None
    value = subscript.slice[0].slice.value
    if isinstance(value, cst.Integer):
        return int(value.value)
    if (
        isinstance(value, cst.UnaryOperation)
        and isinstance(value.operator, cst.Minus)
        and isinstance(value.expression, cst.Integer)
    ):
        return -int(value.expression.value)
    return None


def _declared(program: Program, subject: cst.Name) -> list[int | None] | None:
    """A placeholder's shape as declared (a literal list: its rank is told), each dimension a literal int or None
    for any other (``batch_size``: not told here); None for a tensor or a placeholder bound more than once."""
    node = program.nodes[subject.value]
    if node.kind != "placeholder" or len(program.versions.get(subject.value, [])) != 1:
        return None
    elements = shapes._declared_dimensions(program, subject)
    if elements is None:
        return None
    dims: list[int | None] = []
    for element in elements:
        if isinstance(element, cst.StarredElement):
            return None
        dims.append(int(element.value.value) if isinstance(element.value, cst.Integer) else None)
    return dims
