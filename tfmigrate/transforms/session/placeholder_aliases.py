"""A name bound to a placeholder's name, fed: ``x = x_input`` where a model class's constructor takes the input
(``AutoEncoder(encoded, decoded, x_input)``, its ``self.x = x`` read flat at the call site), then ``feed_dict={self.x:
batch}``. Python binds both names to one tensor object, so TF1 feeds the placeholder itself: the feed is read as
the placeholder's, which every tensor built on either name reads."""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import Node, Program


def aliased(program: Program, node: Node | None) -> Node | None:
    """The placeholder ``node`` names through bare-name bindings, or ``node`` itself."""
    seen: set[str] = set()
    found = node
    while found is not None and found.kind != "placeholder" and isinstance(found.value, cst.Name):
        if found.name in seen:
            return node
        seen.add(found.name)
        found = found.resolved.get(found.value.value) or program.nodes.get(found.value.value)
    return found if found is not None and found.kind == "placeholder" else node
