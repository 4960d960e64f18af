"""cstpatch's dispatch for plain libcst transformers (the eager rewrite's passes): the same calls and the same tree as
libcst's own ``on_visit`` / ``on_leave``."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from tfmigrate import cstpatch

PROGRAMS = sorted((Path(__file__).resolve().parent / "programs").glob("*.py"))[:12]


class Renames(cst.CSTTransformer):
    """A visit that prunes (``False``), one that returns None, a leave that replaces and one that removes."""

    def __init__(self) -> None:
        self.log: list[tuple[str, str]] = []

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        self.log.append(("lambda", ""))
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.log.append(("visit", node.value))

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        self.log.append(("leave", original_node.value))
        return (
            updated_node.with_changes(value=updated_node.value + "_") if original_node.value == "tf" else updated_node
        )

    def leave_Pass(self, original_node: cst.Pass, updated_node: cst.Pass):
        return cst.RemoveFromParent()


def _run(source: str) -> tuple[str, list]:
    visitor = Renames()
    return cst.parse_module(source).visit(visitor).code, visitor.log


def _libcsts(source: str) -> tuple[str, list]:
    patched = {name: vars(cst.CSTTransformer)[name] for name in cstpatch.LIBCST_TRANSFORMER}
    try:
        for name, method in cstpatch.LIBCST_TRANSFORMER.items():
            setattr(cst.CSTTransformer, name, method)
        return _run(source)
    finally:
        for name, method in patched.items():
            setattr(cst.CSTTransformer, name, method)


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda p: p.name)
def test_a_transformer_makes_the_same_calls_and_tree_as_libcst_s_dispatch(path: Path) -> None:
    source = path.read_text(encoding="utf-8") + "f = lambda tf: tf\nif tf:\n    pass\n    x = 1\n"
    assert _run(source) == _libcsts(source)


def test_a_transformer_class_made_per_call_keeps_its_tables_itself() -> None:
    def made() -> type:
        class Local(cst.CSTTransformer):
            def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
                return updated_node.with_changes(value="y")

        return Local

    local = made()
    assert cst.parse_module("x = 1\n").visit(local()).code == "y = 1\n"
    assert "_tfm_hooks_leave_" in vars(local)
    assert "_tfm_hooks_leave_" not in vars(cst.CSTTransformer)
