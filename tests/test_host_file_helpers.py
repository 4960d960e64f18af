"""A function whose TensorFlow names are all file, log or flag calls (mnist_data.py's ``maybe_download``: ``if not
tf.gfile.Exists(DATA_DIRECTORY): tf.gfile.MakeDirs(DATA_DIRECTORY)``) is host code, not a graph helper: held-out 17
rank 5 got the false "a branch whose test calls a function (TF1 decided it once)" for it. The rewrite's numbers:
tests/fixtures/TFM201/eager_host_file_helper_called_in_comprehension (tests/test_eager_rewrite.py)."""

from __future__ import annotations

from program_checks import reasons_by_line

SOURCE = """\
import os

import numpy as np
import tensorflow as tf

DATA_DIRECTORY = "data"


def maybe_make(filename):
    if not tf.gfile.Exists(DATA_DIRECTORY):
        tf.gfile.MakeDirs(DATA_DIRECTORY)
    filepath = os.path.join(DATA_DIRECTORY, filename)
    if not tf.gfile.Exists(filepath):
        tf.logging.info("writing %s", filepath)
        np.save(filepath, np.ones([3, 2], np.float32))
    return filepath


paths = [maybe_make(name) for name in ("a.npy", "b.npy")]
x = tf.placeholder(tf.float32, [None, 2])
w = tf.Variable(tf.ones([2, 1]))
y = tf.matmul(x, w)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, {x: np.load(paths[0])}))
"""


def test_a_file_only_helper_is_host_code() -> None:
    assert reasons_by_line(SOURCE) == []


def test_a_helper_that_also_builds_an_op_is_still_a_graph_helper() -> None:
    source = SOURCE.replace("    return filepath\n", "    return filepath, tf.zeros([2])\n").replace(
        "paths = [maybe_make(name)", "paths = [maybe_make(name)[0]"
    )
    found = reasons_by_line(source)
    assert len(found) == 1, found
    assert found[0][0] == 10
    assert "function `maybe_make`: a branch whose test calls a function" in found[0][1], found
