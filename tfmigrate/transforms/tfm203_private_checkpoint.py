"""TFM203: private checkpoint/saver imports become ``tf.train`` (or ``tf.compat.v1.train``) names."""

from __future__ import annotations

from tfmigrate.transforms._imports import PrivateImports

# The checkpoint family of tensorflow.python: what TFM203 claims and TFM003 leaves to it (each change reported once).
CHECKPOINT_MODULES = (
    "tensorflow.python.checkpoint",
    "tensorflow.python.trackable",
    "tensorflow.python.training.tracking",
    "tensorflow.python.training.saver",
    "tensorflow.python.training.checkpoint_management",
    "tensorflow.python.training.checkpoint_utils",
    "tensorflow.python.training.checkpoint_state_pb2",
    "tensorflow.python.training.training_util",
    "tensorflow.python.training.py_checkpoint_reader",
    "tensorflow.python.training.saving",
)


def is_checkpoint_name(name: str) -> bool:
    return any(name == module or name.startswith(module + ".") for module in CHECKPOINT_MODULES)


class PrivateCheckpointImports(PrivateImports):
    """Rewrite private checkpoint imports to the public ``tf.train`` API.

    What it does:
        Imports and uses of ``tensorflow.python.checkpoint``, ``tensorflow.python.training.saver``,
        ``...checkpoint_management``, ``...checkpoint_utils``, ``...training_util`` and the TF 2.0-2.5
        ``tensorflow.python.training.tracking`` modules become their public names: ``tf.train.Checkpoint``,
        ``tf.train.CheckpointManager``, ``tf.train.latest_checkpoint``, ``tf.train.list_variables``, and
        ``tf.compat.v1.train.Saver`` / ``tf.compat.v1.train.get_or_create_global_step`` where only ``compat.v1``
        has them. Same forms as TFM003 (which leaves these modules to this rule, so each change is reported
        once). Names without a public equivalent are reported with the reason.

    Why:
        The checkpoint code moved twice inside TensorFlow (``training/tracking`` -> ``checkpoint`` and
        ``trackable``); private imports of it break on upgrade while ``tf.train`` stays. The names come from
        TensorFlow's export metadata (``tools/gen_private_names.py``).

    Example:
        from tensorflow.python.training import checkpoint_management
        from tensorflow.python.training.saver import Saver

        path = checkpoint_management.latest_checkpoint("ckpt")

    Use instead:
        from tensorflow.compat.v1.train import Saver
        import tensorflow as tf

        path = tf.train.latest_checkpoint("ckpt")
    """

    CODE = "TFM203"
    NAME = "private-checkpoint-imports"
    SUMMARY = "private checkpoint/saver imports -> tf.train / tf.compat.v1.train names"
    SAFE = True
    PRIORITY = 14
    TRIGGERS = ("checkpoint", "saver", "saving", "training_util", "trackable", "tracking")
    KIND = "private checkpoint"
    BEFORE = (
        "from tensorflow.python.training import checkpoint_management\n"
        "from tensorflow.python.training.saver import Saver\n"
        "\n"
        'path = checkpoint_management.latest_checkpoint("ckpt")\n'
    )
    AFTER = (
        "from tensorflow.compat.v1.train import Saver\n"
        "import tensorflow as tf\n"
        "\n"
        'path = tf.train.latest_checkpoint("ckpt")\n'
    )

    @classmethod
    def claims(cls, name: str) -> bool:
        return is_checkpoint_name(name)
