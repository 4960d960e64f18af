"""Generate tfmigrate/data/eager_ops.json: the TF1 functions whose eager value is the value a Session computes.

Run with the TensorFlow that tfmigrate targets installed::

    python tools/gen_eager_ops.py            # writes tfmigrate/data/eager_ops.json
    python tools/gen_eager_ops.py --stdout   # prints it (tests/test_eager_op_table.py compares it with the file)

Why generated: TFM201 moves a TF1 Session program to eager TF2 only when every TensorFlow call in its graph is an op
whose eager result equals the graph's. Which of the ~3,000 tf.compat.v1 functions are such ops is a fact about one
TensorFlow release, and a hand-written list of them always has gaps (``tf.matrix_inverse``, ``tf.svd`` ...).

A function is listed when all of this holds in the installed TensorFlow:
- tf1_api.json (tools/gen_tf1_api.py) says what TF2 calls it: the same object under the same path or another one
  (``matrix_inverse`` -> ``linalg.inv``), a TF2 function of the same path whose required parameters are the same
  ("d": TFM101 maps the rest), or ``compat.v1.<path>`` (what TFM101 writes for a TF1-only name);
- called with small sample inputs (a symmetric invertible 2x2 matrix, a vector, an image, strings ...: the first
  that works) inside a tf.Graph, it builds at least one op, returns tensors, and none of the ops it built is stateful
  (``op.op_def.is_stateful``: random draws, variables, queues, readers, summaries writers, asserts, prints all are),
  a placeholder or a file read, and its source reads no graph collection (eager TF2 has none; the sample graph
  holds a loss and a regularization loss, so a function summing them shows another value than eagerly);
- run in a Session, those tensors have the same values, in the same structure, as the TF2 spelling called eagerly
  on the same inputs (so graph-only calls, ``tf.gradients`` or ``tf.placeholder``, which raise eagerly, are not
  listed, nor ``tf.while_loop``/``tf.cond``, whose TF1 forms unpack a one-element list and TF2's do not).
Modules of side effects and host state (io, summary, train, data, queue, ...) are not looked at.

"callables" lists, for a listed higher-order op (``scan``, ``map_fn``, ``foldl``, ``foldr``), the position
and name of each parameter that takes a Python function: the op is eager-equal only when that function is itself
pure TensorFlow, which TFM201 checks at the call site (it accepts a lambda whose calls are listed ops).
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import sys
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tfmigrate" / "data" / "eager_ops.json"
API = ROOT / "tfmigrate" / "data" / "tf1_api.json"
# tf.compat.v1 modules of tensor math; the others hold host IO, graph state or training machinery. (signal and
# spectral are left out: their FFT kernels abort the process on some sample shapes instead of raising.)
MODULES = ("", "bitwise", "image", "linalg", "losses", "manip", "math", "math.special", "nn", "random", "strings")
# Ops that are not stateful yet stand for a value fed at run time (their eager value is no Session's), or read the
# host's files (IO, which the program model does not track).
FED_OPS = frozenset({"Placeholder", "PlaceholderV2", "PlaceholderWithDefault", "MatchingFiles", "ReadFile"})
# Graph collections a sample graph holds a value in, so that a function summing them (``losses.get_total_loss``)
# gives another value than eagerly, where there are no collections.
COLLECTIONS = ("REGULARIZATION_LOSSES", "LOSSES")
# Parameters that take a Python function, and the sample each gets while tracing.
CALLABLE_PARAMS = ("fn", "cond", "body", "true_fn", "false_fn", "fn1", "fn2")
RTOL, ATOL = 1e-6, 1e-7


def _samples(np, tf) -> dict:
    """Sample tensors by kind: every tensor parameter of one call gets the same kind (named parameters excepted)."""
    return {
        "matrix": np.array([[2.0, 1.0], [1.0, 3.0]], np.float32),  # symmetric, invertible: linalg works on it
        "vector": np.array([1.0, 2.0, 4.0], np.float32),
        "scalar": np.float32(0.5),
        "int_vector": np.array([1, 0, 2], np.int32),
        "int_matrix": np.array([[1, 2], [3, 4]], np.int32),
        "int_scalar": np.int32(2),
        "bool": np.array([True, False]),
        "image": np.arange(16, dtype=np.float32).reshape([1, 4, 4, 1]) / 16.0,
        "batch": np.array([[[2.0, 1.0], [1.0, 3.0]], [[1.0, 0.5], [0.5, 2.0]]], np.float32),
        "strings": np.array([b"ab", b"c d"]),
    }


def _named(np, tf, kind: str, name: str):
    """Samples for parameters whose name says what they hold (an axis, a shape, a filter ...), or None."""
    matrix_like = kind in ("matrix", "int_matrix", "batch", "image")
    rank = {"image": 4, "batch": 3}.get(kind, 2 if matrix_like else 1)
    table = {
        ("axis", "dim", "dimension", "reduction_indices", "split_dim", "concat_dim"): 0,
        ("shape", "dims", "output_shape"): [2, 2],
        ("sparse_indices",): np.array([[0, 1], [1, 0]], np.int32),  # sorted rows of a [2, 2] output
        ("sparse_values",): np.array([2.0, 3.0], np.float32),  # one per row of sparse_indices
        ("dtype",): tf.float32,
        ("perm",): list(reversed(range(rank))),
        ("indices",): np.array([0, 1], np.int32),
        ("depth", "num", "num_rows", "num_columns", "num_or_size_splits", "num_split", "k"): 2,
        ("multiples",): [1] * (rank - 1) + [2],
        ("begin",): [0] * rank,
        ("size",): [1] * rank,
        ("paddings",): [[1, 1]] * rank,
        ("filter", "filters", "kernel"): np.ones([2, 2, 1, 1], np.float32),
        ("strides",): [1, 1, 1, 1],
        ("ksize",): [1, 2, 2, 1],
        ("padding",): "SAME",
        ("pred",): np.array(True),
        ("seed",): [1, 2],
        ("bias",): np.array([1.0, -1.0], np.float32),
        ("axes",): 1,
        ("targets",): np.array([0, 1], np.int32),
        ("loop_vars",): [np.float32(0.0)],
        ("values", "inputs", "tensors"): None,  # filled below: a list of two samples
    }
    for names, value in table.items():
        if name in names:
            return value
    return _MISSING


def _callable_sample(tf, name: str):
    if name == "cond":
        return lambda *values: values[0] < 3.0
    # one loop variable in a list, returned bare; a branch returning a list of one: TF1 unpacks both (the
    # ``return_same_structure=False`` / ``strict=False`` of tf.compat.v1), TF2 does not, so the structures differ
    if name == "body":
        return lambda *values: values[0] + 1.0
    if name in ("true_fn", "fn1"):
        return lambda: [tf.constant(1.0)]
    if name in ("false_fn", "fn2"):
        return lambda: [tf.constant(2.0)]
    return lambda *values: values[-1] * 2.0


def _parameters(function) -> list[inspect.Parameter] | None:
    try:
        return list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return None


def _required(parameters: list[inspect.Parameter]) -> list[str]:
    """The names of the parameters a call must give, in order."""
    return [
        p.name
        for p in parameters
        if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    ]


def _plan(v1_function, tf2_function) -> tuple[list[str], list[str]] | None:
    """What a sample call passes: positionally, the TF1 function's required parameters (or its first one, when a
    deprecated alias made them all optional: ``count_nonzero(input_tensor=None, ..., input=None)``); by keyword,
    the ones only TF2 requires (``conv2d(input, filter=None, ...)`` beside ``conv2d(input, filters, ...)``)."""
    v1, v2 = _parameters(v1_function), _parameters(tf2_function)
    if v1 is None or v2 is None:
        return None
    v1_names = {p.name for p in v1}
    v2_required = _required(v2)
    positional = _required(v1)
    if not positional and v2_required and set(v2_required) <= v1_names:
        return [], v2_required  # ``sigmoid_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None)``
    if not positional and {"labels", "logits"} <= v1_names:
        return [], ["labels", "logits"]  # ``sigmoid_cross_entropy_with_logits(labels=None, logits=None)``
    if not positional:
        positional = [p.name for p in v1[:1] if p.kind is p.POSITIONAL_OR_KEYWORD]
    v2_names = {p.name for p in v2}
    # ``cond(pred, true_fn=None, false_fn=None)``: the functions are optional only in the signature
    optional = [name for name in CALLABLE_PARAMS[:-2] if name in v1_names & v2_names and name not in positional]
    keywords = [name for name in v2_required[len(positional) :] if name in v1_names and name not in positional]
    keywords += [name for name in optional if name not in keywords]
    if len(v2_required) > len(positional) + len(keywords):
        return None
    return positional, keywords


def _value(np, tf, samples: dict, kind: str, name: str):
    if name in CALLABLE_PARAMS:
        return _callable_sample(tf, name)
    value = _named(np, tf, kind, name)
    if value is None:
        return [samples[kind], samples[kind]]
    return samples[kind] if value is _MISSING else value


def _flat(tf, result) -> list | None:
    """The tensors a call returned, or None when it returned anything else (an op, a Python value)."""
    flat = tf.nest.flatten(result)
    if not flat or not all(isinstance(t, tf.Tensor) for t in flat):
        return None
    return flat


def _same(np, graph_values: list, eager_values: list) -> bool:
    if len(graph_values) != len(eager_values):
        return False
    for left, right in zip(graph_values, eager_values):
        left, right = np.asarray(left), np.asarray(right)
        if left.shape != right.shape or left.dtype != right.dtype:
            return False
        if left.dtype.kind in "fc":
            if not np.allclose(left, right, rtol=RTOL, atol=ATOL, equal_nan=True):
                return False
        elif not np.array_equal(left, right):
            return False
    return True


def _proof(np, tf, samples: dict, v1_function, tf2_function) -> str | None:
    """The sample kind on which the graph built by ``v1_function`` is stateless and equals ``tf2_function`` run
    eagerly; None when no sample shows it."""
    plan = _plan(v1_function, tf2_function)
    if plan is None:
        return None
    for kind in samples:
        args = [_value(np, tf, samples, kind, name) for name in plan[0]]
        keywords = {name: _value(np, tf, samples, kind, name) for name in plan[1]}
        graph = tf.Graph()
        try:
            with graph.as_default(), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for key in COLLECTIONS:  # what a TF1 graph holds and eager TF2 has not: a value that reads it differs
                    tf.compat.v1.add_to_collection(getattr(tf.compat.v1.GraphKeys, key), tf.constant(1.0))
                before = len(graph.get_operations())
                result = v1_function(*args, **keywords)
        except Exception:
            continue
        flat = _flat(tf, result)
        ops = graph.get_operations()[before:]
        if flat is None or not ops:
            continue
        if any(op.op_def is not None and op.op_def.is_stateful or op.type in FED_OPS for op in ops):
            return None
        try:
            with tf.compat.v1.Session(graph=graph) as session:
                graph_values = session.run(flat)
            if set(plan[0]) <= {p.name for p in _parameters(tf2_function) or []}:
                eager = tf2_function(**dict(zip(plan[0], args)), **keywords)  # ``in_top_k``'s order changed
            else:
                eager = tf2_function(*args, **keywords)
            eager_values = [t.numpy() if hasattr(t, "numpy") else t for t in tf.nest.flatten(eager)]
            tf.nest.assert_same_structure(result, eager, check_types=False)
        except Exception:
            return None
        return kind if _same(np, graph_values, eager_values) else None
    return None


def _reads_collections(function) -> bool:
    """A function that reads a graph collection (``losses.get_regularization_loss``): eager TF2 has none, so its
    value there is not the graph's, whatever the sample shows."""
    try:
        source = inspect.getsource(inspect.unwrap(function))
    except (OSError, TypeError):
        return True
    return "get_collection" in source


def _resolve(root, path: str):
    value = root
    for part in path.split("."):
        value = getattr(value, part)
    return value


def build() -> dict:
    import numpy as np
    import tensorflow as tf

    tf.get_logger().setLevel("ERROR")
    # TF1 programs build their graphs with TF1 control flow (disable_v2_behavior): tf.compat.v1.cond and while_loop
    # unpack one-element results there, and not under control flow v2. Eager calls are not affected.
    tf.compat.v1.disable_control_flow_v2()
    api = json.loads(API.read_text(encoding="utf-8"))
    if api["tensorflow"] != tf.__version__:
        raise SystemExit(f"tf1_api.json is for TF {api['tensorflow']}: run tools/gen_tf1_api.py first")
    samples = _samples(np, tf)
    ops: dict[str, dict[str, str]] = {}
    callables: dict[str, list[list]] = {}
    for path, fate in sorted(api["symbols"].items()):
        module = path.rpartition(".")[0]
        if module not in MODULES or path.rpartition(".")[2].startswith("_") or fate == "x":
            continue
        try:
            v1_function = _resolve(tf.compat.v1, path)
        except AttributeError:
            continue
        if not inspect.isfunction(v1_function) or _reads_collections(v1_function):
            continue
        spelling = {"=": path, "d": path, "c": f"compat.v1.{path}"}.get(fate, fate)
        try:
            tf2_function = _resolve(tf, spelling)
        except AttributeError:
            continue
        if not inspect.isfunction(tf2_function):
            continue
        kind = _proof(np, tf, samples, v1_function, tf2_function)
        if kind is None:
            continue
        ops[path] = {"tf2": spelling, "sample": kind}
        parameters = [p.name for p in _parameters(v1_function) or []]
        taken = [[index, name] for index, name in enumerate(parameters) if name in CALLABLE_PARAMS]
        if taken:
            callables[path] = taken
    return {
        "generator": "tools/gen_eager_ops.py",
        "tensorflow": tf.__version__,
        "ops": ops,
        "callables": callables,
    }


_MISSING = object()


def render(table: dict) -> str:
    return json.dumps(table, indent=0, sort_keys=True) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stdout", action="store_true", help="print the table instead of writing it")
    ns = parser.parse_args()
    text = render(build())
    if ns.stdout:
        sys.stdout.write(text)
    else:
        OUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUT} ({len(text)} bytes)")


if __name__ == "__main__":
    main()
