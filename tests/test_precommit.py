"""The hooks in .pre-commit-hooks.yaml, run by pre-commit itself against a temporary git repository.

pre-commit builds the hook's virtualenv by pip-installing tfmigrate from a git repository (its dependencies
come from PyPI). The project's working tree is copied into a fresh repository first, so the test checks the
files as they are now, committed or not. Each install takes about 30 s.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from timeouts import limit

ROOT = Path(__file__).resolve().parents[1]
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
TF1 = "import tensorflow as tf\n\nwith tf.Session() as sess:\n    print(sess.run(tf.constant(1)))\n"
GIT = ["git", "-c", "user.name=tfmigrate-test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"]


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        [*GIT, *args], cwd=cwd, check=True, capture_output=True, text=True, timeout=limit(60)
    ).stdout.strip()


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    repo = tmp_path_factory.mktemp("hooks-repo")
    for name in ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, repo / name)
    shutil.copytree(ROOT / "tfmigrate", repo / "tfmigrate", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "tfmigrate as it is now", cwd=repo)
    return repo, git("rev-parse", "HEAD", cwd=repo)


@pytest.fixture
def project(tmp_path) -> Path:
    work = tmp_path / "project"
    work.mkdir()
    (work / "train.py").write_text(TF1)
    (work / "notes.txt").write_text("tf.Session is not Python here\n")
    git("init", "-q", cwd=work)
    git("add", "-A", cwd=work)
    return work


def env(tmp_path: Path) -> dict:
    return dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), PRE_COMMIT_COLOR="never")


def test_manifest_declares_both_hooks():
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"tfmigrate", "tfmigrate-check"}
    assert hooks["tfmigrate-check"]["entry"].split()[:2] == ["tfmigrate", "--check"]
    assert "--check" not in hooks["tfmigrate"]["entry"]
    assert all("jupyter" in hook["types_or"] and "python" in hook["types_or"] for hook in hooks.values())


def test_try_repo_check_hook_fails_on_tf1_code_and_writes_nothing(hook_repo, project, tmp_path):
    repo, _ = hook_repo
    out = subprocess.run(
        [*PRE_COMMIT, "try-repo", str(repo), "tfmigrate-check", "--all-files"],
        cwd=project,
        env=env(tmp_path),
        capture_output=True,
        text=True,
        timeout=limit(600),
        check=False,
    )
    assert out.returncode == 1, out.stdout + out.stderr
    assert "would migrate train.py" in out.stdout
    assert (project / "train.py").read_text() == TF1


def test_fix_hook_migrates_then_check_hook_passes(hook_repo, project, tmp_path):
    repo, rev = hook_repo
    config = {"repos": [{"repo": str(repo), "rev": rev, "hooks": [{"id": "tfmigrate"}, {"id": "tfmigrate-check"}]}]}
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    git("add", ".pre-commit-config.yaml", cwd=project)
    first = subprocess.run(
        [*PRE_COMMIT, "run", "--all-files"],
        cwd=project,
        env=env(tmp_path),
        capture_output=True,
        text=True,
        timeout=limit(600),
        check=False,
    )
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    migrated = (project / "train.py").read_text()
    assert migrated != TF1 and "Session" not in migrated
    git("add", "-A", cwd=project)
    second = subprocess.run(
        [*PRE_COMMIT, "run", "--all-files"],
        cwd=project,
        env=env(tmp_path),
        capture_output=True,
        text=True,
        timeout=limit(600),
        check=False,
    )
    assert second.returncode == 0, second.stdout + second.stderr
    assert (project / "train.py").read_text() == migrated
