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
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from _stored_table import write_or_check

OUT = Path(__file__).resolve().parents[1] / "tfmigrate" / "data" / "tf_scope_names.json"


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
    for key, build in sorted(calls(v1).items()):
        graph = tf.Graph()
        with graph.as_default():
            a = v1.placeholder(tf.float32, [2, 2], name="a")
            b = v1.placeholder(tf.float32, [2, 2], name="b")
            before = {op.name for op in graph.get_operations()}
            with v1.name_scope("scope"):
                build(a, b)
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
    return {"tensorflow_version": tf.__version__, "scope_names": table}


def main(argv: list[str]) -> int:
    return write_or_check(OUT, names(), argv, "gen_scope_names.py")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
