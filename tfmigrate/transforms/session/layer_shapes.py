"""The static shape of a tensor computed through functional tf.layers: ``h2_pool.get_shape().as_list()`` before the
flatten of TF1 CNNs (Raschka's chapter 15 ``ConvNN`` and the trainers typed after it: ``tf.reshape(h2_pool,
shape=[-1, np.prod(input_shape[1:])])``).

shapes.py reads such a shape by tracing the tensor's function on its placeholders' specs. A Keras 3 layer first
called in that trace is built there, and its variables outlive it: Keras makes them outside the trace, with the
values an eager build draws under the same seeds, and every later call, eager or traced, uses them (checked on
TF 2.21). The trace draws nothing else (its ops never run). What the trace changes is the variables' TensorFlow
names: it numbers the name scopes Keras opens (``dense_1_1/kernel``). A layer a Saver saves is built through
layer_checkpoints.builder, under ``tf.init_scope`` and TF1's name, wherever it is first called; another layer's
variable name is read only through ``.name``, so the trace is taken where the module reads no ``.name``. Layer
objects (``tf.layers.Dense(...)`` bound to a name, Keras layers) keep the graph tier.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Node, Program


def traceable(program: Program, nodes: list[Node]) -> set[str]:
    """The stand-ins (layers.hidden) of the tensors in ``nodes`` computed through functional tf.layers alone, which
    a shape's trace may build; empty where the module reads a ``.name``."""
    from tfmigrate.transforms.session import layers

    if any(isinstance(n, cst.Attribute) and n.attr.value == "name" for n in descendants(program.module)):
        return set()
    found: set[str] = set()
    for node in nodes:
        if node.kind not in ("tensor", "const"):
            continue
        calls = [c for c in descendants(node.value) if isinstance(c, cst.Call)]
        if any(c in program.layers for c in calls) and not any(layers.object_call(program, c) for c in calls):
            found.add(f"{node.name} (line {node.line})")
    return found
