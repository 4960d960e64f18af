"""The checks contributors run before a commit (.pre-commit-config.yaml) are the ones CI runs (.ci/lint)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def _hooks() -> list[dict]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return [hook for repo in config["repos"] for hook in repo["hooks"]]


def test_hooks_run_local_tools_without_network() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    assert {hook["language"] for hook in _hooks()} == {"system"}


def test_hooks_and_ci_lint_run_the_same_commands() -> None:
    lint = (ROOT / ".ci" / "lint").read_text(encoding="utf-8")
    ci = set(re.findall(r"(ruff check|ruff format --check|mypy)\b", lint.splitlines()[-1]))
    hooks = {" ".join(w for w in hook["entry"].split() if w != "--force-exclude") for hook in _hooks()}
    assert ci == hooks == {"ruff check", "ruff format --check", "mypy"}


def test_ruff_hooks_skip_what_the_config_excludes() -> None:
    """pre-commit names the staged files, and ruff checks a named file unless told to apply its excludes."""
    for hook in _hooks():
        if hook["entry"].startswith("ruff"):
            assert "--force-exclude" in hook["entry"].split(), hook["id"]


def test_ci_install_brings_the_checkers() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    test_extra = {
        re.split(r"[<>=~ ;]", req, maxsplit=1)[0] for req in project["project"]["optional-dependencies"]["test"]
    }
    assert {"ruff", "mypy"} <= test_extra
