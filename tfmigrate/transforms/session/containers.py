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
    or listing its entries (``[weights['gen_out'], biases['gen_out']]``, aymericdamien's GAN, also through a name
    bound once to such a list), else None."""
    if isinstance(value, cst.Name):
        node = program.nodes.get(value.value)
        if _container(node) and not isinstance(node.value, cst.Dict):  # type: ignore[union-attr]
            return f"list({value.value})"
        once = len(program.scope.sites.get(value.value, [])) == 1 and value.value not in program.scope.loose
        if node is not None and once and isinstance(node.value, (cst.List, cst.Tuple)):
            return entries(program, node.value)
        return None
    if isinstance(value, (cst.List, cst.Tuple)):
        return entries(program, value)
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


def entries(program: Program, value: cst.List | cst.Tuple) -> str | None:
    """``[weights['gen_out'], biases['gen_out']]``: entries of literal containers of variables, each by a key the
    container holds; the list's code, else None."""
    codes = []
    for element in value.elements:
        item = element.value
        if isinstance(element, cst.StarredElement) or not isinstance(item, cst.Subscript):
            return None
        node = program.nodes.get(item.value.value) if isinstance(item.value, cst.Name) else None
        if not _container(node) or len(item.slice) != 1 or not isinstance(item.slice[0].slice, cst.Index):
            return None
        key = item.slice[0].slice.value
        assert node is not None
        if not any(_same_key(key, k) for k in _keys(node.value)):
            return None
        codes.append(program.module.code_for_node(item))
    return "[" + ", ".join(codes) + "]" if codes else None


def _keys(container: cst.BaseExpression) -> list[cst.BaseExpression]:
    if isinstance(container, cst.Dict):
        return [e.key for e in container.elements if isinstance(e, cst.DictElement)]
    if isinstance(container, (cst.List, cst.Tuple)):
        return [cst.Integer(str(i)) for i in range(len(container.elements))]
    return []


def _same_key(key: cst.BaseExpression, known: cst.BaseExpression) -> bool:
    literal = (cst.SimpleString, cst.Integer)
    if not isinstance(key, literal) or not isinstance(known, literal):
        return False
    return type(key) is type(known) and key.evaluated_value == known.evaluated_value


def _container(node) -> bool:
    return node is not None and node.kind == "variable" and node.container


def holds_container(program: Program, names: set[str]) -> str | None:
    """The container among a var_list's names, if any: its variables have no names of their own to restore by."""
    for name in sorted(names):
        if _container(program.nodes.get(name)):
            return name
    return None
