"""Assign ops made by a comprehension over a variable list: WGAN's weight clipping, ``clip_D =
[p.assign(tf.clip_by_value(p, -c, c)) for p in d_vars]``, fetched with the critic's train op
(``sess.run([D_solver, D_loss, clip_D], ...)``).

Not modelled: the proof reads assign ops bound to names, one per statement. And where WGAN code fetches the clipping
with the train op in one run, TF1 orders neither before the other: the same seeded program prints other numbers
from run to run (checked on TF 2.21's compat.v1), so there is no one TF1 result an eager order could keep. The
reason says so, rather than "cannot prove eager-safe".
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session import gradient_accumulation
from tfmigrate.transforms.session.analysis import descendants

ASSIGNS = ("assign", "assign_add", "assign_sub")


def reason(module: cst.Module, call: cst.Call) -> str | None:
    """The refusal of ``call`` when it is ``p.assign(...)`` with ``p`` a comprehension's target; else None."""
    func = call.func
    if not (isinstance(func, cst.Attribute) and func.attr.value in ASSIGNS and isinstance(func.value, cst.Name)):
        return None
    accumulated = gradient_accumulation.reason(module)  # zero ops of accumulators, not weight clipping
    if accumulated is not None:
        return accumulated
    for node in descendants(module):
        if (
            isinstance(node, (cst.ListComp, cst.GeneratorExp))
            and isinstance(node.for_in.target, cst.Name)
            and node.for_in.target.value == func.value.value
            and any(inner is call for inner in descendants(node.elt))
        ):
            code = cst.Module([]).code_for_node(node)
            return (
                f"`{code}`: assign ops made by a comprehension over a variable list (WGAN weight clipping) are not "
                "modelled; fetched with a train op in one run, TF1 runs them in no fixed order (a seeded program's "
                "numbers differ from run to run)"
            )
    return None
