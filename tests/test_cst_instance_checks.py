"""cstmeta: isinstance against libcst's classes gives ABCMeta's answers, without ABCMeta's Python call."""

from __future__ import annotations

import abc

import libcst as cst
from libcst.metadata import MetadataWrapper, ScopeProvider

from tfmigrate import cstmeta, engine  # noqa: F401 (engine installs the plain checks through cstpatch)
from tfmigrate.transforms.base import Transform

SOURCE = (
    "import tensorflow as tf\n"
    "class Net(tf.keras.Model):\n"
    "    def call(self, x, *a, k=1, **kw):\n"
    "        return [y async for y in x] if k else {x: lambda: (yield)}\n"
    "with tf.compat.v1.Session() as sess:\n"
    "    sess.run(tf.constant(1.0)[0], feed_dict={'a': f'{x!r:>3}'})\n"
)


def _classes() -> list[type]:
    return [c for root in cstmeta.ROOTS for c in cstmeta._subclasses(root)]


def test_every_libcst_class_and_rule_has_the_plain_check() -> None:
    classes = _classes()
    assert len(classes) > 300
    assert [c for c in classes if type(c) is abc.ABCMeta] == []
    for cls in (cst.Name, cst.BaseExpression, cst.CSTVisitor, cst.CSTTransformer, ScopeProvider, Transform):
        assert type(cls) is cstmeta.PlainInstanceCheck, cls


def test_a_class_made_later_inherits_it() -> None:
    class Later(cst.CSTVisitor):
        pass

    assert type(Later) is cstmeta.PlainInstanceCheck
    assert isinstance(Later(), cst.CSTVisitor) and not isinstance(Later(), cst.CSTTransformer)


def test_answers_are_abcmetas() -> None:
    """Every node of a varied module against every libcst node class: the same answer as ABCMeta's check."""
    wrapper = MetadataWrapper(cst.parse_module(SOURCE))
    nodes: list[object] = [wrapper.module, cst.RemovalSentinel.REMOVE, cst.FlattenSentinel([cst.Pass()]), 3, None]
    todo = [wrapper.module]
    while todo:
        node = todo.pop()
        nodes.append(node)
        todo.extend(node.children)
    classes = _classes()
    asked = agreed = 0
    for cls in classes:
        for obj in nodes:
            asked += 1
            agreed += isinstance(obj, cls) == abc.ABCMeta.__instancecheck__(cls, obj)
    assert agreed == asked
    scopes = wrapper.resolve(ScopeProvider)  # libcst's own analysis still runs on the patched classes
    assert any(isinstance(s, cst.metadata.GlobalScope) for s in scopes.values())
