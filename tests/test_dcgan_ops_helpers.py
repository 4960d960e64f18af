"""DCGAN's ``ops.py`` helpers (carpedm20 and its copies) read through the GAN collection's class builders: a
``concat`` handing ``*args, **kwargs`` on to tf.concat (passed_through.py), deconv2d's ``except AttributeError``
fallback to ``tf.nn.deconv2d`` and ``if with_w:`` returns (release_fallbacks.py), conv2d's reshape to its own static
shape (reshape_shapes.py). The fixture ``eager_dcgan_ops_release_fallbacks`` runs on TF 2.21 against TF1
(tests/test_eager_rewrite.py); its checkpoint program is ``dcgan_ops_release_fallbacks`` in
tests/test_checkpoint_programs.py. Here: the shapes that stay refused, each with the line that stops it."""

from __future__ import annotations

import textwrap

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

PROGRAM = """
import numpy as np
import tensorflow as tf

{helpers}


x = tf.placeholder(tf.float32, [2, 3])
with tf.variable_scope("g"):
    y = {call}
loss = tf.reduce_sum(y)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(loss, feed_dict={{x: np.ones([2, 3], np.float32)}}))
"""

CONCAT = """
def concat(tensors, axis, *args, **kwargs):
    return tf.concat(tensors, axis, *args, **kwargs)
"""

UNCALLED = """

def conv_cond_concat(x, y):
    x_shapes = x.get_shape()
    return concat([x, y * tf.ones([x_shapes[0], x_shapes[1], 1])], 2)
"""

TRIED = """
def matmul(a, b):
    try:
        return tf.matmul(a, b)
    except AttributeError:
        return tf.mat_mul(a, b)
"""

LINEAR = """
def linear(input_, output_size, scope=None, with_w=False):
    with tf.variable_scope(scope or "Linear"):
        matrix = tf.get_variable("Matrix", [3, output_size], tf.float32, tf.constant_initializer(0.5))
        try:
            out = tf.matmul(input_, matrix)
        except AttributeError:
            out = {fallback}(input_, matrix)
        if with_w:
            return out, matrix
        else:
            return out
"""


def _followups(helpers: str, call: str) -> list[str]:
    source = textwrap.dedent(PROGRAM).format(helpers=textwrap.dedent(helpers).strip(), call=call).lstrip()
    result = migrate_source(source, Options(), "program.py")
    return [f.message for f in result.followups if f.code == "TFM201"]


@pytest.mark.parametrize(
    ("helpers", "call"),
    [
        pytest.param(CONCAT, "concat([x, x], 1)", id="concat-args-kwargs-left-empty"),
        pytest.param(CONCAT + UNCALLED, "concat([x, x], 1)", id="an-uncalled-function-calls-concat"),
        pytest.param(TRIED, "matmul(x, tf.ones([3, 2]))", id="a-helper-kept-as-written-with-its-fallback"),
        pytest.param(LINEAR.format(fallback="tf.mat_mul"), 'linear(x, 2, "l")', id="fallback-to-a-removed-name"),
    ],
)
def test_read_as_the_path_tf2_runs(helpers: str, call: str) -> None:
    assert _followups(helpers, call) == []


@pytest.mark.parametrize(
    ("helpers", "call", "reason"),
    [
        pytest.param(CONCAT, 'concat([x, x], 1, name="c")', "*args, keyword-only", id="a-call-fills-kwargs"),
        pytest.param(CONCAT, "concat([x, x], 1, 0)", "*args, keyword-only", id="a-call-fills-args"),
        pytest.param(
            "def concat(tensors, axis, *args):\n    return tf.concat(tensors, axis + len(args))",
            "concat([x, x], 1)",
            "*args, keyword-only",
            id="args-read-otherwise",
        ),
        pytest.param(
            LINEAR.format(fallback="tf.linalg.matmul"),
            'linear(x, 2, "l")',
            "`with tf.variable_scope` in a helper",
            id="fallback-to-a-name-tf2-has",
        ),
    ],
)
def test_left_in_graph_mode_with_the_line(helpers: str, call: str, reason: str) -> None:
    messages = _followups(helpers, call)
    assert len(messages) == 1 and reason in messages[0], messages


@pytest.mark.parametrize(
    ("call", "refused"),
    [
        pytest.param("tf.reshape(tf.nn.relu(x), x.get_shape())", False, id="reshape-to-its-static-shape"),
        pytest.param("tf.zeros(x.get_shape()) + x", True, id="static-shape-read-elsewhere"),
    ],
)
def test_a_reshape_to_a_static_shape_is_the_run_time_shape(call: str, refused: bool) -> None:
    messages = _followups("", call)
    assert bool(messages) is refused, messages
    assert not refused or "`x.get_shape`" in messages[0]


SHOWN = """
import numpy as np
import tensorflow as tf


def show_all_variables():
    for v in tf.trainable_variables():
        print(v.name, v.get_shape().as_list())


x = tf.placeholder(tf.float32, [2, 3])
w = tf.Variable(tf.ones([3, 2]), name="w")
loss = tf.reduce_sum(tf.matmul(x, w))
show_all_variables()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(loss, feed_dict={x: np.ones([2, 3], np.float32)}))
"""


def test_a_host_loop_over_the_variable_collection_says_why() -> None:
    """ops.py's ``show_all_variables()`` called after the model is built: eager TF 2 keeps no collection to walk."""
    result = migrate_source(SHOWN.lstrip(), Options(), "program.py")
    messages = [f.message for f in result.followups if f.code == "TFM201"]
    assert len(messages) == 1 and "a `for` loop over tf.trainable_variables()" in messages[0], messages
