"""Generate tfmigrate/data/tf_op_names.json: the names a TF1 graph gives ops that are not named explicitly.

Run with the project's venv (it imports the real TensorFlow)::

    python tools/gen_op_names.py [--check]

Why generated: a TF1 summary's tag is its name made unique in the graph (``tf.Graph.unique_name``, case-blind), so
a summary called ``mean`` next to a ``tf.reduce_mean`` is tagged ``mean_1``. Which default names ops get is a fact
about one TensorFlow release. The table holds, lowercased: every op type (``Mean``, ``MatMul``: an op built without
a name is named after its type) and the name scopes TF1's Python layer opens for ops built from operators and
helpers (``add``, ``truediv``, ``gradients``, ``init``), read by building a small graph with the TF1 API.
"""

from __future__ import annotations

import sys
from pathlib import Path

from _stored_table import write_or_check

OUT = Path(__file__).resolve().parents[1] / "tfmigrate" / "data" / "tf_op_names.json"


def names() -> dict:
    import tensorflow as tf

    v1 = tf.compat.v1
    types = {name.lower() for name in dir(tf.raw_ops) if not name.startswith("_")}
    graph = tf.Graph()
    with graph.as_default():
        a = v1.placeholder(tf.float32, [None, 2])
        w = v1.Variable(v1.zeros([2, 2]))
        b = v1.Variable(v1.ones([2]))
        y = v1.matmul(a, w) + b
        z = (y - 1.0) * 2.0 / 3.0 // 1.0 % 2.0
        z = -(abs(z) ** 2.0)
        m = v1.reduce_mean(z) + v1.reduce_sum(y) + v1.reduce_max(y) + v1.reduce_min(y)
        c = v1.cast(v1.equal(v1.argmax(y, 1), v1.argmax(y, 1)), tf.float32)
        loss = m + v1.reduce_mean(c) + v1.reduce_mean(v1.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=y))
        loss += v1.reduce_mean(v1.nn.sigmoid(y)) + v1.reduce_mean(v1.nn.relu(y)) + v1.reduce_mean(v1.log(v1.abs(y)))
        loss += v1.reduce_mean(v1.sqrt(v1.square(y))) + v1.reduce_mean(v1.nn.dropout(y, rate=0.5)) + y[0, 0]
        for optimizer in (
            v1.train.GradientDescentOptimizer(0.1),
            v1.train.AdamOptimizer(),
            v1.train.MomentumOptimizer(0.1, 0.9),
        ):
            optimizer.minimize(loss)
        v1.global_variables_initializer()
        v1.train.Saver()
    built = {op.name.split("/")[0].lower() for op in graph.get_operations()}
    built = {name.rstrip("_0123456789") if "_" in name else name for name in built}
    return {"tensorflow_version": tf.__version__, "default_names": sorted(types | built)}


def main(argv: list[str]) -> int:
    return write_or_check(OUT, names(), argv, "gen_op_names.py")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
