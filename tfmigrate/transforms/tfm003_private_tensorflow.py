"""TFM003: imports from private ``tensorflow.python.*`` modules become their public TensorFlow spelling."""

from __future__ import annotations

from tfmigrate.transforms._imports import LEGACY_KERAS, PRIVATE, PrivateImports
from tfmigrate.transforms.tfm203_private_checkpoint import is_checkpoint_name


class PrivateTensorFlowImports(PrivateImports):
    """Rewrite uses of private ``tensorflow.python.*`` modules (not Keras) to the public ``tf`` API.

    What it does:
        ``from tensorflow.python.X.Y import Name [as B]`` becomes ``from <public module> import PublicName [as B]``
        (``from tensorflow.python.framework.tensor import Tensor`` -> ``from tensorflow import Tensor``), keeping the
        bound name. A private module used through an alias (``from tensorflow.python.framework import ops`` then
        ``ops.Tensor``) has each use rewritten to the public name through the file's ``import tensorflow as tf``
        (added when missing): ``tf.Tensor``; the private import goes once nothing uses it. A TF2 name is preferred
        to ``tf.compat.v1``; names only public in ``tf.compat.v1`` get that spelling. Names TensorFlow never
        exported stay as they are and are reported with the reason. Checkpoint modules are TFM203's.

    Why:
        ``tensorflow.python`` is TensorFlow's implementation, not its API: modules move and names disappear between
        releases (``ops.Tensor`` moved to ``framework.tensor``; ``tensorflow.python.training.tracking`` is gone), so
        code importing them breaks on upgrade. The public names come from TensorFlow's own export metadata
        (``tools/gen_private_names.py``).

    Example:
        from tensorflow.python.framework import ops
        from tensorflow.python.platform import gfile

        def load(path) -> ops.Tensor:
            with gfile.GFile(path) as f:
                return f.read()

    Use instead:
        import tensorflow as tf

        def load(path) -> tf.Tensor:
            with tf.io.gfile.GFile(path) as f:
                return f.read()
    """

    CODE = "TFM003"
    NAME = "private-tensorflow-imports"
    SUMMARY = "tensorflow.python.* imports -> the public tf name (TF2 first, then tf.compat.v1)"
    SAFE = True
    PRIORITY = 12
    TRIGGERS = ("tensorflow.python", "tensorflow import python", ".python.")
    KIND = "private TensorFlow"
    BEFORE = (
        "from tensorflow.python.framework import ops\n"
        "from tensorflow.python.platform import gfile\n"
        "\n"
        "\n"
        "def load(path) -> ops.Tensor:\n"
        "    with gfile.GFile(path) as f:\n"
        "        return f.read()\n"
    )
    AFTER = (
        "import tensorflow as tf\n"
        "\n"
        "\n"
        "def load(path) -> tf.Tensor:\n"
        "    with tf.io.gfile.GFile(path) as f:\n"
        "        return f.read()\n"
    )

    @classmethod
    def claims(cls, name: str) -> bool:
        if name == LEGACY_KERAS or name.startswith(LEGACY_KERAS + "."):
            return False
        return name.startswith(PRIVATE + ".") and not is_checkpoint_name(name)
