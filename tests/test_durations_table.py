"""tests/durations.json, the unit times a run without pytest's cache (a clean clone, CI) starts the longest units by
(tests/conftest.py, tools/gen_durations.py)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import DURATIONS, longest_first, recorded_seconds

TESTS = Path(__file__).resolve().parent


def test_the_table_names_test_modules_and_their_seconds() -> None:
    table = json.loads(DURATIONS.read_text(encoding="utf-8"))
    assert len(table) >= 50
    assert all(unit.startswith("tests/test_") and seconds >= 1.0 for unit, seconds in table.items())
    modules = {unit.split("::", 1)[0] for unit in table}
    assert sum((TESTS.parent / module).is_file() for module in modules) >= 0.9 * len(modules)


def test_a_run_without_a_cache_starts_the_tables_longest_units_first() -> None:
    table = recorded_seconds(None)
    units = sorted(table) + ["tests/test_new.py::test_quick"]
    order = longest_first(units, table, set())
    assert order[0] == max(table, key=table.__getitem__) and order[-1] == "tests/test_new.py::test_quick"


def test_the_cache_overrides_the_table() -> None:
    unit = next(iter(json.loads(DURATIONS.read_text(encoding="utf-8"))))
    assert recorded_seconds({unit: 12345.0})[unit] == 12345.0
    assert recorded_seconds({"tests/test_x.py": 2.0})["tests/test_x.py"] == 2.0
