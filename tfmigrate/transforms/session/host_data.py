"""Host data: values a TF1 program computes in Python and feeds to its graph, never graph values themselves.

The MNIST tutorial's ``input_data.read_data_sets(...)`` returns numpy arrays and a Python batcher
(``mnist.train.next_batch(100)``, ``mnist.test.images``, ``mnist.train.num_examples``): in TF1 as eagerly, what
is read from it reaches the graph only through ``feed_dict``. TensorFlow 2 has no such module; TFM308 (which runs
after TFM201) replaces its import by a stand-in or by ``tf.keras.datasets.mnist.load_data()`` arrays, so the
call is host data exactly when TFM308 replaces every import of the tutorial module in the file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms import tfm308_mnist_tutorial

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program

READERS = frozenset({"examples.tutorials.mnist.input_data.read_data_sets"})


def reads_host_data(program: Program, call: cst.Call) -> bool:
    """``input_data.read_data_sets(...)`` in a file whose tutorial imports TFM308 replaces: numpy arrays."""
    return is_reader(program.module, program.tf_path(call.func))


def is_reader(module: cst.Module, path: str | None) -> bool:
    """``path`` (a name's TensorFlow path) is the tutorial's reader and TFM308 replaces every import of it in
    ``module``: host code, however the name is spelled."""
    return path in READERS and tfm308_mnist_tutorial.shims_every_import(module)
