"""The content-hash cache: a re-run over an unchanged tree is nearly free, and never stale or unsafe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PRIVATE, PUBLIC, invoke_cli

import tfmigrate.api as api
from tfmigrate import Options, Status, migrate_paths
from tfmigrate.api import Mode
from tfmigrate.cache import DIRNAME, Cache, fingerprint

BROKEN = "import tensorflow as tf\ndef f(:\n"
FOLLOWUP_SOURCE = "import tensorflow as tf\nsess = tf.Session()\nsess.run(tf.global_variables_initializer())\n"


def _tree(root: Path) -> Path:
    pkg = root / "pkg"
    pkg.mkdir()
    (pkg / "a.py").write_text(PRIVATE)
    (pkg / "b.py").write_text(PRIVATE + "other = Dense(4)\n")
    (pkg / "clean.py").write_text(PUBLIC)
    (pkg / "notf.py").write_text("import os\n")
    (pkg / "broken.py").write_text(BROKEN)
    (pkg / "session.py").write_text(FOLLOWUP_SOURCE)
    return pkg


def _summary(results):
    return [(r.path.as_posix(), r.status, r.changes, r.followups, r.error, r.error_line, r.migrated) for r in results]


@pytest.fixture
def no_engine(monkeypatch: pytest.MonkeyPatch):
    """After this, any file the cache does not answer for fails loudly: proves a warm run migrated nothing."""

    def refuse(*args, **kwargs):
        raise AssertionError("migrate_text called on a warm run")

    def arm():
        monkeypatch.setattr(api, "migrate_text", refuse)

    return arm


def test_warm_run_gives_identical_results_without_migrating(tmp_path: Path, no_engine) -> None:
    pkg = _tree(tmp_path)
    cache = Cache.open(Options(), tmp_path / "cache")
    cold = list(migrate_paths([pkg], Options(), Mode.DIFF, jobs=1, cache=cache))
    assert {r.status for r in cold} == {Status.CHANGED, Status.UNCHANGED, Status.FAILED}
    no_engine()
    warm = list(migrate_paths([pkg], Options(), Mode.DIFF, jobs=1, cache=cache))
    assert _summary(warm) == _summary(cold)
    assert all(r.digest for r in warm)


def test_warm_run_leaves_the_index_file_alone(tmp_path: Path) -> None:
    """Rewriting an unchanged index was most of a warm run's own time on a large tree."""
    pkg = _tree(tmp_path)
    cache = Cache.open(Options(), tmp_path / "cache")
    list(migrate_paths([pkg], Options(), Mode.DIFF, jobs=1, cache=cache))
    index = cache.directory / "index.json"
    before = (index.stat().st_mtime_ns, index.read_bytes())
    list(migrate_paths([pkg], Options(), Mode.DIFF, jobs=1, cache=cache))
    assert (index.stat().st_mtime_ns, index.read_bytes()) == before
    (pkg / "new.py").write_text(PRIVATE + "more = Dense(5)\n")
    list(migrate_paths([pkg], Options(), Mode.DIFF, jobs=1, cache=cache))
    assert index.read_bytes() != before[1]  # the new file's verdict is stored


def test_parallel_cold_run_fills_the_cache_too(tmp_path: Path, no_engine) -> None:
    pkg = _tree(tmp_path)
    cache = Cache.open(Options(), tmp_path / "cache")
    cold = list(migrate_paths([pkg], Options(), Mode.CHECK, jobs=2, cache=cache))
    no_engine()
    warm = list(migrate_paths([pkg], Options(), Mode.CHECK, jobs=2, cache=cache))
    assert _summary(warm) == _summary(cold)


def test_diff_from_cache_under_another_name_is_recomputed_for_that_name(tmp_path: Path, no_engine) -> None:
    pkg = _tree(tmp_path)
    cache = Cache.open(Options(), tmp_path / "cache")
    list(migrate_paths([pkg / "a.py"], Options(), Mode.DIFF, jobs=1, cache=cache))
    (pkg / "copy.py").write_text(PRIVATE)
    no_engine()
    (result,) = migrate_paths([pkg / "copy.py"], Options(), Mode.DIFF, jobs=1, cache=cache)
    assert result.status is Status.CHANGED
    assert f"--- a/{(pkg / 'copy.py').as_posix()}" in result.migrated
    assert "+from tensorflow.keras.layers import Dense" in result.migrated


def test_edited_file_is_migrated_again(tmp_path: Path) -> None:
    pkg = _tree(tmp_path)
    cache = Cache.open(Options(), tmp_path / "cache")
    list(migrate_paths([pkg], Options(), Mode.DIFF, jobs=1, cache=cache))
    (pkg / "clean.py").write_text(PRIVATE + "edited = 1\n")
    results = {r.path.name: r for r in migrate_paths([pkg], Options(), Mode.DIFF, jobs=1, cache=cache)}
    assert results["clean.py"].status is Status.CHANGED
    assert "+from tensorflow.keras.layers import Dense" in results["clean.py"].migrated


def test_write_from_cache_rereads_and_writes_the_same_bytes(tmp_path: Path, no_engine) -> None:
    pkg = _tree(tmp_path)
    cache = Cache.open(Options(), tmp_path / "cache")
    list(migrate_paths([pkg], Options(), Mode.DIFF, jobs=1, cache=cache))
    no_engine()
    results = {r.path.name: r for r in migrate_paths([pkg], Options(), Mode.WRITE, jobs=1, cache=cache)}
    assert results["a.py"].written
    assert (pkg / "a.py").read_text() == PUBLIC
    assert (pkg / "broken.py").read_text() == BROKEN


def test_file_edited_after_the_cached_run_is_not_written_from_cache(tmp_path: Path) -> None:
    pkg = _tree(tmp_path)
    cache = Cache.open(Options(), tmp_path / "cache")
    list(migrate_paths([pkg], Options(), Mode.DIFF, jobs=1, cache=cache))
    edited = PRIVATE + "extra = 1\n"
    (pkg / "a.py").write_text(edited)
    list(migrate_paths([pkg], Options(), Mode.WRITE, jobs=1, cache=cache))
    assert (pkg / "a.py").read_text() == PUBLIC + "extra = 1\n"


def test_filesystem_failures_are_not_cached(tmp_path: Path) -> None:
    pkg = _tree(tmp_path)
    target = pkg / "a.py"
    target.chmod(0o444)
    cache = Cache.open(Options(), tmp_path / "cache")
    first = {r.path.name: r for r in migrate_paths([pkg], Options(), Mode.WRITE, jobs=1, cache=cache)}
    assert first["a.py"].status is Status.FAILED and "read-only" in first["a.py"].error
    target.chmod(0o644)
    second = {r.path.name: r for r in migrate_paths([pkg], Options(), Mode.WRITE, jobs=1, cache=cache)}
    assert second["a.py"].written
    assert target.read_text() == PUBLIC


def test_other_options_use_another_key() -> None:
    assert fingerprint(Options()) != fingerprint(Options(select=("TFM001",)))
    assert fingerprint(Options()) != fingerprint(Options(annotate=True))
    assert fingerprint(Options()) == fingerprint(Options())


def test_changed_tfmigrate_code_invalidates(monkeypatch: pytest.MonkeyPatch) -> None:
    import tfmigrate.cache as cache_module

    before = fingerprint(Options())
    monkeypatch.setattr(cache_module, "code_digest", lambda: "a-different-build")
    assert fingerprint(Options()) != before


def test_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    pkg = _tree(tmp_path)
    cache = Cache.open(Options(), tmp_path / "cache")
    cold = list(migrate_paths([pkg], Options(), Mode.DIFF, jobs=1, cache=cache))
    (cache.directory / "index.json").write_text("{not json")
    for blob in (cache.directory / "blobs").iterdir():
        blob.write_text("\x00garbage")
    again = list(migrate_paths([pkg], Options(), Mode.DIFF, jobs=1, cache=cache))
    assert _summary(again) == _summary(cold)
    json.loads((cache.directory / "index.json").read_text())


def test_blob_missing_means_recompute(tmp_path: Path) -> None:
    pkg = _tree(tmp_path)
    cache = Cache.open(Options(), tmp_path / "cache")
    cold = list(migrate_paths([pkg], Options(), Mode.DIFF, jobs=1, cache=cache))
    for blob in (cache.directory / "blobs").iterdir():
        blob.unlink()
    again = list(migrate_paths([pkg], Options(), Mode.DIFF, jobs=1, cache=cache))
    assert _summary(again) == _summary(cold)


def test_unwritable_cache_location_does_not_fail_the_run(tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("")
    assert Cache.open(Options(), blocker / "cache") is None


def test_cli_uses_cache_in_working_directory_and_no_cache_bypasses_it(tmp_path: Path) -> None:
    pkg = _tree(tmp_path)
    first = invoke_cli("--diff", "pkg", cwd=tmp_path, env={"TFMIGRATE_CACHE_DIR": ""})
    cache_dir = tmp_path / DIRNAME
    assert cache_dir.is_dir(), first.stderr
    assert (cache_dir / ".gitignore").read_text().strip().endswith("*"), "the cache must never be committed"
    second = invoke_cli("--diff", "pkg", cwd=tmp_path, env={"TFMIGRATE_CACHE_DIR": ""})
    assert (first.returncode, first.stdout, first.stderr) == (second.returncode, second.stdout, second.stderr)
    other = tmp_path / "elsewhere"
    other.mkdir()
    third = invoke_cli("--diff", "--no-cache", str(pkg), cwd=other, env={"TFMIGRATE_CACHE_DIR": ""})
    assert not (other / DIRNAME).exists()
    assert third.returncode == first.returncode
    assert (pkg / "a.py").read_text() == PRIVATE


def test_cache_directory_is_not_migrated(tmp_path: Path) -> None:
    pkg = _tree(tmp_path)
    cache = Cache.open(Options(), pkg / DIRNAME)
    list(migrate_paths([pkg], Options(), Mode.DIFF, jobs=1, cache=cache))
    (pkg / DIRNAME / "planted.py").write_text(PRIVATE)
    names = {r.path.name for r in migrate_paths([pkg], Options(), Mode.DIFF, jobs=1)}
    assert "planted.py" not in names


def test_old_key_directories_are_pruned(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    for n in range(12):
        Cache.open(Options(select=(f"TFM00{n % 4}",), annotate=n >= 4, keep_compat_import=n >= 8), root)
    current = Cache.open(Options(), root)
    keys = [p for p in root.iterdir() if p.is_dir()]
    assert len(keys) <= 8
    assert current.directory in keys
