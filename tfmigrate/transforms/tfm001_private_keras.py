"""TFM001: imports from the legacy ``tensorflow.python.keras`` package become their public tf.keras spelling."""

from __future__ import annotations

from tfmigrate.transforms._imports import LEGACY_KERAS, PrivateImports


class PrivateKerasImports(PrivateImports):
    """Rewrite imports and uses of the private ``tensorflow.python.keras`` package to ``tensorflow.keras``.

    What it does:
        Every form of private Keras import (``import tensorflow.python.keras as K``,
        ``from tensorflow.python.keras import layers``, ``from tensorflow.python.keras.layers import Dense``, deep
        paths such as ``tensorflow.python.keras.engine.base_layer.Layer`` or
        ``tensorflow.python.keras.utils.np_utils.to_categorical``, and fully qualified uses after
        ``import tensorflow``) is pointed at the public ``tensorflow.keras`` name of the same symbol. Names stay
        bound as before (``as`` aliases are kept). A module alias is only repointed when every attribute the
        file uses through it exists in the public module. ``try: <private import> except ImportError: ...``
        collapses to the public import. Names without a public equivalent (``keras_parameterized``,
        ``base_layer_utils``, ``saving.hdf5_format``...) are left alone and reported with the reason.

    Why:
        On TensorFlow 2.16+ ``tf.keras`` is Keras 3, while ``tensorflow.python.keras`` is a frozen copy of the old
        Keras 2: its layers and models are different classes. Mixing them fails
        (``tf.keras.Sequential([tensorflow.python.keras.layers.Dense(3)])`` raises ValueError). The public
        names are read from TensorFlow's and Keras's own export metadata (``tools/gen_private_names.py``).

    Example:
        from tensorflow.python.keras.layers import Dense
        from tensorflow.python.keras.engine.base_layer import Layer

    Use instead:
        from tensorflow.keras.layers import Dense
        from tensorflow.keras.layers import Layer
    """

    CODE = "TFM001"
    NAME = "private-keras-imports"
    SUMMARY = "tensorflow.python.keras imports -> the public tensorflow.keras name of the same symbol"
    SAFE = True
    PRIORITY = 10
    TRIGGERS = ("python.keras", "python import keras")
    KIND = "private Keras"
    BEFORE = (
        "from tensorflow.python.keras.layers import Dense\n"
        "from tensorflow.python.keras.engine.base_layer import Layer\n"
        "import tensorflow.python.keras.backend as K\n"
        "\n"
        "shape = K.int_shape(Dense(3).kernel)\n"
    )
    AFTER = (
        "from tensorflow.keras.layers import Dense\n"
        "from tensorflow.keras.layers import Layer\n"
        "import tensorflow.keras.backend as K\n"
        "\n"
        "shape = K.int_shape(Dense(3).kernel)\n"
    )

    @classmethod
    def claims(cls, name: str) -> bool:
        return name == LEGACY_KERAS or name.startswith(LEGACY_KERAS + ".")
