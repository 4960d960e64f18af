"""A tensor that is not a placeholder, fed: the RNN tutorials' ``init_state = tf.zeros([batch_size, state_size])``
fed the state the previous step fetched (``feed_dict={x: X, y: Y, init_state: training_state}``), and
``sess.run(c, feed_dict={c: 1})`` of ``c = a + b`` over constants.

TF1 feeds any tensor: a run that feeds it reads the fed value (the ops that compute it do not run), a run that does
not reads the tensor's own value. That is a placeholder with a default (defaults.py), the default being the value
itself. Computed from constants alone it has one value, and eagerly it keeps it: its definition stays as written,
an eager tensor, and the functions that read it take it as a parameter, passed the fed value where a run feeds it and
the module-level tensor where a run does not. Fed values are cast to the tensor's dtype, as TF1 converted a feed,
which graph_shapes.py tells; a fed tensor computed from placeholders or variables, or whose dtype is not modelled,
keeps the graph tier with the proof's reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms._tf1 import tf_binding

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Node, Program

RUNS = frozenset({"run", "eval"})
FILLED = frozenset({"zeros", "ones"})


def fed_names(module: cst.Module) -> set[str]:
    """The names a ``feed_dict`` literal of a ``.run(...)`` or ``.eval(...)`` call uses as keys."""
    from tfmigrate.transforms.session.analysis import descendants

    found: set[str] = set()
    for call in descendants(module):
        if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value in RUNS):
            continue
        for index, arg in enumerate(call.args):
            feed = arg.keyword is not None and arg.keyword.value == "feed_dict"
            if (feed or arg.keyword is None and index == 1) and isinstance(arg.value, cst.Dict):
                found.update(
                    e.key.value
                    for e in arg.value.elements
                    if isinstance(e, cst.DictElement) and isinstance(e.key, cst.Name)
                )
    return found


def is_fed_value(node: Node) -> bool:
    """A fed tensor read as a placeholder whose default is its own module-level value."""
    return node.kind == "placeholder" and node.default == node.name


def as_placeholder(program: Program, node: Node) -> None:
    """``node`` (a constant the module feeds somewhere) made a placeholder defaulting to its own value."""

    if node.kind != "const" or node.name not in program.fed or program.binds.get(node.name, 0) != 1:
        return
    tf = tf_binding(program.module)
    dtype = value_dtype(program, node.value)
    if tf is None or dtype is None:
        return
    node.kind = "placeholder"
    node.dtype = f"{tf}.{dtype}"
    node.default = node.name


def value_dtype(program: Program, value: cst.BaseExpression) -> str | None:
    """The dtype TF1 gave ``value``: ``tf.zeros(shape)`` / ``tf.ones(shape)`` float32 or their ``dtype=``, any other
    value as graph_shapes.py tells it (its shape may be one that module does not model)."""
    from tfmigrate.transforms._checkpoint import argument
    from tfmigrate.transforms.session.graph_shapes import DTYPES, Shapes, Unmodelled

    path = program.tf1_path(value.func) if isinstance(value, cst.Call) else None
    if isinstance(value, cst.Call) and path in FILLED:
        given = argument(value, 1, "dtype")
        if given is None:
            return "float32"
        named = program.tf1_path(given.value)
        return named if named in DTYPES else None
    try:
        dtype = Shapes(program).tensor(value).dtype
    except Unmodelled:
        return None
    return dtype if dtype in DTYPES else None
