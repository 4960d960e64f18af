"""The static shape of a tensor computed through batch norms (``linear(bn(linear(z, 1024)), 7 * 7 * 128)``, the GAN
collections' builders: ``linear`` reads ``input_.get_shape().as_list()`` of the batch norm's output).

shapes.py reads such a shape by tracing the tensor's function on its placeholders' specs, and refuses where a layer
lies upstream: a Keras layer traced there would be built in the trace. The eager batch norm
(``TF1BatchNormalization``, batch_norms.py) builds its four variables under ``tf.init_scope`` (outside any trace,
with TF1's names) from constants (ones and zeros: no random op, so no op seed moves), and its call changes nothing
(TF1's update ops are the train step's ``update``): tracing it computes the shape and leaves the program's state
as it was, the variables made once, wherever first asked for.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session import batch_norms
from tfmigrate.transforms.session.analysis import Node, Program, descendants


def untraceable(program: Program, nodes: list[Node]) -> set[str]:
    """layers.hidden's stand-ins for ``nodes`` but the tensors whose layer calls are all batch norms."""
    from tfmigrate.transforms.session import layers

    hidden = layers.hidden(program, nodes)
    for node in nodes:
        if node.kind not in ("tensor", "const"):
            continue
        calls = [c for c in descendants(node.value) if isinstance(c, cst.Call)]
        if any(layers.object_call(program, c) for c in calls):
            continue
        normed = [program.layers[c] for c in calls if c in program.layers]
        if normed and all(layer.mode == batch_norms.MODE for layer in normed):
            hidden.discard(f"{node.name} (line {node.line})")
    return hidden
