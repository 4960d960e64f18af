"""A constructor argument the eager rewrite changed: ``optimizer=tf.train.AdamOptimizer(learning_rate=0.001)``
passed to the research/autoencoder models, which call ``optimizer.minimize(self.cost)`` in their constructor.

The class proof (classes.py) reads the construction as the bindings of the constructor's parameters
(``optimizer = tf.train.AdamOptimizer(...)``) before the constructor's body, and the rewrite may replace such a
binding's value (``optimizer = TF1Adam(learning_rate=0.001, epsilon=1e-08)``, TF1's kernel, tf1_optimizers.py).
The proved program binds the parameter to the new value and runs the body with it, so the call passing the new
value as that argument is the same program, provided the value reads none of the other parameters' bindings (the
call cannot see them) and the call passes the argument itself (a parameter taken by its default has no argument to
put it in).
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import loaded_names


def rebound_argument(
    small: cst.BaseSmallStatement | None, names: dict[str, str], call: cst.Call, params: list[str]
) -> tuple[str, cst.BaseExpression] | None:
    """(the parameter, its new value) for ``param = <value>`` among the bindings, else None. ``names`` maps each
    binding's spelling to its parameter; ``params`` are the constructor's parameters after ``self``."""
    if not (
        isinstance(small, cst.Assign)
        and len(small.targets) == 1
        and isinstance(small.targets[0].target, cst.Name)
        and small.targets[0].target.value in names
    ):
        return None
    param = names[small.targets[0].target.value]
    if any(n.value in names for n in loaded_names(small.value)):
        return None
    passed = [
        a
        for i, a in enumerate(call.args)
        if (
            a.keyword.value == param if a.keyword is not None else not a.star and i < len(params) and params[i] == param
        )
    ]
    return (param, small.value) if len(passed) == 1 else None
