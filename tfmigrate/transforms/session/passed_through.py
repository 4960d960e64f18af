"""``*args, **kwargs`` a helper only hands on to one call: DCGAN's ``ops.py`` (carpedm20 and its copies)
``def concat(tensors, axis, *args, **kwargs): return tf.concat(tensors, axis, *args, **kwargs)``.

Where the body reads ``args`` and ``kwargs`` nowhere but as ``*args`` / ``**kwargs`` arguments of its calls, and every
call of the helper in the module passes nothing they would collect (no more positional arguments than the helper's
named parameters, no keyword that is not one of them, no ``*`` / ``**`` of its own), each call runs the body with an
empty tuple and an empty dict, and the calls in the body receive exactly the arguments written before them: the
helper computes what it would without the two parameters, in TF1 and eagerly. The helper stays as written.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import Program, descendants


def empty(program: Program, definition: cst.FunctionDef) -> set[str] | None:
    """The names of the ``*args`` / ``**kwargs`` parameters every call leaves empty and the body only hands on; None
    where the helper has another shape (keyword-only or positional-only parameters, a read of them other than
    ``*args`` / ``**kwargs``, or a call that fills them)."""
    params = definition.params
    if params.posonly_params or params.kwonly_params:
        return None
    rest: dict[str, str] = {}  # name -> "*" or "**"
    if isinstance(params.star_arg, cst.Param):
        rest[params.star_arg.name.value] = "*"
    if params.star_kwarg is not None:
        rest[params.star_kwarg.name.value] = "**"
    if not rest:
        return None
    spread = {
        id(arg.value)
        for arg in descendants(definition.body)
        if isinstance(arg, cst.Arg) and isinstance(arg.value, cst.Name) and rest.get(arg.value.value) == arg.star
    }
    for name in descendants(definition.body):
        if isinstance(name, cst.Name) and name.value in rest and id(name) not in spread:
            return None  # read, rebound or passed otherwise: its value matters
    named = [p.name.value for p in params.params]
    calls = [
        c
        for c in descendants(program.module)
        if isinstance(c, cst.Call) and isinstance(c.func, cst.Name) and c.func.value == definition.name.value
    ]
    for call in calls:
        positional = [a for a in call.args if a.keyword is None and not a.star]
        if any(a.star for a in call.args) or len(positional) > len(named):
            return None
        if any(a.keyword is not None and a.keyword.value not in named for a in call.args):
            return None
    return set(rest)
