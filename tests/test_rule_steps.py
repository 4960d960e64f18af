"""A rule step tests/rule_steps.py replays leaves the migration exactly as making it does, on every engine path."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import fixture_migrations
import pytest
import rule_steps

from tfmigrate import engine
from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

FIXTURES = Path(__file__).parent / "fixtures"
# An eager rewrite with a branch kept because it never runs (NEVER_RUN in the scratch), a graph-tier fallback with
# follow-ups, a file several rules act on, a private import (TFM001 plans range edits: never replayed) and a file
# no rule changes.
CASES = [
    "TFM201/eager_constant_false_branch",
    "ALL/ckpt_graph_fallback",
    "ALL/compat_v1_script",
    "TFM001/deep_paths",
    "ALL/tf2_keras_noop",
]
PATHS = [(edits, gates) for edits in (True, False) for gates in (True, False)]


def _result(source: str, options: Options, name: str, edits: bool, gates: bool, store: Path | None = None):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "EDITS", edits)
        patch.setattr(engine, "SEMANTIC_GATES", gates)
        if store is not None:
            rule_steps.install(patch, store)
        result = migrate_source(source, options, name)
    return dataclasses.astuple(result)


@pytest.mark.parametrize("case", CASES)
def test_a_replayed_step_leaves_what_making_it_left(case: str, tmp_path: Path, monkeypatch) -> None:
    path = FIXTURES / f"{case}.before.py"
    source, options = path.read_text(encoding="utf-8"), Options()
    monkeypatch.setattr(rule_steps, "_made", {})
    made = {switches: _result(source, options, path.name, *switches) for switches in PATHS}
    first = _result(source, options, path.name, True, True, tmp_path)  # made, and kept in the store
    assert first == made[True, True]
    monkeypatch.setattr(rule_steps, "_made", {})  # another worker: read from the store
    for switches in PATHS:
        assert _result(source, options, path.name, *switches, tmp_path) == made[switches], switches


def test_tfm201s_step_on_the_file_as_read_is_made_once_and_a_planning_rules_every_time(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(rule_steps, "_made", {})
    eager = FIXTURES / "TFM201" / "eager_constant_false_branch.before.py"
    source = eager.read_text(encoding="utf-8")
    made = {switches: _result(source, Options(), eager.name, *switches) for switches in PATHS}
    assert _result(source, Options(), eager.name, True, True, tmp_path) == made[True, True]
    assert len(list(tmp_path.glob("*.pickle"))) == 1
    run = engine._run

    def never_tfm201_again(rule, tree, context, options):
        assert rule.CODE != "TFM201" or tree.made_by, "TFM201's step was made again"
        return run(rule, tree, context, options)

    monkeypatch.setattr(engine, "_run", never_tfm201_again)
    for switches in PATHS:
        assert _result(source, Options(), eager.name, *switches, tmp_path) == made[switches], switches
    private = FIXTURES / "TFM001" / "deep_paths.before.py"
    _result(private.read_text(encoding="utf-8"), Options(select=("TFM001",)), private.name, False, True, tmp_path)
    assert len(list(tmp_path.glob("*.pickle"))) == 1


def test_a_step_made_by_other_code_is_made_again(tmp_path, monkeypatch) -> None:
    """The key holds a hash of tfmigrate's files: a run store kept from a run of other code replays nothing."""
    monkeypatch.setattr(rule_steps, "_made", {})
    eager = FIXTURES / "TFM201" / "eager_constant_false_branch.before.py"
    source = eager.read_text(encoding="utf-8")
    made = _result(source, Options(), eager.name, True, True)
    assert _result(source, Options(), eager.name, True, True, tmp_path) == made
    assert len(list(tmp_path.glob("*.pickle"))) == 1
    monkeypatch.setattr(rule_steps, "_made", {})
    monkeypatch.setattr(rule_steps, "code_hash", lambda: "another version of tfmigrate")
    assert _result(source, Options(), eager.name, True, True, tmp_path) == made
    assert len(list(tmp_path.glob("*.pickle"))) == 2


def test_the_code_hash_covers_the_package_and_is_made_once() -> None:
    assert rule_steps.code_hash() is rule_steps.code_hash()
    assert len(rule_steps.code_hash()) == 64


def test_a_fixture_migration_made_by_other_code_is_made_again(tmp_path, monkeypatch) -> None:
    """tests/fixture_migrations.py's key holds the same hash: its run store replays nothing other code made."""
    monkeypatch.setenv(fixture_migrations.RUN_STORE_ENV, str(tmp_path))
    monkeypatch.setattr(fixture_migrations, "_made", {})
    monkeypatch.setattr(rule_steps, "_made", {})
    noop = FIXTURES / "ALL" / "tf2_keras_noop.before.py"
    source = noop.read_text(encoding="utf-8")
    made = fixture_migrations.migrate(source, Options(), noop.name)
    made_here = tmp_path / "fixture-migrations"
    assert len(list(made_here.glob("*.pickle"))) == 1
    monkeypatch.setattr(fixture_migrations, "_made", {})
    monkeypatch.setattr(rule_steps, "code_hash", lambda: "another version of tfmigrate")
    assert fixture_migrations.migrate(source, Options(), noop.name) == made
    assert len(list(made_here.glob("*.pickle"))) == 2
