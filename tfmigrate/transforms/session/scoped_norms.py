"""The ``TF1BatchNormalization`` class (batch_norms.py) of a program that saves a batch norm built under a variable
scope: TF1 saved ``generator/g_bn1/gamma``, and a ``tf.Module``'s name, like a Keras 3 one, holds no ``/``. Such a
layer is given ``scope='generator/'`` (layer_checkpoints.saved decides it), and the class then builds its variables
under that absolute name scope, so that each ``tf.Variable`` is named as TF1 named it: a ``tf.train.Checkpoint``
records that name, by which TF1's Saver reads the migrated checkpoint, and the generated restore reads a TF1
checkpoint by it (both checked on TF 2.21, tests/test_layer_checkpoints.py). A program saving no scoped batch norm
keeps the class as it was.
"""

from __future__ import annotations

import re

# The class's lines that change, each with its scoped form.
EDITS = (
    (
        "def __init__(self, name, momentum=0.99, epsilon=1e-3, center=True, scale=True):",
        'def __init__(self, name, momentum=0.99, epsilon=1e-3, center=True, scale=True, scope=""):',
    ),
    ("        self.depth = None\n", "        self.depth, self.scope = None, scope\n"),
    (
        '"""The variables, under TF1\'s names (outside any trace, whose name scopes would prefix them)."""',
        '"""The variables, under TF1\'s names (outside any trace, whose name scopes would prefix them), in the '
        'variable scope TF1 built the layer in (``scope``)."""',
    ),
    (
        "        with {tf}.init_scope():\n            self.depth",
        "        with {tf}.init_scope(), {tf}.name_scope(self.scope):\n            self.depth",
    ),
)


def definition(text: str, code: str, tf: str) -> str:
    """The class's definition ``text`` (without its leading newline), scoped where the migrated ``code`` gives a
    batch norm a scope."""
    text = text.lstrip("\n")
    if not re.search(r"\bTF1BatchNormalization\([^\n]*\bscope='", code):
        return text
    for old, new in EDITS:
        old, new = old.replace("{tf}", tf), new.replace("{tf}", tf)
        assert old in text, old
        text = text.replace(old, new)
    return text
