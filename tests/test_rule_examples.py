"""Each rule's BEFORE/AFTER example (shown by --explain) is real: the rule turns one into the other."""

from __future__ import annotations

import textwrap

import pytest

from tfmigrate import Options, migrate_source
from tfmigrate.transforms import all_transforms

RULES = all_transforms()


@pytest.mark.parametrize("rule", RULES, ids=[r.CODE for r in RULES])
def test_rule_is_documented(rule) -> None:
    assert rule.CODE.startswith("TFM") and len(rule.CODE) == 6
    assert rule.NAME and rule.SUMMARY
    doc = textwrap.dedent(rule.__doc__ or "")
    for section in ("What it does", "Why", "Example", "Use instead"):
        assert section in doc, f"{rule.CODE} docstring lacks {section!r}"
    assert rule.BEFORE and rule.AFTER and rule.BEFORE != rule.AFTER


@pytest.mark.parametrize("rule", RULES, ids=[r.CODE for r in RULES])
def test_rule_example_is_what_the_rule_does(rule) -> None:
    result = migrate_source(rule.BEFORE, Options(select=(rule.CODE,)))
    assert result.migrated == rule.AFTER
