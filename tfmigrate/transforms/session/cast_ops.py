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
from tfmigrate.transforms.session.analysis import Resolve, descendants, parents_of, stored_names
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
    named = literal_string(value) if isinstance(value, cst.SimpleString) else _path(value, resolve).removeprefix("dtypes.")
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
        first = argument(value, 0, "x")
        first = first or argument(value, 0, "input_tensor") or argument(value, 0, "tensor") or argument(value, 0, "input")
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
    values: list[cst.BaseExpression | None] = []
    for node in descendants(function.body):
        if isinstance(node, (cst.Global, cst.Nonlocal)) and any(n.name.value == name.value for n in node.names):
            return None
        if isinstance(node, cst.Assign):
            if any(n.value == name.value for t in node.targets for n in stored_names(t.target)):
                single = len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name)
                values.append(node.value if single else None)
            continue
        if any(n.value == name.value for n in _other_stores(node)):
            return None
    return values[0] if len(values) == 1 else None


def _other_stores(node: cst.CSTNode) -> list[cst.Name]:
    """The names a statement or clause other than ``=`` binds: ``+=``, an annotated binding, ``for``, ``:=``,
    ``as`` (of ``with``, ``except``, ``import``), an import's module."""
    if isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For, cst.NamedExpr)):
        return stored_names(node.target)
    if isinstance(node, (cst.WithItem, cst.ExceptHandler, cst.ImportAlias)):
        alias = node.name if isinstance(node, cst.ExceptHandler) else node.asname
        if alias is not None:
            return stored_names(alias.name)
        if isinstance(node, cst.ImportAlias):
            head = node.name
            while isinstance(head, cst.Attribute):
                head = head.value
            return [head] if isinstance(head, cst.Name) else []
    return []
