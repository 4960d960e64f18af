"""cstfields' field-order children and walks: the same nodes in the same order as libcst's, and cheaper gates."""

from __future__ import annotations

import ast
from pathlib import Path

import libcst as cst
import pytest

from tfmigrate import cstfields
from tfmigrate.facts import read
from tfmigrate.transforms.tfm302_keras3_arguments import KerasArguments

ROOT = Path(__file__).resolve().parent
SOURCES = sorted((ROOT / "fixtures").glob("*/*.py")) + sorted((ROOT / "programs").glob("*.py"))


def _parsed(path: Path) -> cst.Module | None:
    try:
        return cst.parse_module(path.read_text(encoding="utf-8"))
    except (cst.ParserSyntaxError, UnicodeDecodeError, RecursionError):
        return None


@pytest.mark.parametrize("path", SOURCES[::7], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_children_are_libcsts_in_its_order(path: Path) -> None:
    module = _parsed(path)
    if module is None:  # a hostile fixture libcst rejects: the walk below needs a tree
        module = cst.parse_module("import tensorflow as tf\nwith tf.Session() as s:\n    s.run(f(x, *a, k=1)[0])\n")
    todo: list[cst.CSTNode] = [module]
    while todo:
        node = todo.pop()
        expected = tuple(cstfields._LIBCST_CHILDREN(node))  # libcst's own (cstpatch replaces ``children``)
        got = cstfields.ordered_children(node)
        assert [type(n).__name__ for n in got] == [type(n).__name__ for n in expected]
        assert all(a is b for a, b in zip(got, expected))
        todo.extend(expected)


def test_preorder_is_the_written_order_and_is_remembered() -> None:
    module = cst.parse_module("import tensorflow as tf\nx = tf.constant(1)  # one\ny = f(x, k=2)\n")
    expected: list[cst.CSTNode] = []
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        expected.append(node)
        stack.extend(reversed(node.children))
    first = cstfields.preorder(module)
    assert first == expected
    assert cstfields.preorder(module) is first
    cstfields.forget()
    assert cstfields.preorder(module) is not first


def test_a_node_with_a_cst_value_in_a_field_libcst_does_not_visit_is_left_to_libcst() -> None:
    name = cst.Name("x")
    order = cstfields._field_order(name)
    assert order is not None
    assert "value" in order[1]  # a str field: never a node, so the fast path applies
    assert cstfields.ordered_children(name) == tuple(cstfields._LIBCST_CHILDREN(name))
    assert list(name.children) == list(cstfields._LIBCST_CHILDREN(name))  # cstpatch's property: the same


@pytest.mark.parametrize(
    ("source", "needed"),
    [
        ("import keras\nmodel.save('m', save_format='tf')\n", True),
        ("import keras\nmodel.fit(x, y, workers=4)\n", True),
        # the method and the keyword only apart: no call the rule's method-argument check acts on
        ("import keras\nimg.save(path)\nIterator(save_format='png')\n", False),
        ("import keras\nf = partial(model.train_on_batch, reset_metrics=False)\n", False),
    ],
)
def test_keras_arguments_needs_the_method_and_its_keyword_in_one_call(source: str, needed: bool) -> None:
    assert KerasArguments.needs(read(ast.parse(source))) is needed
