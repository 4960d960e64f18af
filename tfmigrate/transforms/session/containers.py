"""A module-level dict or list of variables used whole: ``minimize(G_obj, var_list=g_weights.values())`` (nlintz's
GAN trains its generator and its discriminator apart, each on the variables of its own dict).

TF1 turns ``var_list`` into a list of the container's variables, in the dict's order; the eager train step takes
the same variables, ``list(g_weights.values())``, as the tape's sources and the optimizer's. A container is bound
once (analysis.py), so the list holds the variables the graph was built with.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import Program


def var_list(program: Program, value: cst.BaseExpression) -> str | None:
    """The eager code of a ``var_list`` naming a container of variables (``weights_list``, ``weights.values()``),
    else None."""
    if isinstance(value, cst.Name):
        node = program.nodes.get(value.value)
        if _container(node) and not isinstance(node.value, cst.Dict):  # type: ignore[union-attr]
            return f"list({value.value})"
        return None
    if (
        isinstance(value, cst.Call)
        and not value.args
        and isinstance(value.func, cst.Attribute)
        and value.func.attr.value == "values"
        and isinstance(value.func.value, cst.Name)
    ):
        node = program.nodes.get(value.func.value.value)
        if _container(node) and isinstance(node.value, cst.Dict):  # type: ignore[union-attr]
            return f"list({value.func.value.value}.values())"
    return None


def _container(node) -> bool:
    return node is not None and node.kind == "variable" and node.container


def holds_container(program: Program, names: set[str]) -> str | None:
    """The container among a var_list's names, if any: its variables have no names of their own to restore by."""
    for name in sorted(names):
        if _container(program.nodes.get(name)):
            return name
    return None
