"""Whether ``tf.cast(x, T, name='labels')`` makes the op it names: TF1's cast returns ``x`` itself when ``x`` is of
type ``T`` already (no op bears the name, and fetching ``'labels:0'`` raises), and an op named so otherwise. So a
cast names its op where the source fixes its input's type as another: ``tf.cast(tf.argmax(h, 1), tf.int32)``
(argmax gives int64), ``tf.cast(tf.round(tf.nn.sigmoid(z)), tf.int32)`` (a sigmoid is never an integer),
``tf.cast(tf.equal(a, b), tf.float32)`` (a comparison gives bool). The type is read through the calls of a small
table and a local bound once in the cast's function; anything else is not known, and the cast names no op.
tests/test_cast_names.py checks each rule on TF1."""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import argument, literal_string
from tfmigrate.transforms.session.analysis import Resolve, descendants, parents_of
from tfmigrate.transforms.session.execution_order import binds_of
from tfmigrate.transforms.session.graph_shapes import DTYPES, FLOATS

FLOATING = "floating"  # some float (or complex) type: which one is not read, but never an integer or bool
CASTS = frozenset({"cast", "dtypes.cast"})
COMPARISONS = frozenset(
    {"equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and", "logical_or"}
    | {"logical_not", "is_nan", "is_inf", "is_finite", "math.equal", "math.not_equal", "math.is_nan"}
)
# Kernels TensorFlow registers for float (and complex) types only: their result is never an integer or bool.
FLOAT_ONLY = frozenset(
    {"sigmoid", "nn.sigmoid", "math.sigmoid", "tanh", "nn.tanh", "math.tanh", "nn.softmax", "math.softmax"}
    | {"nn.log_softmax", "exp", "log", "sqrt", "math.exp", "math.log", "math.sqrt"}
)
# Calls whose result has their first argument's type.
PRESERVING = frozenset(
    {"round", "math.round", "identity", "abs", "negative", "squeeze", "reshape", "transpose", "nn.relu"}
    | {"reduce_max", "reduce_min", "reduce_sum", "reduce_mean", "math.reduce_max", "math.reduce_min"}
)
FIRST_KEYWORDS = ("x", "input", "input_tensor", "tensor", "a", "features")  # the first argument's, by keyword
ARGMAX = frozenset({"argmax", "argmin", "math.argmax", "math.argmin"})


def names_its_op(call: cst.Call, resolve: Resolve, root: cst.CSTNode) -> bool:
    """``call`` is a cast whose input is known to be of another type than the one it casts to (``root``: a node
    holding the call's function, where a local is looked up)."""
    if _path(call.func, resolve) not in CASTS:
        return False
    given, target = argument(call, 0, "x"), argument(call, 1, "dtype")
    to = _dtype(target.value, resolve) if target is not None else None
    if given is None or to is None:
        return False
    of = _type(given.value, resolve, parents_of(root), 0)
    if of is None:
        return False
    if of == FLOATING:
        return to not in FLOATS and to != "float"
    return of != to


def _path(func: cst.BaseExpression, resolve: Resolve) -> str:
    return (resolve(func) or "").removeprefix("compat.v1.")


def _dtype(value: cst.BaseExpression, resolve: Resolve) -> str | None:
    """``tf.int32`` or ``'int32'`` -> ``int32``."""
    if isinstance(value, cst.SimpleString):
        named = literal_string(value)
    else:
        named = _path(value, resolve).removeprefix("dtypes.")
    return named if named in DTYPES else None


def _type(value: cst.BaseExpression, resolve: Resolve, parents: dict, depth: int) -> str | None:
    """The type TF1 gives ``value`` where the source fixes it; FLOATING for some float type; None unknown."""
    if depth > 8:
        return None
    if isinstance(value, cst.Name):
        bound = _bound_once(value, parents)
        return _type(bound, resolve, parents, depth + 1) if bound is not None else None
    if isinstance(value, cst.Subscript):  # a slice of a tensor keeps its type
        return _type(value.value, resolve, parents, depth + 1)
    if not isinstance(value, cst.Call):
        return None
    path = _path(value.func, resolve)
    if path in CASTS or path == "placeholder":
        given = argument(value, 1 if path in CASTS else 0, "dtype")
        return _dtype(given.value, resolve) if given is not None else None
    if path in ARGMAX:
        if len([a for a in value.args if a.keyword is None]) > 4:
            return None  # ``output_type`` given by position: not read
        given = argument(value, None, "output_type")
        return _dtype(given.value, resolve) if given is not None else "int64"
    if path in COMPARISONS:
        return "bool"
    if path in FLOAT_ONLY:
        return FLOATING
    if path in PRESERVING:
        first = next((a for k in FIRST_KEYWORDS if (a := argument(value, None, k)) is not None), None)
        first = first or argument(value, 0, "")
        return _type(first.value, resolve, parents, depth + 1) if first is not None else None
    return None


def _bound_once(name: cst.Name, parents: dict) -> cst.BaseExpression | None:
    """The value of ``name = value``, the one statement binding ``name`` in the function reading it (not one of
    its parameters, declared global or nonlocal nowhere in it, bound by nothing else)."""
    function: cst.CSTNode = name
    while function in parents and not isinstance(function, cst.FunctionDef):
        function = parents[function]
    if not isinstance(function, cst.FunctionDef):
        return None
    if any(p.name.value == name.value for p in [*function.params.params, *function.params.kwonly_params]):
        return None
    binders = [n for n in descendants(function.body) if name.value in binds_of(n)]
    if len(binders) != 1 or not isinstance(binders[0], cst.AssignTarget):
        return None
    statement = parents.get(binders[0])
    if isinstance(statement, cst.Assign) and len(statement.targets) == 1 and isinstance(binders[0].target, cst.Name):
        return statement.value
    return None
