"""tf.contrib.slim -> the tf-slim package (``tf_slim``), which carries the same code for TF2's compat.v1 graphs.

Checked on TF 2.21 with tf-slim 1.1.0 under ``disable_eager_execution()``: arg_scope, conv2d, conv2d_transpose,
separable_conv2d, fully_connected, pooling, dropout, flatten, layer/group/instance norm, repeat, stack, losses,
metrics, learning.create_train_op, variables and the data modules build and run. ``slim.batch_norm`` does not:
TensorFlow 2.21's ``tensorflow.python.layers.normalization`` loads ``tf_keras.legacy_tf_layers``, which tf_keras
2.21 no longer has (its layers live in ``tf_keras.src.legacy_tf_layers``), and its fused path calls
``tf_slim.layers.utils.constant_value``, which reads the removed ``ops.Tensor``. With both patched (the
follow-up's two lines) batch_norm and the resnet nets build and run.
"""

from __future__ import annotations

PACKAGE = "tf_slim"
CONTRIB = "tensorflow.contrib.slim"
# contrib.slim's private homes of modules tf_slim has at its top level.
PRIVATE = "python.slim."
INSTALL = (
    "tf.contrib.slim is now the tf-slim package: `pip install tf-slim` (tf-slim 1.1.0 runs TF1 graph code on "
    "TensorFlow 2.21 through tf.compat.v1)"
)
BATCH_NORM = (
    "slim.batch_norm (which tf_slim's inception and resnet nets use) fails on TensorFlow 2.21: "
    "tensorflow.python.layers.normalization imports tf_keras.legacy_tf_layers, which tf_keras 2.21 lacks, and its "
    "fused path (updates_collections=None) reads tensorflow.python.framework.ops.Tensor, which TF 2.21 removed; "
    'before the first use add `import importlib, sys; sys.modules.setdefault("tf_keras.legacy_tf_layers", '
    'importlib.import_module("tf_keras.src.legacy_tf_layers"))` (needs tf-keras) and '
    "`from tensorflow.python.framework import ops; ops.Tensor = tf.Tensor`"
)
BATCH_NORM_NAMES = frozenset({"batch_norm", "layers.batch_norm"})
# tf_slim.nets modules whose arg scopes or layers call batch_norm.
BATCH_NORM_NETS = (
    "nets.inception",
    "nets.inception_v1",
    "nets.inception_v2",
    "nets.inception_v3",
    "nets.resnet_utils",
    "nets.resnet_v1",
    "nets.resnet_v2",
)


def module(name: str) -> str | None:
    """``tensorflow.contrib.slim[.x]`` -> ``tf_slim[.x]``, or None when tf_slim has no such module."""
    if name == CONTRIB:
        return PACKAGE
    if not name.startswith(CONTRIB + "."):
        return None
    rest = name[len(CONTRIB) + 1 :]
    if rest.startswith(PRIVATE):
        rest = rest[len(PRIVATE) :]
    if rest.startswith("python"):
        return None
    return f"{PACKAGE}.{rest}"


def uses_batch_norm(path: str) -> bool:
    """``contrib.slim.batch_norm`` (or under slim.layers), or a net built on it: what needs the workaround."""
    rest = path.removeprefix("contrib.slim.").removeprefix(PRIVATE)
    return rest in BATCH_NORM_NAMES or any(rest == net or rest.startswith(net + ".") for net in BATCH_NORM_NETS)
