"""Why a ``with tf.name_scope(...)`` block the proof does not read keeps the graph tier, in the words of its cause.

The proof reads a module-level name scope of one literal name (savers.scope_name: the op names under it are known);
any other fell through to the run-phase check of its call, "tf.name_scope is called outside a `name = ...` graph
definition (its op is not modelled)", which named neither cause of the TextCNN builder's ``for i, filter_size in
enumerate(self.filter_sizes): with tf.name_scope("conv-pool-%s" % filter_size): ...`` (held-out set 17): the block
stands in a loop, which loops.py unrolls only when its body is plain assignments, and its name is computed.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import literal_string
from tfmigrate.transforms.session.analysis import Program

IN_LOOP = (
    "the graph is built inside a loop or branch: a `with tf.name_scope(...)` block (a loop is unrolled only when "
    "its body is plain assignments, loops.py)"
)


def refusal(program: Program, statement: cst.With, top: bool) -> tuple[str, cst.CSTNode] | None:
    """The cause, and where, for a ``with`` entering ``tf.name_scope``; None for any other ``with``."""
    call = next(
        (
            item.item
            for item in statement.items
            if isinstance(item.item, cst.Call)
            and (program.tf_path(item.item.func) or "").removeprefix("compat.v1.") == "name_scope"
        ),
        None,
    )
    if call is None:
        return None
    if not top:
        return IN_LOOP, statement
    if len(call.args) != 1 or literal_string(call.args[0].value) is None:
        code = program.module.code_for_node(call)
        return (
            f"`{code}` names its scope other than by one literal string (the op names under it are not modelled)",
            call,
        )
    return None
