"""Static shapes read while the graph is built or run: ``x.shape.as_list()``, ``x.get_shape()``, ``int(h.shape[1])``.

TF1 answers them from the graph: a placeholder's declared shape, a computed tensor's shape as graph construction
inferred it. Eagerly a placeholder is gone and a tensor is a function, so a placeholder's shape becomes
``tf.TensorShape(<declared shape>)``, and a tensor's the shape of its output traced on ``tf.TensorSpec``s of the
placeholders it reads (``tf.function(h).get_concrete_function(...).structured_outputs.shape``): the same shape
functions infer it, in a graph of the same ops. A tensor computed through layer objects (tf.layers or Keras) is not
traced and keeps the graph tier; through functional tf.layers and batch norms it is (layer_shapes.py,
batch_norm_shapes.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session import batch_norm_shapes, branch_tests, host_builtins, layer_shapes
from tfmigrate.transforms.session.analysis import descendants, loaded_names

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Node, Program

KINDS = ("placeholder", "tensor")
INT = frozenset({"int"})


def known_dimensions(program: Program, value: cst.CSTNode) -> set[cst.Call]:
    """The ``v.get_shape()`` calls of graph values read as ``int(v.get_shape()[k])`` in ``value`` (held-out set 24's
    LSTM): TF1's ``int(None)`` raises, so a program that ran had the dimension statically, and the traced function,
    tracing concrete shapes, reads the same number. Other reads (``tf.zeros(x.get_shape())``, ``is None`` tests)
    may see a dimension TF1 left unknown."""
    found: set[cst.Call] = set()
    for node in descendants(value):
        if not (
            isinstance(node, cst.Call)
            and host_builtins.builtin(program, node.func, INT)
            and len(node.args) == 1
            and isinstance(index := node.args[0].value, cst.Subscript)
            and isinstance(index.value, cst.Call)
            and len(index.slice) == 1
            and isinstance(index.slice[0].slice, cst.Index)
            and type(branch_tests.literal(index.slice[0].slice.value)) is int  # ``0``, ``-1``
        ):
            continue
        name = read_name(index.value)
        if name is not None and name.value in program.nodes and not index.value.args:
            found.add(index.value)
    return found


def read_name(node: cst.CSTNode) -> cst.Name | None:
    """The name ``x`` of ``x.shape`` or ``x.get_shape()``."""
    if isinstance(node, cst.Attribute) and node.attr.value == "shape":
        target = node.value
    elif (
        isinstance(node, cst.Call)
        and not node.args
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "get_shape"
    ):
        target = node.func.value
    else:
        return None
    return target if isinstance(target, cst.Name) else None


def subject(program: Program, node: cst.CSTNode) -> cst.Name | None:
    """The name whose static shape ``node`` reads (``x.shape`` or ``x.get_shape()``), for a placeholder or tensor."""
    target = read_name(node)
    if target is None:
        return None
    graph = program.nodes.get(target.value)
    return target if graph is not None and graph.kind in KINDS else None


def kept(program: Program, node: cst.CSTNode) -> bool:
    """``v.get_shape()`` of a variable or constant: the eager value has the method and the graph's static shape."""
    if not (
        isinstance(node, cst.Call)
        and not node.args
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "get_shape"
        and isinstance(node.func.value, cst.Name)
    ):
        return False
    graph = program.nodes.get(node.func.value.value)
    return graph is not None and graph.kind in ("variable", "const") and not graph.container


def only_shapes(program: Program, value: cst.BaseExpression) -> bool:
    """``n = x.shape.as_list()[1]``: every graph name the value reads is read for its static shape alone."""
    subjects = {id(s) for n in descendants(value) if (s := subject(program, n)) is not None}
    reads = [n for n in loaded_names(value) if n.value in program.nodes]
    return bool(reads) and all(id(n) in subjects for n in reads)


def code(program: Program, read: cst.CSTNode, name: cst.Name, tf: str, node: Node | None = None) -> str:
    """The eager expression of the static shape ``read`` reads of the graph value ``name`` holds; raises Blocked.
    ``node``: the binding of ``name`` in effect at the read (a name rebound later holds another function by then),
    the last one by default."""
    unknown = _unknown_names(program, read, name)
    for current in descendants(program.module):
        if (
            isinstance(current, cst.Attribute)
            and current.attr.value == "value"
            and isinstance(current.value, cst.Subscript)
            and current.value.value is read
        ):
            raise program.deny("Dimension.value of a static shape (TF2 shapes hold ints)", current)
        if isinstance(current, cst.Comparison):
            for part in [current.left, *(c.comparator for c in current.comparisons)]:
                named = isinstance(part, cst.Name) and part.value in unknown
                if named or (
                    isinstance(part, cst.Subscript) and part.value is read and not _known(program, name, part)
                ):
                    raise program.deny(
                        "a static shape's dimension that may be unknown is compared (TF1's unknown Dimension is not "
                        "None and equals nothing, the eager one is None)",
                        part,
                    )
        for part in _shown(current):
            if isinstance(part, cst.Name) and part.value in unknown:
                raise program.deny(
                    f"`{part.value}`, a static shape or a dimension of one that may be unknown, is printed (TF1 "
                    "printed `?`, the eager TensorShape prints `None`)",
                    part,
                )
            if isinstance(part, cst.Subscript) and part.value is read and not _known(program, name, part):
                raise program.deny(
                    "a dimension of a static shape printed that may be unknown (TF1 printed `?`, the eager "
                    "TensorShape prints `None`)",
                    part,
                )
    node = node or program.nodes[name.value]
    if node.kind == "placeholder":
        return f"{tf}.TensorShape({_declared(program, node, name)})"
    return (
        f"{tf}.function({node.func}).get_concrete_function({specs(program, node, name, tf)}).structured_outputs.shape"
    )


def specs(
    program: Program, node: Node, where: cst.CSTNode, tf: str, what: str = "", traceable: frozenset[str] = frozenset()
) -> str:
    """The ``tf.TensorSpec``s of the placeholders the tensor's function takes, as declared; raises Blocked (``what``
    the shape read, ``x.shape`` of the tensor's name by default; ``traceable`` the layers a trace may build)."""
    what = what or f"`{node.name}.shape`"
    nodes = [node, *node.upstream.values()]
    if batch_norm_shapes.untraceable(program, nodes) - traceable - layer_shapes.traceable(program, nodes):
        raise program.deny(
            f"{what} of a tensor computed through layers (tracing it would build the layers there)", where
        )
    placeholders = {n.name: n for n in node.upstream.values() if n.kind == "placeholder"}
    drawn = [p for p in node.params if p not in placeholders]  # a random tensor drawn by the run (shared_draws.py)
    if drawn:
        raise program.deny(f"{what} of a tensor computed from the random tensor `{drawn[0]}`", where)
    return ", ".join(
        f"{tf}.TensorSpec({_declared(program, placeholders[p], where)}, {placeholders[p].dtype})" for p in node.params
    )


def _shown(node: cst.CSTNode) -> list[cst.BaseExpression]:
    """What ``node`` turns into text with ``str()``: the arguments of ``print``, ``str`` and ``"...".format``, the
    ``{...}`` of an f-string, the values of ``"..." % ...``; not what they are computed from (``int(x.shape[1])`` is
    an int in both)."""
    if isinstance(node, cst.FormattedStringExpression):
        return [node.expression]
    if isinstance(node, cst.Call):
        func = node.func
        printed = isinstance(func, cst.Name) and func.value in ("print", "str")
        formatted = (
            isinstance(func, cst.Attribute) and func.attr.value == "format" and isinstance(func.value, cst.SimpleString)
        )
        return [arg.value for arg in node.args] if printed or formatted else []
    if (
        isinstance(node, cst.BinaryOperation)
        and isinstance(node.operator, cst.Modulo)
        and isinstance(node.left, cst.SimpleString)
    ):
        right = node.right
        return [e.value for e in right.elements] if isinstance(right, cst.Tuple) else [right]
    return []


def _unknown_names(program: Program, read: cst.CSTNode, name: cst.Name) -> set[str]:
    """Names bound once to the shape ``read`` reads (``s = x.shape``, ``n, d = x.shape``) or to a dimension of it
    (``n = x.shape[0]``) whose text may differ: printed, TF1's unknown dimension is ``?``, the eager one ``None``."""
    unknown: set[str] = set()
    for assign in descendants(program.module):
        if not (isinstance(assign, cst.Assign) and len(assign.targets) == 1):
            continue
        target, value = assign.targets[0].target, assign.value
        if isinstance(target, cst.Name) and value is read:
            elements = _declared_dimensions(program, name)
            whole = elements is not None and all(_known_at(program, name, p) for p in range(len(elements)))
            bound: list[tuple[cst.BaseExpression, bool]] = [(target, whole)]
        elif isinstance(target, cst.Name) and isinstance(value, cst.Subscript) and value.value is read:
            bound = [(target, _known(program, name, value))]
        elif isinstance(target, (cst.Tuple, cst.List)) and value is read:
            bound = [(e.value, _known_at(program, name, p)) for p, e in enumerate(target.elements)]
        else:
            continue
        for element, known in bound:
            if isinstance(element, cst.Name) and not known and program.binds.get(element.value) == 1:
                unknown.add(element.value)
    return unknown


def _declared_dimensions(program: Program, name: cst.Name) -> list[cst.BaseElement] | None:
    """The elements of a placeholder's literal shape (``[None, 3]``); None for any other shape or graph value."""
    node = program.nodes[name.value]
    shape = (
        argument(node.value, 1, "shape") if node.kind == "placeholder" and isinstance(node.value, cst.Call) else None
    )
    if shape is None or not isinstance(shape.value, (cst.List, cst.Tuple)):
        return None
    return list(shape.value.elements)


def _known_at(program: Program, name: cst.Name, position: int) -> bool:
    """Dimension ``position`` of the placeholder's shape is declared an integer, which TF1's ``Dimension`` and the
    eager int print alike."""
    elements = _declared_dimensions(program, name)
    return elements is not None and position < len(elements) and isinstance(elements[position].value, cst.Integer)


def _known(program: Program, name: cst.Name, dimension: cst.Subscript) -> bool:
    """``x.shape[1]`` of a placeholder declared ``[None, 3]``: an integer index of a declared integer."""
    index = dimension.slice[0].slice if len(dimension.slice) == 1 else None
    if not isinstance(index, cst.Index) or not isinstance(index.value, cst.Integer):
        return False
    return _known_at(program, name, int(index.value.value))


def _declared(program: Program, placeholder: Node, where: cst.CSTNode) -> str:
    """The placeholder's shape as written (``None``: unknown), when its names hold what they held there."""
    assert isinstance(placeholder.value, cst.Call)
    shape = argument(placeholder.value, 1, "shape")
    if shape is None:
        return "None"
    for read in loaded_names(shape.value):
        if read.value != "None" and program.binds.get(read.value, 0) > 1:
            raise program.deny(
                f"the shape placeholder `{placeholder.name}` was declared with (line {placeholder.line}) reads "
                f"`{read.value}`, which is rebound",
                where,
            )
    return program.module.code_for_node(shape.value)
