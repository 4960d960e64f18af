"""What a Session-less TF1 program reads that only graph mode answers (TFM102's weaker sites).

Why: a TF1 lesson on name and variable scopes builds ops and prints their names, shares a variable with
``variable_scope(reuse=True)`` and checks ``assert v == vz``, lists ``get_collection(...)``: no placeholder, no
Session, so none of GRAPH_MODE_NAMES, and TF2 runs it eagerly, where ``Tensor.name`` / ``.op`` / ``.graph``
raise, ``get_variable`` under ``reuse`` makes a new variable, collections are empty and ``Dimension.value`` is
gone. TF1 ran all of it in graph mode, so TFM102 switches it back; the same reads are also what a TF2 program
inside ``with g.as_default():`` or a ``tf.function`` may do, so these sites count only for TF1 code (a name TF2
only has under ``tf.compat.v1``) that shows no eager idiom and no graph of its own (checked on TF 2.21).

``print(tensor)`` (``str``, ``format``, an f-string) of an op's result is one too (held-out set 18): TF1 printed the
symbolic ``Tensor("Softmax:0", shape=(2, 4), dtype=float32)``, eager code prints the values (after running the
whole forward pass). The same line is working TF2 code, so it counts under the same gate: a module with only TF2
names (``tf.constant``, ``tf.matmul``, ``print``) is left byte-identical, since nothing in it tells the two apart.
"""

from __future__ import annotations

# Reading these of an op's result (or of a variable, but for ``name``) raises AttributeError when eager.
TENSOR_ATTRIBUTES = frozenset({"name", "op", "graph", "consumers"})
VARIABLE_ATTRIBUTES = frozenset({"op", "graph"})
# TF1 calls that read the graph's collections: empty lists when eager.
COLLECTION_CALLS = frozenset(
    {
        "get_collection",
        "get_collection_ref",
        "add_to_collection",
        "trainable_variables",
        "global_variables",
        "all_variables",
        "local_variables",
        "model_variables",
        "moving_average_variables",
        "report_uninitialized_variables",
    }
)
# Calls whose result is not an op's tensor (their ``name`` works when eager).
NOT_TENSORS = frozenset(
    {
        "Variable",
        "get_variable",
        "get_local_variable",
        "get_variable_scope",
        "variable_scope",
        "name_scope",
        "get_default_graph",
        "Graph",
        "constant_initializer",
    }
)
NOT_TENSOR_PREFIXES = (
    "keras.",
    "data.",
    "estimator.",
    "train.",
    "summary.",
    "io.",
    "gfile.",
    "saved_model.",
    "distribute.",
    "app.",
    "flags.",
    "logging.",
    "initializers.",
    "contrib.",
)
# Names only an eager (or explicitly graph-building) TF2 program uses: their presence keeps the program as it is.
EAGER_OR_OWN_GRAPH = frozenset(
    {"function", "GradientTape", "enable_eager_execution", "enable_v2_behavior", "executing_eagerly", "Graph"}
)


def variable_call(path: str) -> bool:
    return path.rsplit(".", 1)[-1] in ("Variable", "get_variable", "get_local_variable")


def tensor_call(path: str) -> bool:
    """A TensorFlow function whose result is an op's tensor (or a variable): ``tf.multiply``, ``tf.add``."""
    last = path.rsplit(".", 1)[-1]
    if variable_call(path):
        return True
    return (
        last[:1].islower()
        and last not in NOT_TENSORS
        and last not in COLLECTION_CALLS
        and not path.startswith(NOT_TENSOR_PREFIXES)
    )


def reuses(keyword_values: dict[str, str]) -> bool:
    """``variable_scope(..., reuse=True)`` or ``reuse=tf.AUTO_REUSE``: sharing that only graph mode's store does."""
    value = keyword_values.get("reuse")
    return value is not None and (value == "True" or value.endswith("AUTO_REUSE"))
