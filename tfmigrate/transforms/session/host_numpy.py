"""numpy calls in a graph expression that are host code: ``tf.constant(np.reshape([[0., 0.], [0., 1.]], [4, 2]))``.

TF1 evaluates the numpy call once, on the host, while it builds the graph; the graph holds the resulting array as a
constant. Eagerly the call runs where the expression is evaluated, on the same Python values, and gives the same
array when it is deterministic (not ``np.random``) and reads no graph value: its arguments are literals, host
arrays (a module-level name the program does not rebind later, which settle_versions checks) or other such calls.
pandas and scikit-learn host code is treated alike where it is fed (host_data.py, captured values in proof.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session import host_builtins
from tfmigrate.transforms.session.analysis import descendants, imported_path, loaded_names

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program


def numpy_path(program: Program, func: cst.BaseExpression) -> str | None:
    """``np.linalg.inv`` -> ``numpy.linalg.inv`` when ``np`` is ``import numpy as np`` (or ``from numpy import``)."""
    full = imported_path(program, func)
    return full if full is not None and full.split(".")[0] == "numpy" else None


def is_host_numpy(program: Program, call: cst.Call) -> bool:
    """A deterministic numpy call on host values: computed the same whether the graph is built or run eagerly."""
    path = numpy_path(program, call.func)
    if path is None or path.startswith("numpy.random"):
        return False
    return not program._reads(call) and host_calls(program, call)


def host_calls(program: Program, node: cst.CSTNode) -> bool:
    """Every call inside ``node`` (not ``node`` itself) is a builtin conversion (host_builtins.py) or a
    deterministic numpy call on host values."""
    return all(
        host_builtins.builtin(program, inner.func) or is_host_numpy(program, inner)
        for inner in descendants(node)
        if inner is not node and isinstance(inner, cst.Call)
    )  # a TensorFlow op, a helper or anything else inside: judged as written


# numpy's math on host numbers (``low = -constant * np.sqrt(6.0 / (fan_in + fan_out))`` in a Xavier initializer
# helper): no state, no side effect, the same number at each call.
PURE_MATH = frozenset(
    f"numpy.{name}"
    for name in (
        "sqrt exp log log2 log10 power square abs absolute floor ceil round sign prod sum mean maximum minimum "
        "sin cos tan tanh arctan float32 float64 int32 int64"
    ).split()
)


def pure_math(program: Program, call: cst.Call) -> bool:
    """``np.sqrt(6.0 / (fan_in + fan_out))`` in a helper: a pure numpy function of values that are not the
    module's graph values, whose arguments call nothing but such functions."""
    if numpy_path(program, call.func) not in PURE_MATH or any(a.star for a in call.args):
        return False
    if any(n.value in program.nodes for a in call.args for n in loaded_names(a.value)):
        return False
    inner = [n for a in call.args for n in descendants(a.value) if isinstance(n, cst.Call)]
    return all(pure_math(program, c) for c in inner)
