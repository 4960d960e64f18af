"""Generate tfmigrate/data/tf_scope_names.json: the names common TF1 calls and operators take in the scope they run in.

Run with the project's venv (it imports the real TensorFlow)::

    python tools/gen_scope_names.py [--check]

Why generated: a TF1 summary's tag is its name made unique in the graph, case-blind (``tf.Graph.unique_name``), so
in the tutorials' ``variable_summaries`` helper ``mean = tf.reduce_mean(var)`` names an op ``Mean`` and the summary
``tf.summary.scalar('mean', mean)`` after it is tagged ``.../summaries/mean_1``. Which names a call takes in its
scope (``reduce_mean(x)``: ``Const`` then ``Mean``; ``reduce_mean(x, 1)``: ``Mean`` alone, its axis made inside)
is a fact about one TensorFlow release, read here by building each call in a fresh graph under a name scope.

A key is the call's ``tf.`` path (or ``op:`` and the operator), the count of its positional arguments and its
keywords, as the summaries module reads them from the source; the value lists the names, lowercased, in the order
the call takes them.

``op_names`` gives, per key, the name of the op whose output the call returns, as TF1 cased it (``Mean``, ``sub``,
``Variable``), and its place in that list: a summary tagged ``value.op.name`` (a loop over tensors) is named after
it. ``named`` lists the paths whose returned op takes the ``name=`` given, and ``name_positions`` where each path
takes ``name`` positionally (``tf.multiply(a, b, "model")``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from _stored_table import write_or_check

OUT = Path(__file__).resolve().parents[1] / "tfmigrate" / "data" / "tf_scope_names.json"
MAY_RETURN_INPUT = frozenset({"cast"})  # ``tf.cast(x, tf.float32)`` of a float32 ``x`` returns ``x`` itself


def calls(v1) -> dict[str, Callable]:
    """key -> a builder of the call, given two float tensors ``a`` (rank 2) and ``b`` (rank 2)."""
    import tensorflow as tf

    unary = ["sqrt", "square", "exp", "log", "abs", "sigmoid", "tanh", "nn.relu", "nn.sigmoid", "nn.tanh"]
    unary += ["nn.softmax", "identity", "transpose", "nn.l2_loss", "negative", "stop_gradient", "zeros_like"]
    unary += ["ones_like", "shape", "size", "rank", "round", "floor", "sign", "reciprocal", "log1p", "nn.elu"]
    reductions = ["reduce_mean", "reduce_sum", "reduce_max", "reduce_min", "reduce_prod"]
    reductions += ["math.reduce_std", "math.reduce_variance", "reduce_logsumexp"]
    binary = ["add", "subtract", "multiply", "divide", "matmul", "maximum", "minimum", "pow", "equal", "greater"]
    binary += ["less", "squared_difference", "truediv", "div"]

    def path(name: str) -> Callable:
        target = v1
        for part in name.split("."):
            target = getattr(target, part)
        return target

    def one(f: Callable) -> Callable:
        return lambda a, b: f(a)

    def axis(f: Callable, keyword: bool) -> Callable:
        return (lambda a, b: f(a, axis=1)) if keyword else (lambda a, b: f(a, 1))

    def two(f: Callable) -> Callable:
        return lambda a, b: f(a, b)

    table: dict[str, Callable] = {}
    for name in unary:
        table[f"{name}/1/"] = one(path(name))
    for name in reductions:
        table[f"{name}/1/"] = one(path(name))
        table[f"{name}/2/"] = axis(path(name), keyword=False)
        table[f"{name}/1/axis"] = axis(path(name), keyword=True)
    for name in binary:
        table[f"{name}/2/"] = two(path(name))
    table["argmax/2/"] = lambda a, b: v1.argmax(a, 1)
    table["cast/2/"] = lambda a, b: v1.cast(a, tf.int32)
    table["constant/1/"] = lambda a, b: v1.constant(0.1)
    table["constant/1/shape"] = lambda a, b: v1.constant(0.1, shape=[2, 2])
    table["zeros/1/"] = lambda a, b: v1.zeros([2])
    table["ones/1/"] = lambda a, b: v1.ones([2])
    table["Variable/1/"] = lambda a, b: v1.Variable(a)
    table["reshape/2/"] = lambda a, b: v1.reshape(a, [-1])
    table["op:add"] = lambda a, b: a + b
    table["op:sub"] = lambda a, b: a - b
    table["op:mul"] = lambda a, b: a * b
    table["op:truediv"] = lambda a, b: a / b
    table["op:pow"] = lambda a, b: a**2.0
    table["op:matmul"] = lambda a, b: a @ b
    table["op:neg"] = lambda a, b: -a
    return table


def names() -> dict:
    import tensorflow as tf

    v1 = tf.compat.v1
    v1.disable_v2_behavior()  # the graph a TF1 program builds (RefVariables and all)
    table = {}
    outputs: dict[str, list] = {}
    for key, build in sorted(calls(v1).items()):
        graph = tf.Graph()
        with graph.as_default():
            a = v1.placeholder(tf.float32, [2, 2], name="a")
            b = v1.placeholder(tf.float32, [2, 2], name="b")
            before = {op.name for op in graph.get_operations()}
            with v1.name_scope("scope"):
                returned = build(a, b)
        taken = [op.name for op in graph.get_operations() if op.name not in before]
        tops: list[str] = []
        for name in taken:
            top = name.split("/")[1].lower()
            if top not in tops:
                tops.append(top)
        bases = []  # ``const_1`` after ``const`` is the second use of ``const``
        for top in tops:
            base, _, number = top.rpartition("_")
            bases.append(base if number.isdigit() and base in bases else top)
        table[key] = bases
        op = returned.op.name.split("/")
        if len(op) == 2 and op[1].lower() in tops and key.split("/")[0] not in MAY_RETURN_INPUT:
            outputs[key] = [tops.index(op[1].lower()), op[1]]
    return {
        "tensorflow_version": tf.__version__,
        "scope_names": table,
        "op_names": outputs,
        "named": named(v1),
        "name_positions": name_positions(v1),
    }


def _function(v1, path: str) -> Callable:
    target = v1
    for part in path.split("."):
        target = getattr(target, part)
    return target


def named(v1) -> list[str]:
    """Paths whose returned op is named exactly the ``name=`` given, in a fresh scope."""
    import tensorflow as tf

    found = set()
    for key in calls(v1):
        path = key.split("/")[0]
        if path.startswith("op:"):
            continue
        graph = tf.Graph()
        with graph.as_default():
            a = v1.placeholder(tf.float32, [2, 2], name="a")
            b = v1.placeholder(tf.float32, [2, 2], name="b")
            function = _function(v1, path)
            with v1.name_scope("scope"):
                try:
                    returned = _named_call(v1, key, function, a, b)
                except TypeError:
                    continue
        if returned is not None and returned.op.name == "scope/given" and path not in MAY_RETURN_INPUT:
            found.add(path)
    graph = tf.Graph()
    with graph.as_default(), v1.name_scope("scope"):
        if v1.placeholder(tf.float32, [2], name="given").op.name == "scope/given":
            found.add("placeholder")
    return sorted(found)


def _named_call(v1, key: str, function: Callable, a, b):
    """The call of ``key`` with ``name="given"``."""
    import tensorflow as tf

    path, positional, keywords = key.split("/")
    special = {
        "argmax": lambda: function(a, 1, name="given"),
        "cast": lambda: function(a, tf.int32, name="given"),
        "constant": lambda: function(0.1, name="given"),
        "zeros": lambda: function([2], name="given"),
        "ones": lambda: function([2], name="given"),
        "Variable": lambda: function(a, name="given"),
        "reshape": lambda: function(a, [-1], name="given"),
    }
    if path in special:
        return special[path]()
    if keywords or positional == "2" and path.startswith(("reduce", "math.reduce")):
        return function(a, axis=1, name="given")
    return function(a, b, name="given") if positional == "2" else function(a, name="given")


def name_positions(v1) -> dict[str, int]:
    """Path -> the index of its ``name`` parameter, for the paths of the table and the placeholders."""
    import inspect

    paths = {key.split("/")[0] for key in calls(v1) if not key.startswith("op:")} | {"placeholder"}
    positions = {}
    for path in sorted(paths):
        function = _function(v1, path)
        signature = inspect.signature(function.__init__ if isinstance(function, type) else function)
        parameters = [p for p in signature.parameters if p != "self"]
        if "name" in parameters:
            positions[path] = parameters.index("name")
    return positions


def main(argv: list[str]) -> int:
    return write_or_check(OUT, names(), argv, "gen_scope_names.py")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
