"""Module aliases bound once at module level (``graph_util = tf.graph_util``): the names reached through one are
renamed like any other, where libcst's qualified names stop at the assignment."""

from __future__ import annotations

import re

from tfmigrate.model import Model
from tfmigrate.transforms._tf1 import COMPAT_V1, TF, table, v1_path

# A module-level line that may bind a name to a TensorFlow module (``rnn = tf.nn.rnn_cell``): only a module with
# one pays for the binding model that ``module_aliases`` reads.
MODULE_ALIAS = re.compile(r"^[A-Za-z_]\w*\s*=\s*[A-Za-z_]\w*(\.[A-Za-z_]\w*)+\s*(#.*)?$", re.MULTILINE)


def module_aliases(model: Model, packages: bool = False) -> dict[str, str]:
    """Names bound once in the file, at module level, to a tensorflow module (``graph_util = tf.graph_util``,
    ``tf1 = tf.compat.v1``) -> that module's name: ``graph_util.x`` then means ``tensorflow.graph_util.x``.

    libcst's qualified names stop at such an assignment (``graph_util.x`` is just ``graph_util.x``), so the
    TF1 names reached through it were never renamed, and the program failed on TF 2 at the first call.

    ``packages``: also a TF1 namespace the table lists no module for but names symbols in (``rnn =
    tf.nn.rnn_cell``, ``layers = tf.layers``: Keras-backed in TF 2, so not among its modules); TFM201 reads the
    calls through them as the graph calls they are."""
    found: dict[str, str] = {}
    for name, bindings in model.module.bindings.items():
        if len(bindings) != 1 or bindings[0].kind != "assign" or bindings[0].value is None:
            continue
        if len(model.bindings_of(name)) != 1 or name in model.other_names:
            continue
        value = bindings[0].value
        targets: set[str] = set()
        roots = model.module.bindings.get(value.split(".")[0], ())
        if not roots or any(b.kind not in ("import", "from-import") for b in roots):
            continue
        for b in roots:
            targets |= model.import_names(b.node, value)  # type: ignore[arg-type]  # import kinds hold imports
        if len(targets) != 1:
            continue
        (target,) = targets
        path = v1_path(target)
        if target in (TF, COMPAT_V1) or (path is not None and path in table()["modules"]):
            found[name] = target
        elif packages and path is not None and any(s.startswith(f"{path}.") for s in table()["symbols"]):
            found[name] = target
    return found
