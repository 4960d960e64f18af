"""Rules' ``needs`` gates and the libcst dispatch patches: faster, and never a different result."""

from __future__ import annotations

import ast
from pathlib import Path

import fixture_migrations
import libcst as cst
import libcst.matchers as m
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from libcst.codemod import CodemodContext
from test_properties import SETTINGS, TF_IMPORTS, TF_STATEMENTS, compiles, programs

from tfmigrate import engine
from tfmigrate.facts import read
from tfmigrate.ftypes import Options, SourceError
from tfmigrate.transforms import all_transforms
from tfmigrate.transforms.base import Transform

ROOT = Path(__file__).resolve().parents[1]


def outcome(text: str, options: Options, gates: bool, monkeypatch) -> tuple:
    monkeypatch.setattr(engine, "SEMANTIC_GATES", gates)
    try:
        result = engine.migrate_text(text, options, "case.py")
    except SourceError as err:
        return ("failed", str(err))
    return (result.text, result.changes, result.followups)


RULES = {rule.CODE: rule for rule in all_transforms()}


def gate_can_skip(path: Path, code: str) -> bool:
    """With one rule selected, the gates decide one thing: whether that rule runs. Where its gate lets it run, the
    gated and the ungated migration are the same computation (the ``engine.migrate_text`` path differs only in the
    ``needs`` checks), so comparing them could not fail and only cost two migrations (TFM201's proof: about a
    second each). Where the gate skips the rule, the rule run without the gate must change and report nothing."""
    options = Options(select=(code,))
    try:
        known = read(ast.parse(path.read_text(encoding="utf-8")))
    except (SyntaxError, ValueError):
        return True  # not read here: compare the two runs
    rule = RULES[code]
    return not (rule.needs(known) or rule.required(options))


CASES = [
    pytest.param(path, code, id=f"{path.parent.name}/{path.stem}-{code or 'all'}")
    for path in sorted((ROOT / "tests" / "fixtures").glob("*/*.before.py")) + sorted((ROOT / "examples").glob("*.py"))
    # sorted: every pytest-xdist worker must collect the same tests in the same order
    for code in sorted({None, path.parent.name if path.parent.parent.name == "fixtures" else None} - {"ALL"}, key=str)
    if code is None or gate_can_skip(path, code)
]


# The fixtures' migrations go through tests/fixture_migrations.py: the gated run is the one tests/test_fixtures.py
# and tests/test_engine_edits.py make too, made once per run.
@pytest.mark.parametrize(("path", "code"), CASES)
def test_gates_change_nothing_on_the_fixtures(path: Path, code: str | None) -> None:
    text = path.read_text(encoding="utf-8")
    options = Options(select=(code,)) if code else Options()
    assert fixture_migrations.outcome(text, options, path.name, gates=True) == fixture_migrations.outcome(
        text, options, path.name, gates=False
    )


@pytest.mark.parametrize("rule", all_transforms(), ids=lambda r: r.CODE)
def test_each_rule_needs_its_own_example(rule: type[Transform]) -> None:
    assert rule.needs(read(ast.parse(rule.BEFORE)))


@SETTINGS
@given(programs, st.lists(st.sampled_from(TF_IMPORTS), min_size=1, max_size=3), st.data())
def test_gates_change_nothing_on_generated_programs(program: str, imports: list[str], data) -> None:
    statements = "".join(data.draw(st.lists(st.sampled_from(TF_STATEMENTS), min_size=1, max_size=6)))
    source = "".join(imports) + program + "\n" + statements
    assume(compiles(source))
    with pytest.MonkeyPatch.context() as patch:
        assert outcome(source, Options(), True, patch) == outcome(source, Options(), False, patch)


TF_LIBRARY_FILE = '''"""Shaped like TensorFlow's own sources: relative and public TF2 names only."""
import tensorflow as tf
from . import array_ops


def double(x: tf.Tensor) -> tf.Tensor:
    """Uses tf.Session and tf.placeholder in prose only."""
    return array_ops.identity(tf.nn.relu(tf.add(x, x)))
'''


def test_a_file_no_rule_needs_is_never_parsed_by_libcst(monkeypatch) -> None:
    def refuse(text):
        raise AssertionError("libcst parsed a file no rule needs")

    monkeypatch.setattr(engine, "parse", refuse)
    result = engine.migrate_text(TF_LIBRARY_FILE, Options(), "ops.py")
    assert result.text == TF_LIBRARY_FILE and not result.changes and not result.followups
    monkeypatch.setattr(engine, "SEMANTIC_GATES", False)
    # without gates TFM101 still reads the ast model only (tests/test_engine_edits.py); its libcst rule parses
    # the file, inside the rule's own error handling
    assert engine.migrate_text(TF_LIBRARY_FILE, Options(), "ops.py").text == TF_LIBRARY_FILE
    monkeypatch.setattr(engine, "EDITS", False)
    with pytest.raises((AssertionError, SourceError), match="libcst parsed"):
        engine.migrate_text(TF_LIBRARY_FILE, Options(), "ops.py")


def test_later_rules_see_the_names_an_earlier_rule_wrote() -> None:
    """TFM003 turns a private import into ``tf.compat.v1`` names: TFM102 must see them and switch graph mode (the
    graph tier is asked for: by default TFM201 turns this small program into eager code)."""
    source = (
        "from tensorflow.python.client import session\n"
        "from tensorflow.python.ops import array_ops\n"
        "x = array_ops.placeholder('float32', [None])\n"
        "with session.Session() as sess:\n"
        "    print(sess.run(x, feed_dict={x: [1.0]}))\n"
    )
    result = engine.migrate_text(source, Options(keep_graph_mode=True), "graph.py")
    assert "disable_v2_behavior()" in result.text
    assert {c.code for c in result.changes} >= {"TFM003", "TFM102"}


class _AttributeHooks(cst.CSTVisitor):
    def __init__(self) -> None:
        self.seen: list[str] = []

    def visit_Call_func(self, node: cst.Call) -> None:
        self.seen.append("visit func")

    def leave_Call_args(self, node: cst.Call) -> None:
        self.seen.append("leave args")

    def visit_Name(self, node: cst.Name) -> None:
        self.seen.append(node.value)


def test_visitors_with_attribute_hooks_still_get_them() -> None:
    visitor = _AttributeHooks()
    cst.parse_module("f(x)\n").visit(visitor)
    assert visitor.seen == ["visit func", "f", "x", "leave args"]


class _Decorated(Transform):
    CODE = "TEST"

    @m.call_if_inside(m.Call(func=m.Name("keep")))
    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return updated_node.with_changes(value=updated_node.value.upper())


def test_transforms_with_matcher_decorators_keep_libcst_dispatch() -> None:
    rule = _Decorated(CodemodContext())
    assert not rule._direct
    out = rule.transform_module(cst.parse_module("keep(a)\nother(b)\n"))
    assert out.code == "KEEP(A)\nother(b)\n"
