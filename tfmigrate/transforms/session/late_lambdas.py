"""Lambdas that read a name a loop takes over, made after the loop's binding (``[a, b] = f`` then
``np.vectorize(lambda x: x * a + b)(x_data)``, held-out set 21's linear regression).

A lambda reads whichever binding of a global is current when it runs. Once the loop's binding has run, the name and
its new name (loop_rebinds.py) are bound together at the same places, so a lambda made after that binding sees the
same value under either name whenever it runs: its reads rename with the module's own. A lambda made before the
binding (or in the binding's value) could run while only the old value exists, and is left a refusal; so is one
with a parameter of that name or a scope inside it."""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants
from tfmigrate.transforms.session.functions import references
from tfmigrate.transforms.session.renames import SCOPES


def made_after(body: cst.Module, name: str, start: int, order: dict[int, int], before: set[int]) -> list[cst.Lambda]:
    """The lambdas of ``body`` reading ``name`` that stand after the binding at position ``start`` (``order``:
    node id -> position in ``body``), outside its value (``before``: node ids), with no parameter ``name`` and no
    scope inside."""
    found: list[cst.Lambda] = []
    for node in descendants(body):
        if not (isinstance(node, cst.Lambda) and references(node.body, name)):
            continue
        if order[id(node)] < start or id(node) in before:
            continue
        if any(p.name.value == name for p in _parameters(node.params)):
            continue
        if any(isinstance(inner, SCOPES) for inner in descendants(node.body)):
            continue
        found.append(node)
    return found


def _parameters(params: cst.Parameters) -> list[cst.Param]:
    star = [params.star_arg] if isinstance(params.star_arg, cst.Param) else []
    kwargs = [params.star_kwarg] if params.star_kwarg is not None else []
    return [*params.posonly_params, *params.params, *star, *params.kwonly_params, *kwargs]
