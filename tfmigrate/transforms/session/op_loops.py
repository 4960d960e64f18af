"""A ``for`` loop over the tensors of a graph op: jk_cartpole's ``for action_q in tf.split(self.output_layer,
num_or_size_splits=self.env.action_space.n, axis=1):`` appending a loss and an Adam train op per pass.

The proof meets the op in the loop's header, outside any ``name = ...`` definition, and refuses it; the reason it
gives for a bare call ("its op is not modelled") hides what stops the rewrite: the loop builds graph ops once per
item, as many items as the count argument says (here a host value read at run time, a gym environment's
``action_space.n``), and no pass of tfmigrate unrolls a loop over an op's tensors. This names the loop, the op and
its count instead; the refusal itself is the proof's, unchanged.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session.analysis import Blocked

# the argument that says how many tensors the op returns
COUNTS = {"split": (1, "num_or_size_splits"), "unstack": (1, "num")}


def reason(module: cst.Module, loop: cst.For, path: str, refused: Blocked) -> Blocked:
    """The refusal of the op in ``loop``'s header said as the loop's; ``refused`` where the op is another."""
    call = loop.iter
    if not (isinstance(call, cst.Call) and refused.construct.startswith(f"tf.{path} is called outside")):
        return refused
    position, keyword = COUNTS.get(path.removeprefix("compat.v1."), (None, None))
    count = argument(call, position, keyword) if keyword is not None else None
    if count is None:
        return refused
    spelled = module.code_for_node(count.value)
    host = isinstance(count.value, cst.Attribute)
    told = f"`{spelled}`, a host object's value read at run time" if host else f"`{spelled}`"
    return Blocked(
        f"a `for` loop over the tensors of tf.{path}, as many as {told}: each pass builds graph ops, and tfmigrate "
        "does not unroll a loop over an op's tensors",
        refused.line,
        refused.renamed_away,
    )
