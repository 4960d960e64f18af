"""Placeholders with a default: ``training = tf.placeholder_with_default(False, shape=())``, fed ``True`` only by
the train step (Florian-BACHO's ``mnistLearn.py``, ageron's handson-ml chapter 11), or a keep probability that
defaults to 1.0.

TF1 reads the fed value when a run feeds one and the default otherwise. The eager program passes every placeholder
as an argument of the functions that read it, so a run that does not feed one passes the default: the same value.
Only a Python literal default is modelled (its dtype is the one TF1 gave the constant: bool, float32, int32); a
default computed from the graph or from other Python values keeps the graph tier.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session import tensor_defaults

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Node, Program

PATH = "placeholder_with_default"


def define(program: Program, node: Node, call: cst.Call) -> None:
    """``name = tf.placeholder_with_default(<literal>, shape=...)``: a placeholder whose unfed value is the literal."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value not in ("input", "shape", "name"):
            raise program.deny(f"placeholder_with_default({arg.keyword.value}=...)", call)
    given = argument(call, 0, "input")
    dtype = _dtype(given.value) if given is not None else None
    if given is not None and dtype is None and tensor_defaults.define(program, node, given.value):
        return
    if given is None or dtype is None:
        raise program.deny(
            "a placeholder_with_default whose default is neither a bool, int or float literal nor a tensor shaped or"
            " filled from placeholders and Python values (tensor_defaults.py)",
            call,
        )
    assert isinstance(call.func, (cst.Attribute, cst.Name))
    module = program.module.code_for_node(call.func.value) if isinstance(call.func, cst.Attribute) else None
    if module is None:
        raise program.deny("placeholder_with_default imported by its own name", call)
    node.kind = "placeholder"
    node.dtype = f"{module}.{dtype}"
    node.default = program.module.code_for_node(given.value)


def _dtype(value: cst.BaseExpression) -> str | None:
    if isinstance(value, cst.UnaryOperation) and isinstance(value.operator, cst.Minus):
        value = value.expression
        if isinstance(value, cst.Name):
            return None
    if isinstance(value, cst.Name) and value.value in ("True", "False"):
        return "bool"
    if isinstance(value, cst.Float):
        return "float32"
    if isinstance(value, cst.Integer):
        return "int32"
    return None


def unfed(program: Program, feeds: dict[str, cst.BaseExpression]) -> dict[str, cst.BaseExpression]:
    """``feeds`` with every placeholder that has a default and is not fed fed its default, as TF1 read it."""
    added = {
        name: tensor_defaults.computed(program, node, feeds)
        if tensor_defaults.tensor(node)
        else cst.parse_expression(node.default)
        for name, node in program.nodes.items()
        if node.kind == "placeholder" and node.default and name not in feeds
    }
    return {**feeds, **{n: v for n, v in added.items() if v is not None}} if added else feeds


def flag(program: Program, value: cst.BaseExpression) -> bool:
    """``value`` names a bool placeholder with a default (``training``): the eager functions take it as the Python
    bool a run passes, so ``tf.layers.dropout(training=training)`` may branch on it."""
    node = program.nodes.get(value.value) if isinstance(value, cst.Name) else None
    return node is not None and node.kind == "placeholder" and node.default in ("True", "False")


def switched(program: Program, node: Node) -> set[str]:
    """The bool placeholders whose ``tf.layers.dropout(training=...)`` are the only random ops ``node`` computes
    through (a run that leaves them False draws nothing); empty when anything else draws."""
    from tfmigrate.transforms.session import helpers
    from tfmigrate.transforms.session.analysis import descendants, is_random

    found: set[str] = set()
    for each in (node, *node.upstream.values()):
        for call in descendants(each.value):
            if not isinstance(call, cst.Call):
                continue
            layer = program.layers.get(call)
            if layer is not None and layer.mode == "dropout":
                if not layer.flag:
                    return set()
                found.add(layer.flag)
                continue
            path = program.tf1_path(call.func)
            helper = helpers.helper_of(program, call)
            if is_random(path) or "dropout" in path or (helper is not None and helper.random):
                return set()
    return found
