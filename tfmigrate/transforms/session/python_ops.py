"""TensorFlow ops on Python and numpy values written among the Session program's runs: the solaris33 embedding
example prints ``tf.one_hot(input_data, vocab_size).shape`` of a numpy array inside its Session program.

TF1 adds such an op to the graph where the line runs and the line reads the op's static shape (or dtype), which
graph construction infers from the constant inputs; eagerly the op computes its value at once and its shape is the
value's. The two agree for ops whose output shape follows from their inputs' shapes and constant arguments: every
op of the eager-safe table except those whose output size depends on the data (``tf.where(mask)``,
``tf.boolean_mask``, ``tf.unique``...: TF1's static shape has an unknown dimension there) and random ops (a new op
per run, seeded apart in TF1). ``sess.run(op)`` of such an op is a fetch of an inline expression (proof.py). Any
other use of the op (printed, kept, passed to the graph) keeps the graph tier: TF1 printed a symbolic tensor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms._checkpoint import SAFE_MODULES, eager_safe
from tfmigrate.transforms.session import host_builtins, rnn_lists
from tfmigrate.transforms.session.analysis import MORE_OPS, descendants, is_random, loaded_names

if TYPE_CHECKING:
    from tfmigrate.transforms.session.proof import Proof

STATIC = frozenset({"shape", "dtype", "get_shape"})
# Eager-safe names that are no op of a value, and ops whose output size depends on the input's values.
NOT_VALUE_OPS = frozenset(
    {
        "Variable",
        "get_variable",
        "variable_scope",
        "name_scope",
        "set_random_seed",
        "print",
        "reset_default_graph",
        "ConfigProto",
        "GPUOptions",
        "where",
        "boolean_mask",
        "unique",
        "unique_with_counts",
        "dynamic_partition",
        "setdiff1d",
        "math.bincount",
    }
)
NOT_VALUE_PREFIXES = (
    "train.",
    "logging.",
    "app.",
    "flags.",
    "io.",
    "gfile.",
    "initializers.",
    "dtypes.",
    "debugging.",
    "strings.",
    "sparse.",
    "math.segment_",
    "math.unsorted_segment_",
)


def static_read(proof: Proof, attribute: cst.Attribute) -> bool:
    """``tf.one_hot(data, depth).shape`` (or ``.dtype``, ``.get_shape``) of an op on Python values only."""
    return (
        attribute.attr.value in STATIC and isinstance(attribute.value, cst.Call) and on_values(proof, attribute.value)
    )


def static_call(proof: Proof, call: cst.Call) -> bool:
    """``tf.one_hot(data, depth).get_shape()``, ``....shape.as_list()``, ``....get_shape().as_list()``."""
    if rnn_lists.builtin(proof, call):
        return True
    current: cst.BaseExpression = call
    if _method(current, "as_list"):
        current = current.func.value  # type: ignore[attr-defined]
    if _method(current, "get_shape"):
        return isinstance(current.func.value, cst.Call) and on_values(proof, current.func.value)  # type: ignore[attr-defined]
    return isinstance(current, cst.Attribute) and static_read(proof, current) and current is not call


def _method(node: cst.BaseExpression, name: str) -> bool:
    return (
        isinstance(node, cst.Call)
        and not node.args
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == name
    )


def on_values(proof: Proof, call: cst.Call) -> bool:
    """A TensorFlow op whose arguments hold no graph value, Session, or helper, built from ops whose eager shape is
    TF1's static shape."""
    program = proof.program
    for name in loaded_names(call):
        if (
            name.value in program.nodes
            or name.value in proof.sessions
            or name.value in program.helpers
            or name.value in proof.feed_dicts
        ):
            return False
    if program.tf_path(call.func) is None:
        return False
    for sub in descendants(call):
        if not isinstance(sub, cst.Call):
            continue
        path = program.tf_path(sub.func)
        if path is None:
            if not _plain(program, sub.func):
                return False
            continue
        path = path.removeprefix("compat.v1.")
        if (
            not (eager_safe(path) or path in MORE_OPS)
            or is_random(path)
            or path in NOT_VALUE_OPS
            or path.startswith(NOT_VALUE_PREFIXES)
            or path.endswith("_initializer")
        ):
            return False
    return True


def _plain(program, func: cst.BaseExpression) -> bool:
    """A builtin, or a function of numpy / the standard library (``np.array``)."""
    root = func
    while isinstance(root, cst.Attribute):
        root = root.value
    if not isinstance(root, cst.Name):
        return False
    if host_builtins.builtin(program, func, host_builtins.ARITHMETIC):
        return True
    source = program.imported.get(root.value)
    return source is not None and source.split(".")[0] in SAFE_MODULES and not program.foreign(root.value)
