"""cstpatch's batched visitor (libcst's metadata walk): the same calls in the same order as libcst's own."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst._batched_visitor import _BatchedCSTVisitor
from libcst.metadata import ExpressionContextProvider, MetadataWrapper, ParentNodeProvider, ScopeProvider

from tfmigrate import cstpatch

ROOT = Path(__file__).resolve().parent
SOURCE = (ROOT / "programs").glob("*.py")


class Recorder(cst.BatchableCSTVisitor):
    """Every hook kind a provider may define, attribute hooks included."""

    def __init__(self, log: list) -> None:
        super().__init__()
        self.log = log

    def visit_Name(self, node: cst.Name) -> None:
        self.log.append(("visit", node.value))

    def leave_Name(self, original_node: cst.Name) -> None:
        self.log.append(("leave", original_node.value))

    def visit_Call_func(self, node: cst.Call) -> None:
        self.log.append(("visit func", type(node.func).__name__))

    def leave_Call_func(self, node: cst.Call) -> None:
        self.log.append(("leave func", type(node.func).__name__))


class Names(cst.BatchableCSTVisitor):
    def __init__(self, log: list) -> None:
        super().__init__()
        self.log = log

    def visit_Name(self, node: cst.Name) -> None:
        self.log.append(node.value)


def _libcsts(run):
    """``run()`` with libcst's own batched visitor methods in place of cstpatch's."""
    patched = {
        name: vars(_BatchedCSTVisitor)[name] for name in cstpatch.LIBCST_BATCHED if name.startswith(("on_", "__init__"))
    }
    try:
        for name in patched:
            setattr(_BatchedCSTVisitor, name, cstpatch.LIBCST_BATCHED[name])
        return run()
    finally:
        for name, method in patched.items():
            setattr(_BatchedCSTVisitor, name, method)


MODULE = "import tensorflow as tf\nx = tf.constant(1)\nf(x).g(y, k=tf.nn.relu(x))\n"


@pytest.mark.parametrize("visitors", [(Recorder,), (Names,), (Names, Recorder)], ids=["hooks", "plain", "both"])
def test_the_same_calls_as_libcst(visitors) -> None:
    module = cst.parse_module(MODULE)

    def run() -> list:
        log: list = []
        before = lambda node: log.append(("before", type(node).__name__))  # noqa: E731
        after = lambda node: log.append(("after", type(node).__name__))  # noqa: E731
        cst.visit_batched(module, [v(log) for v in visitors], before_visit=before, after_leave=after)
        return log

    ours = run()
    assert ours == _libcsts(run)
    assert ("visit", "relu") in ours or "relu" in ours
    if Recorder in visitors:
        assert ours.count(("visit func", "Attribute")) == 3  # f(x).g, tf.constant, tf.nn.relu


def test_providers_give_libcsts_metadata() -> None:
    """Scopes, expression contexts and parents of a real program, with and without the patch."""
    text = (ROOT / "programs" / sorted(p.name for p in SOURCE)[0]).read_text(encoding="utf-8")
    module = cst.parse_module(text)

    def resolve():
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        found = wrapper.resolve_many([ScopeProvider, ExpressionContextProvider, ParentNodeProvider])
        scopes = found[ScopeProvider]
        return (
            {node: type(scope).__name__ for node, scope in scopes.items()},
            dict(found[ExpressionContextProvider]),
            dict(found[ParentNodeProvider]),
            sorted(
                (a.name, type(a.node).__name__, len(a.references))
                for scope in set(scopes.values())
                if scope is not None
                for a in scope.assignments
            ),
        )

    ours, theirs = resolve(), _libcsts(resolve)
    assert len(ours[0]) > 100
    assert ours == theirs
