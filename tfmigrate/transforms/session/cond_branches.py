"""``tf.cond(pred, lambda: a, lambda: b)`` in a graph helper: a row-wise correction handed to ``tf.map_fn``
(held-out 22, sr_custom)::

    def correcting_function(row):
        return tf.cond(tf.reduce_max(row) > 1.0, lambda: row - tf.reduce_max(row), lambda: row)

    corrected = tf.map_fn(correcting_function, logits)

A branch without parameters whose body is one graph expression of the helper's values (its parameters and locals,
module-level variables and constants) is the same function eagerly: TF1 built both branches into cond contexts and
ran the one ``pred`` picked, eager TF2 calls that one (an If op where the helper is traced). The helper's checks
read the branches' bodies as the rest of its body (their ops listed as eager-safe, their names its own). As for a
tf.cond of the program (higher_order.py): TF1's cond unpacks a branch's one-element list or tuple and TF2's does
not, so such a branch is refused, and so is a branch that draws random numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session import higher_order, local_functions
from tfmigrate.transforms.session.analysis import descendants, is_random

COND = higher_order.COND

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program


def branches(program: Program, body: cst.CSTNode) -> set[cst.Lambda]:
    """The lambdas in ``body`` given as the branches of a tf.cond."""
    found: set[cst.Lambda] = set()
    for call in descendants(body):
        if isinstance(call, cst.Call) and program.tf1_path(call.func) == COND:
            found.update(a.value for a in call.args if isinstance(a.value, cst.Lambda))
    return found


def check(program: Program, call: cst.Call, deny, local: dict[str, cst.FunctionDef]) -> None:
    """Raise ``deny``'s Blocked unless ``call``, a tf.cond in a helper, has the form above; ``local``: the helper's
    own functions (local_functions.py), which may be named as branches."""
    positional = [arg for arg in call.args if arg.keyword is None]
    if any(arg.star for arg in call.args):
        raise deny("tf.cond with unpacked arguments", call)
    higher_order._cond_arguments(program, call, positional)
    for index, name in higher_order.COND_PARAMS:
        given = [a for a in call.args if a.keyword is not None and a.keyword.value == name]
        branch = (given or positional[index : index + 1])[0].value
        if isinstance(branch, cst.Name) and branch.value in local:  # ``def shifted(): ...; return ...``
            function = local[branch.value]
            if higher_order._params(function.params):
                raise deny(f"tf.cond({name}={branch.value}): the function takes parameters", branch)
            last = local_functions.statements(function)[-1].body[0]
            returned = last.value if isinstance(last, cst.Return) else None
            if isinstance(returned, (cst.List, cst.Tuple)) and len(returned.elements) < 2:
                raise deny(
                    "a tf.cond branch returns a one-element list or tuple (TF1 unpacks it, TF2 does not)", branch
                )
            continue
        if not isinstance(branch, cst.Lambda) or higher_order._params(branch.params):
            raise deny(f"tf.cond({name}=...) is not a lambda without parameters", branch)
        if isinstance(branch.body, (cst.List, cst.Tuple)) and len(branch.body.elements) < 2:
            raise deny("a tf.cond branch returns a one-element list or tuple (TF1 unpacks it, TF2 does not)", branch)
        for inner in descendants(branch.body):
            path = program.tf_path(inner.func) if isinstance(inner, cst.Call) else None
            if path is not None and is_random(path):
                raise deny("a tf.cond branch draws random numbers", inner)
