"""Project-level promises: the README's commands are the ones CI runs, and its rule table is current."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import gen_readme_rules  # noqa: E402


def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command_word_for_word() -> None:
    commands = re.findall(r"```sh\n(.*?)\n```", readme(), re.S)
    test_command = next(c for c in commands if "pytest" in c)
    assert test_command in (ROOT / ".ci" / "run").read_text()


def test_readme_generated_sections_are_current() -> None:
    assert gen_readme_rules.render(readme()) == readme(), "run: python tools/gen_readme_rules.py"


def test_every_rule_has_a_fixture_directory() -> None:
    from tfmigrate.transforms import all_transforms

    fixtures = ROOT / "tests" / "fixtures"
    missing = [r.CODE for r in all_transforms() if not any((fixtures / r.CODE).glob("*.before.py"))]
    assert not missing, f"rules without before/after fixtures: {missing}"
