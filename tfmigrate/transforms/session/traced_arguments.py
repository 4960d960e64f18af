"""The values a loop passes to a train step that runs as a ``tf.function``.

A TF1 train op run in a loop (``sess.run(train_step, feed_dict={x: x_batch, y: y_batch})``) becomes a
``@tf.function`` train step called with the fed values. ``tf.function`` keys its traces on the Python values of its
arguments: a numpy array or a tensor is traced once per shape and dtype, but a Python list or float is a constant of
the trace, so a batch helper returning lists (``x = [[word2index[w] for w in s.split()] for s in batch]; return x,
y, seqlens``) or a learning rate changed every epoch traces the step again on every call (a real program: 7 traces
in 6 calls, 714 s against 5.4 s for its TF1 baseline). TF1's feed converted each value to an array of the
placeholder's dtype before the run; the eager step's call converts it to a tensor of that dtype:
``train_step(tf.cast(x_batch, tf.int32), ...)``. ``tf.cast`` is the conversion the step's functions already make of
their placeholder parameters (``X = tf.cast(X, tf.int32)``), so the numbers are the ones computed eagerly, and
it accepts what a feed does and ``tf.convert_to_tensor`` refuses (a float64 tensor for a float32 placeholder, a list
of floats for an int placeholder). A literal is one value at every call, a bool flag (defaults.py) stays the
Python bool the step branches on, and a name bound once, to what a numpy function returns (``x_data =
np.array(...)``), or a slice of it, is an array already: these pass as written.

A list of numbers written in the program (``x_data = [[1, 2, 1, 1], [2, 1, 3, 2], ...]``, hunkim's labs) is one
trace too, but ``tf.function`` walks a Python list element by element at every call to match it against its
traces: 1,000 steps on an 8x4 list cost 2.9 CPU-s against 0.5 with a tensor (the migrated labs ran 3x the CPU of
their TF1 baseline). The call passes ``tf.constant(x_data, dtype)``: numpy's conversion to the placeholder's dtype,
the one TF1's feed made, so the step's own cast of it changes nothing; each call reads the list as it is then, as
each feed did. Only where that conversion is the feed's: numbers into a float placeholder, integers into an integer
one (``tf.constant`` refuses a float for an int dtype, where the feed truncated it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session import defaults
from tfmigrate.transforms.session.analysis import UNCAST, module_value

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program

LITERALS = (cst.Integer, cst.Float, cst.SimpleString)
# numpy functions that return a tuple or list (of arrays or ints), not one array.
SEQUENCES = frozenset(
    {"split", "array_split", "hsplit", "vsplit", "dsplit", "shape", "unravel_index", "nonzero", "where", "meshgrid"}
    | {"histogram", "gradient", "broadcast_arrays", "atleast_1d", "atleast_2d", "atleast_3d", "ix_"}
)
# Placeholder dtypes (``tf.float32``, ``"float"``, ``np.int64``, ...) by their last name.
FLOATS = frozenset({"float", "float16", "float32", "float64", "bfloat16", "double", "half"})
INTS = frozenset({"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"})
# Methods of an ndarray or a numpy random generator (``rng = np.random.RandomState(0)``) whose value is an array.
ARRAY_METHODS = frozenset(
    {"reshape", "astype", "copy", "transpose", "flatten", "ravel", "squeeze", "sum", "mean", "max", "min", "clip"}
    | {"rand", "randn", "randint", "uniform", "normal", "standard_normal", "random", "random_sample", "choice"}
    | {"permutation", "binomial", "integers", "multivariate_normal"}
)


def argument(program: Program, name: str, value: cst.BaseExpression, code: str, tf: str) -> str:
    """The code passing ``value`` (written ``code``), fed to the placeholder ``name``, to a traced train step."""
    node = program.nodes[name]
    if node.dtype == UNCAST or defaults.flag(program, cst.Name(name)):
        return code
    if _numbers(_written(program, value), _kind(node.dtype)):
        return f"{tf}.constant({code}, {node.dtype})"
    if _settled(program, value, depth=3):
        return code
    return f"{tf}.cast({code}, {node.dtype})"


def _settled(program: Program, value: cst.BaseExpression, depth: int) -> bool:
    """A value one trace serves: a literal (nested in lists or tuples), a numpy array or scalar (``np.eye(2)[i]``,
    ``np.arange(12).reshape(4, 3) / 10``), or a name the module binds once to one of these."""
    if _literal(value) or (isinstance(value, cst.Name) and value.value in ("True", "False", "None")):
        return True
    if isinstance(value, cst.Name):
        bound = module_value(program, value.value) if depth else None
        return bound is not None and _settled(program, bound, depth - 1)
    return _array(program, value, depth)


def _written(program: Program, value: cst.BaseExpression) -> cst.BaseExpression | None:
    """``value``, or what the module binds it to once: the list a name like ``x_data`` holds."""
    return module_value(program, value.value) if isinstance(value, cst.Name) else value


def _kind(dtype: str) -> str | None:
    """``"float"`` or ``"int"`` for a placeholder dtype written ``tf.float32``, ``"float"``, ``tf.int64``, ..."""
    spelled = dtype.strip("\"'").rpartition(".")[2]
    if spelled in FLOATS:
        return "float"
    return "int" if spelled in INTS else None


def _numbers(value: cst.BaseExpression | None, kind: str | None) -> bool:
    """``value`` is a list or tuple literal whose every leaf is a number the feed of a ``kind`` placeholder made
    exactly that number (an integer into any, a float into a float placeholder)."""
    if not isinstance(value, (cst.List, cst.Tuple)) or kind is None:
        return False
    leaves = (cst.Integer, cst.Float) if kind == "float" else (cst.Integer,)

    def number(item: cst.BaseExpression) -> bool:
        if isinstance(item, cst.UnaryOperation) and isinstance(item.operator, (cst.Minus, cst.Plus)):
            return number(item.expression)
        if isinstance(item, (cst.List, cst.Tuple)):
            return all(isinstance(e, cst.Element) and number(e.value) for e in item.elements)
        return isinstance(item, leaves)

    return number(value)


def _literal(value: cst.BaseExpression) -> bool:
    if isinstance(value, cst.UnaryOperation):
        return _literal(value.expression)
    if isinstance(value, (cst.List, cst.Tuple)):
        return all(isinstance(e, cst.Element) and _literal(e.value) for e in value.elements)
    return isinstance(value, LITERALS)


def _array(program: Program, value: cst.BaseExpression, depth: int) -> bool:
    """A numpy array or scalar: a numpy function's value, an array method's, arithmetic of one with numbers."""
    if isinstance(value, cst.Subscript):
        return _array(program, value.value, depth)
    if isinstance(value, cst.BinaryOperation):
        sides = (value.left, value.right)
        return any(_array(program, s, depth) for s in sides) and all(
            _literal(s) or _array(program, s, depth) for s in sides
        )
    if isinstance(value, cst.Name):
        bound = module_value(program, value.value) if depth else None
        return bound is not None and _array(program, bound, depth - 1)
    if not isinstance(value, cst.Call):
        return False
    func = value.func
    if isinstance(func, cst.Attribute) and func.attr.value in ARRAY_METHODS and _array(program, func.value, depth):
        return True
    parts: list[str] = []
    while isinstance(func, cst.Attribute):
        parts.insert(0, func.attr.value)
        func = func.value
    return (
        isinstance(func, cst.Name)
        and bool(parts)
        and program.imported.get(func.value) == "numpy"
        and parts[-1] not in SEQUENCES
    )
