"""A random tensor one value reads along two paths (held-out 20, the two-layer MNIST net's loss
``-reduce_sum(y_ * log(clip(y_conv)) + (1 - y_) * log(clip(1 - y_conv)))`` with ``y_conv`` after a dropout): the
value's eager function evaluates that tensor once into a local and reads the local at each path.

TF1 evaluates every op once per run, so both paths see one dropout mask. The eager function of the loss called
``y_conv(x, keep_prob)`` at each read, drawing a mask per path (draws.py refused). Bound once at the top of the
function (``y_conv_drawn = y_conv(x, keep_prob)``), the loss draws one mask per call, and the train step, which
calls the loss once inside its tape, draws one per step as TF1's run did; the gradient flows through the local as
it flowed through the shared op.

Only where the order of the draws cannot change: the value reads exactly one random tensor, by name, more than
once, builds no random op of its own and reads no other random tensor (a seedless eager op takes its seed from a
counter, so drawing the shared tensor first could give another op's draw), and it is a plain tensor function (no
layer or helper call: their sites write their own functions)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session import builders, helpers
from tfmigrate.transforms.session.analysis import descendants, is_random, loaded_names

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Node, Program


def names(program: Program, node: Node, value: cst.CSTNode) -> list[str]:
    """The random tensor ``node``'s function binds once (a list of one), or none."""
    if node.kind != "tensor":
        return []
    reads = [n.value for n in loaded_names(value) if n.value in program.nodes]
    random = {name for name in reads if program.nodes[name].random}
    if len(random) != 1 or reads.count(next(iter(random))) < 2:
        return []
    name = next(iter(random))
    if program.nodes[name].kind != "tensor" or program.shared.get(name) is program.nodes[name]:
        return []
    for call in descendants(value):
        if not isinstance(call, cst.Call):
            continue
        if is_random(program.tf_path(call.func) or "") or call in program.layers:
            return []
        if helpers.helper_of(program, call) is not None:
            return []
    if builders.site_of(program, node) is not None:
        return []
    return [name]
