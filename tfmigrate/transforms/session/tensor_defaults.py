"""Placeholders whose default is a tensor: the hand-written LSTM's initial states,
``s0 = tf.placeholder_with_default(tf.zeros([tf.shape(X)[0], LSTM_width]), [X.shape[0], LSTM_width])`` (ecotner's
``RNN_practice2.py``), fed the state the previous window fetched, or left to the zeros of the batch's size.

TF1 reads the fed value where a run feeds one, and otherwise computes the default in that run, from that run's feeds.
The eager program passes every placeholder as an argument of the functions that read it, so a run that does not feed
one passes the default computed from the values the run feeds: the same value. Modelled where the default only
shapes or fills a tensor (``tf.zeros``, ``tf.ones``, ``tf.fill``, ``tf.shape`` ...: no variable read, nothing
drawn), reading placeholders the run feeds and Python names bound once (their value at the run is the one the graph
was built with); a static shape (``X.shape[0]``, None in TF1's graph and a number eagerly) or anything else keeps
the graph tier.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session.datasets.model import substituted
from tfmigrate.transforms.session.fed_tensors import value_dtype

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Node, Program

# Ops that only shape or fill a tensor: the same value in TF1's graph and eagerly, drawing nothing.
SHAPING = frozenset({"zeros", "ones", "zeros_like", "ones_like", "fill", "shape", "constant"})


def define(program: Program, node: Node, value: cst.BaseExpression) -> bool:
    """``node`` made a placeholder defaulting to the tensor ``value``; False where ``value`` is not one modelled."""
    if not isinstance(value, cst.Call) or reads(program, value) is None:
        return False
    dtype = value_dtype(program, value)
    tf = program.module.code_for_node(value.func.value) if isinstance(value.func, cst.Attribute) else None
    if dtype is None or tf is None:
        return False
    node.kind = "placeholder"
    node.dtype = f"{tf}.{dtype}"
    node.default = program.module.code_for_node(value)
    return True


def reads(program: Program, value: cst.BaseExpression) -> set[str] | None:
    """The placeholders a tensor default reads; None where it reads anything but placeholders without a default and
    Python names bound once, calls anything but the shaping ops, or takes an attribute of a graph value."""
    found: set[str] = set()

    def walk(each: cst.CSTNode) -> bool:
        if isinstance(each, cst.Call):
            return program.tf1_path(each.func) in SHAPING and all(walk(a.value) for a in each.args)
        if isinstance(each, cst.Name):
            node = program.nodes.get(each.value)
            if node is not None and node.kind == "placeholder" and not node.default:
                found.add(each.value)
                return True
            return node is None and program.binds.get(each.value, 0) == 1
        if isinstance(each, (cst.Attribute, cst.Lambda, cst.NamedExpr, cst.Await, cst.Yield, cst.Comparison)):
            return False
        return all(
            walk(c)
            for c in each.children
            if isinstance(c, cst.BaseExpression | cst.BaseElement | cst.BaseSlice | cst.SubscriptElement | cst.Arg)
        )

    return found if walk(value) else None


def tensor(node: Node) -> bool:
    """``node`` is a placeholder whose default is a tensor: a call (a literal default is none, and a fed constant's
    default is its own name, fed_tensors.py)."""
    return (
        node.kind == "placeholder" and bool(node.default) and isinstance(cst.parse_expression(node.default), cst.Call)
    )


def computed(program: Program, node: Node, feeds: dict[str, cst.BaseExpression]) -> cst.BaseExpression | None:
    """The default of ``node`` as a run feeding ``feeds`` computes it: the placeholders it reads replaced by the
    values fed; None where the run does not feed one of them or feeds one a value that is not pure (computed twice,
    it might differ), and a run reading ``node`` is then refused as not feeding it."""
    from tfmigrate.transforms.session.proof import pure

    default = argument(cst.ensure_type(node.value, cst.Call), 0, "input")
    read = reads(program, default.value) if default is not None else None
    if default is None or read is None or not read <= feeds.keys() or not all(pure(feeds[r]) for r in read):
        return None
    return substituted(default.value, {name: feeds[name] for name in read})
