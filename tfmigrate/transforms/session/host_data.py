"""Host data: values a TF1 program computes in Python and feeds to its graph, never graph values themselves.

The MNIST tutorial's ``input_data.read_data_sets(...)`` returns numpy arrays and a Python batcher
(``mnist.train.next_batch(100)``, ``mnist.test.images``, ``mnist.train.num_examples``): in TF1 as eagerly, what
is read from it reaches the graph only through ``feed_dict``. TensorFlow 2 has no such module; TFM308 (which runs
after TFM201) replaces its import by a stand-in or by ``tf.keras.datasets.mnist.load_data()`` arrays, so the
call is host data exactly when TFM308 replaces every import of the tutorial module in the file.

Keras' dataset loaders (``(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()``, also
spelled ``from tensorflow.keras.datasets import mnist`` or through standalone ``keras``) read a file into numpy
arrays and build no graph op: in TF1 and eagerly alike they are host data, whatever a Session does with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms import tfm308_mnist_tutorial
from tfmigrate.transforms.session.analysis import descendants

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program

READERS = frozenset({"examples.tutorials.mnist.input_data.read_data_sets"})
KERAS_DATASETS = frozenset(
    {"mnist", "fashion_mnist", "cifar10", "cifar100", "boston_housing", "california_housing", "imdb", "reuters"}
)
# TensorFlow's file, log and flag modules: host code wherever a function calls them; and tf.compat's text
# conversions (as_str, as_bytes, as_text, as_str_any: Python str/bytes from Python str/bytes, no op).
HOST_CALLS = ("gfile.", "io.gfile.", "logging.", "flags.", "app.flags.", "compat.as_")
# What a dataset module offers besides load_data: numpy arrays or a plain dict, never a tensor.
KERAS_DATASET_CALLS = frozenset({"load_data", "get_word_index", "get_label_names"})


def reads_host_data(program: Program, call: cst.Call) -> bool:
    """``input_data.read_data_sets(...)`` in a file whose tutorial imports TFM308 replaces: numpy arrays."""
    return is_reader(program.file, program.tf_path(call.func))


def is_reader(module: cst.Module, path: str | None) -> bool:
    """``path`` (a name's TensorFlow path) is the tutorial's reader and TFM308 replaces every import of it in
    ``module``, or a Keras dataset loader: host code, however the name is spelled."""
    if path is not None and is_keras_dataset(path):
        return True
    return path in READERS and tfm308_mnist_tutorial.shims_every_import(module)


def is_host_call(path: str | None) -> bool:
    """``gfile.Exists`` / ``io.gfile.makedirs`` / ``logging.info`` / ``flags.FLAGS``: files, logs and flags, no graph op;
    a function whose TensorFlow names are all these (mnist_data.py's ``maybe_download``: ``if not
    tf.gfile.Exists(DATA_DIRECTORY): tf.gfile.MakeDirs(DATA_DIRECTORY)``) is host code, not a graph helper."""
    return (path or "").removeprefix("compat.v1.").startswith(HOST_CALLS)


def is_host_module(path: str | None) -> bool:
    """``keras.datasets`` / ``keras.datasets.mnist`` / ``keras.datasets.mnist.load_data``: names of host code only, so
    a function whose TensorFlow names are all these (``def get_data(): mnist = tf.keras.datasets.mnist; ...``) is
    plain Python, not a graph helper."""
    parts = (path or "").removeprefix("compat.v1.").split(".")
    return (
        parts[:2] == ["keras", "datasets"]
        and (len(parts) < 3 or parts[2] in KERAS_DATASETS)
        and (len(parts) < 4 or is_keras_dataset(".".join(parts)))
    )


def host_names(program: Program, node: cst.CSTNode) -> set[cst.CSTNode]:
    """The names and attributes in ``node`` that spell a host module or loader, a file, log or flag call
    (``tf.gfile.Exists``), or the tutorial's reader TFM308 replaces (``input_data.read_data_sets``, imported in the
    function's own body or the module's), with every node inside them."""
    found: set[cst.CSTNode] = set()
    for inner in descendants(node):  # outermost first
        if inner in found or not isinstance(inner, cst.Attribute):
            continue
        path = program.tf_path(inner)
        if is_host_call(path) or (path in READERS and is_reader(program.file, path)):
            found |= set(descendants(inner))
    inside = list(descendants(node))
    if not any(isinstance(n, cst.Name) and n.value == "datasets" for n in inside):
        return found  # ``from keras.datasets import mnist`` spells no ``datasets`` here, and its import is not here
    for inner in inside:
        if inner not in found and isinstance(inner, cst.Attribute) and is_host_module(program.tf_path(inner)):
            found |= set(descendants(inner))
    return found


def is_keras_dataset(path: str) -> bool:
    """``keras.datasets.mnist.load_data`` (and ``compat.v1.keras...``): numpy arrays from a file."""
    parts = path.removeprefix("compat.v1.").split(".")
    return (
        len(parts) == 4
        and parts[:2] == ["keras", "datasets"]
        and parts[2] in KERAS_DATASETS
        and parts[3] in KERAS_DATASET_CALLS
    )
