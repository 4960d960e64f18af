"""A host loop over ``tf.trainable_variables()`` after the model is built, printing its variables:
``for v in tf.trainable_variables(): print(v.name, v.get_shape())``, ``total_parameters += np.prod(shape)``, or
numbered, ``for idx, op in enumerate(tf.trainable_variables()):`` (the GAN collections' ``show_all_variables``).

TF1's collection holds the trainable variables built so far, in building order. Eager TF 2 keeps no collection, so
the call is written as the literal list of those variables (trainable_lists.py reads the same list where a graph
expression iterates the call). The loop then reads each variable's ``name`` and static shape eagerly: the shape is
the initial value's, as TF1's was. The name is TF1's only where TF1 did not number or scope it: each variable is a
``tf.Variable(..., name='<literal>')`` of a name no other variable has, with no ``/`` (a scope) and not ending in
``_<digits>`` (TF1's numbering), built at module level outside any scope; an unnamed variable is ``Variable:0``
eagerly every time but ``Variable_1:0`` in TF1. Only a ``for`` statement at module level after the last variable is
built is read so, whose body reads each variable only as ``v.name``, ``v.shape`` or ``v.get_shape()`` (an eager
variable's repr holds its value and TF1's dtype is ``float32_ref``; a method such as ``v.assign`` would run at once
eagerly where TF1 built an op); ``enumerate`` counts the same list from 0 on both.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms._checkpoint import argument, literal_string
from tfmigrate.transforms.session.analysis import descendants

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program

PATH = "trainable_variables"
ENUMERATE = "enumerate"
READS = frozenset({"name", "shape", "get_shape"})
NUMBERED = re.compile(r".*_\d+$")


def listed(program: Program, call: cst.Call) -> str | None:
    """The literal list standing for ``call`` when it is the iterable of a module-level ``for`` loop read so; None
    when it is not such a loop; raises Blocked with the cause where the names or order are not provably TF1's."""
    loop = next(
        (
            s
            for s in program.module.body
            if isinstance(s, cst.For) and walked(s.iter) is call and not call.args and s.asynchronous is None
        ),
        None,
    )
    if loop is None:
        return None
    _reads_names_and_shapes(program, loop, call)
    from tfmigrate.transforms.session import helpers, layers, rnn
    from tfmigrate.transforms.session.savers import trainable

    why = "a `for` loop over tf.trainable_variables()"
    if layers.layered(program) or rnn.cells(program) or any(h.kind != helpers.GRAPH for h in program.helpers.values()):
        raise program.deny(f"{why} in a program whose layers, RNN cells or helpers build variables unnamed here", call)
    line = program.line_of(loop)
    built = [program.nodes[n] for n in dict.fromkeys(program.order) if n in program.nodes]
    variables = [n for n in built if n.kind == "variable" and trainable(n.value, program)]
    if not variables:
        raise program.deny(f"{why} before any trainable variable is built", call)
    top = {id(n) for s in program.module.body if isinstance(s, cst.SimpleStatementLine) for n in descendants(s)}
    names: list[str] = []
    for node in variables:
        value = node.value
        given = argument(value, None, "name") if isinstance(value, cst.Call) else None
        literal = (
            literal_string(given.value) if given is not None and isinstance(given.value, cst.SimpleString) else None
        )
        if (
            node.container
            or not isinstance(value, cst.Call)
            or program.tf_path(value.func) != "Variable"
            or literal is None
            or "/" in literal
            or NUMBERED.fullmatch(literal)
            or literal in names
            or node.line > line
            or id(value) not in top
        ):
            raise program.deny(
                f"{why}: the variable `{node.name}` is not a module-level tf.Variable(name='...') of a name of its own "
                "built before the loop (eagerly an unnamed or scoped variable's name is not TF1's numbered one)",
                call,
            )
        names.append(literal)
    return "[" + ", ".join(n.name for n in variables) + "]"


def walked(iterable: cst.BaseExpression) -> cst.BaseExpression:
    """The collection a ``for`` walks: ``iterable``, or what ``enumerate(...)`` numbers (its one argument)."""
    if (
        isinstance(iterable, cst.Call)
        and isinstance(iterable.func, cst.Name)
        and iterable.func.value == ENUMERATE
        and len(iterable.args) == 1
        and not iterable.args[0].keyword
        and not iterable.args[0].star
    ):
        return iterable.args[0].value
    return iterable


def _element(loop: cst.For) -> cst.BaseAssignTargetExpression | None:
    """The name bound to each variable: ``v`` of ``for v in ...``, ``op`` of ``for idx, op in enumerate(...)``."""
    if walked(loop.iter) is loop.iter:
        return loop.target
    target = loop.target
    if isinstance(target, cst.Tuple) and len(target.elements) == 2:
        index, element = (e.value for e in target.elements)
        if isinstance(index, cst.Name) and isinstance(element, cst.Name) and index.value != element.value:
            return element
    return None


def _reads_names_and_shapes(program: Program, loop: cst.For, call: cst.Call) -> None:
    if ENUMERATE in program.binds or ENUMERATE in program.imported:
        raise program.deny("a `for` loop over tf.trainable_variables() with `enumerate` bound by the module", call)
    target = _element(loop)
    if not isinstance(target, cst.Name) or loop.orelse is not None:
        raise program.deny(
            "a `for` loop over tf.trainable_variables() other than `for v in ...:` or `for i, v in enumerate(...):`",
            call,
        )
    read = {id(a.value) for a in descendants(loop.body) if isinstance(a, cst.Attribute) and a.attr.value in READS}
    for name in descendants(loop.body):
        if isinstance(name, cst.Name) and name.value == target.value and id(name) not in read:
            raise program.deny(
                f"a `for` loop over tf.trainable_variables() uses `{target.value}` other than as "
                f"`{target.value}.name`, `.shape` or `.get_shape()` (eagerly a variable holds its value)",
                name,
            )
