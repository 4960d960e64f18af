"""``tf.trainable_variables()`` iterated by a comprehension in a graph expression, the L2 term of public TF1
text classifiers' loss methods: ``tf.add_n([tf.nn.l2_loss(v) for v in tf.trainable_variables() if 'bias' not in
v.name]) * l2_lambda``.

TF1's collection holds, at that point of the graph definition, the trainable variables built before, in the order
they were built. The eager program has no collection, so the call is written as the literal list of those
variables (``[Embedding, W_projection, b_projection]``), which the comprehension reads when the loss is computed.
Only where the proof lists every variable the graph holds (no tf.layers, RNN cells, containers or helpers that build
variables inside them, whose variables it does not name one by one).

A filter on the name (``if 'bias' not in v.name``) reads eager names, which are TF1's written names without TF1's
numbering (``Embedding`` for ``Embedding_1``, ``w`` for a second ``w_1``, ``embedding`` for a scope
``embedding_1``) and with ``:0`` as in TF1: the test is the same on both when the literal holds no ``_``, digit,
``/`` or ``:``, which numbering and scoping insert; anything else keeps the graph tier.
"""

from __future__ import annotations

import re

import libcst as cst

from tfmigrate.transforms._checkpoint import literal_string
from tfmigrate.transforms.session.analysis import Program, descendants

PATH = "trainable_variables"
STABLE = re.compile(r"[^_0-9/:]+")  # a literal numbering and scoping cannot change the ``in`` test of


def listed(program: Program, value: cst.CSTNode, call: cst.Call, path: str) -> bool:
    """``tf.trainable_variables()`` as the iterable of a comprehension in ``value``: recorded (for ``respelled``)
    with the trainable variables built before, in building order. False for any other call; raises where the list
    is not provably TF1's."""
    if path != PATH:
        return False
    loop = next(
        (n for n in descendants(value) if isinstance(n, cst.CompFor) and n.iter is call and not n.inner_for_in), None
    )
    if loop is None or call.args:
        return False
    from tfmigrate.transforms.session import helpers, layers, rnn

    why = "tf.trainable_variables() iterated"
    if layers.layered(program) or rnn.cells(program):
        raise program.deny(f"{why} in a program with tf.layers or RNN cells", call)
    if any(h.kind == helpers.LAYER for h in program.helpers.values()):
        raise program.deny(f"{why} in a program whose helper functions build variables inside them", call)
    _filter(program, loop, why)
    built = [program.nodes[n] for n in dict.fromkeys(program.order) if n in program.nodes]
    variables = [n for n in built if n.kind == "variable"]
    if any(n.container for n in variables):
        raise program.deny(f"{why} where a container holds variables", call)
    from tfmigrate.transforms.session.savers import trainable

    names = [n.name for n in variables if trainable(n.value, program)]
    if not names:
        raise program.deny(f"{why} before any trainable variable is built", call)
    program.trainable_lists[call] = names
    return True


def _filter(program: Program, loop: cst.CompFor, why: str) -> None:
    """No condition, or one ``'<literal>' in v.name`` / ``not in`` whose literal numbering cannot change."""
    if not loop.ifs:
        return
    target = loop.target
    test = loop.ifs[0].test if len(loop.ifs) == 1 else None
    if (
        isinstance(target, cst.Name)
        and isinstance(test, cst.Comparison)
        and len(test.comparisons) == 1
        and isinstance(test.comparisons[0].operator, (cst.In, cst.NotIn))
        and isinstance(test.comparisons[0].comparator, cst.Attribute)
        and test.comparisons[0].comparator.attr.value == "name"
        and isinstance(test.comparisons[0].comparator.value, cst.Name)
        and test.comparisons[0].comparator.value.value == target.value
    ):
        literal = literal_string(test.left) if isinstance(test.left, cst.SimpleString) else None
        if literal is not None and STABLE.fullmatch(literal):
            return
    raise program.deny(
        f"{why} under a condition other than `'<text>' in v.name` (or `not in`) with no `_`, digit, `/` or `:` "
        "(eager names lack TF1's numbering)",
        loop.ifs[0],
    )


def reads(program: Program, value: cst.CSTNode) -> list[str]:
    """The variables the recorded lists in ``value`` name: the graph values it reads through them."""
    return [n for c in descendants(value) if isinstance(c, cst.Call) for n in program.trainable_lists.get(c, [])]


def respelled(program: Program, original: cst.Call) -> cst.BaseExpression | None:
    """The recorded call as the literal list of its variables (rewrite.py's ``calls`` hook)."""
    names = program.trainable_lists.get(original)
    if names is None:
        return None
    return cst.parse_expression(f"[{', '.join(names)}]")
