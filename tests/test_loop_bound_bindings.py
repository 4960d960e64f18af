"""A graph-building loop is unrolled over ``range(n)`` only where ``n`` is the integer the module binds it to once:
any other binding of ``n`` at module level (an import, ``del``, ``except ... as``, a ``for`` or ``with`` target, a
walrus, a function's ``global n``, a star import) may give the loop another count, so it stays as written
(session/loops.py)."""

from __future__ import annotations

import libcst as cst
import pytest

from tfmigrate.transforms.session.loops import unroll

PROGRAM = """\
import tensorflow as tf

x = tf.ones([1, 3])
n = 2
{between}h = x
for i in range(n):
    W = tf.Variable(tf.ones([3, 3]) * i)
    h = tf.matmul(h, W)
"""


def _resolve(node: cst.CSTNode) -> str | None:
    """``tf.a.b`` -> ``tensorflow.a.b``: all these programs spell."""
    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name) and node.value == "tf" and parts:
        return ".".join(["tensorflow", *reversed(parts)])
    return None


def _unrolled(between: str) -> bool:
    module = cst.parse_module(PROGRAM.format(between=between))
    new, _, _ = unroll(module, _resolve, lambda node: 0)
    return new is not module


def test_a_bound_written_once_is_unrolled() -> None:
    assert _unrolled("")


@pytest.mark.parametrize(
    "between",
    [
        pytest.param("from cfg import n\n", id="from-import"),
        pytest.param("import n\n", id="import"),
        pytest.param("import cfg as n\n", id="import-as"),
        pytest.param("from cfg import *\n", id="star-import"),
        pytest.param("del n\n", id="del"),
        pytest.param("try:\n    pass\nexcept ValueError as n:\n    pass\n", id="except-as"),
        pytest.param("for n in [5]:\n    pass\n", id="for-target"),
        pytest.param("with open('f') as n:\n    pass\n", id="with-as"),
        pytest.param("m = (n := 5)\n", id="walrus"),
        pytest.param("def reset():\n    global n\n    n = 5\n\n\nreset()\n", id="global"),
    ],
)
def test_a_bound_bound_again_leaves_the_loop_as_written(between: str) -> None:
    assert not _unrolled(between)
