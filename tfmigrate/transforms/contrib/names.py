"""How a reason written before TFM104 runs names a ``tf.contrib`` call.

TFM201 decides before TFM104 (and then TFM103) rewrite ``tf.contrib``: ``tf.contrib.layers.fully_connected`` is
``tf.compat.v1.layers.dense`` after TFM104 and may be a Keras layer after TFM103, so no later name is certain. The
reason names the call as the user wrote it and says that the diff replaces it, which stays true whatever the later
rules write. TFM104's own table and argument mapping decide whether it is replaced, so the two cannot disagree."""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._tf1 import table
from tfmigrate.transforms.contrib.args import build


def named(path: str, call: cst.Call) -> str:
    """``tf.<path>`` for a reason, marked as the name before the rewrite when TFM104 replaces the call."""
    if not path.startswith("contrib."):
        return f"tf.{path}"
    spec = table()["contrib"]["replacements"].get(path)
    if spec is None or spec.get("value") or spec.get("remove"):
        return f"tf.{path}"  # not replaced by a call: TFM104 reports it where it is
    if isinstance(build(call, spec.get("graph", spec), "tf"), str):
        return f"tf.{path}"  # its arguments cannot be mapped: the call stays and TFM104 reports it
    return f"`tf.{path}` (as written; this diff replaces it)"


def replaced_path(path: str, call: cst.Call) -> str | None:
    """The path (relative to ``tf``, ``compat.v1.`` dropped) of the graph-mode call TFM104 writes for a ``contrib.*``
    call, or None when TFM104 leaves it. A rule that judges the call before TFM104 runs judges this path, so that
    a second run (which sees TFM104's output) decides the same."""
    if not path.startswith("contrib."):
        return None
    spec = table()["contrib"]["replacements"].get(path)
    if spec is None or spec.get("value") or spec.get("remove"):
        return None
    built = build(call, spec.get("graph", spec), "tf")
    if isinstance(built, str):
        return None
    return built[1].removeprefix("compat.v1.")
