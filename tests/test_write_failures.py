"""A write that fails half-way (disk full, permission denied, I/O error) leaves the original intact and says so."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import PRIVATE, PUBLIC
from timeouts import limit

import tfmigrate.fileio as fileio
from tfmigrate import Options, Status, migrate_paths
from tfmigrate.api import Mode


def _oserror(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return fail


class _FailingHandle:
    """Stands in for the temporary file: the first write fills the disk."""

    def __init__(self, real, code: int) -> None:
        self.real = real
        self.code = code

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()
        return False

    def write(self, data):
        self.real.write(data[: len(data) // 2])
        raise OSError(self.code, os.strerror(self.code))

    def __getattr__(self, name):
        return getattr(self.real, name)


def _tree(root: Path) -> dict[str, bytes]:
    files = {"a.py": PRIVATE, "b.py": PRIVATE + "other = Dense(4)\n"}
    for name, text in files.items():
        (root / name).write_text(text)
    return {name: (root / name).read_bytes() for name in files}


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(fileio.TEMP_PREFIX))


def _patch_fdopen(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    real_fdopen = os.fdopen
    monkeypatch.setattr(fileio.os, "fdopen", lambda fd, *a, **k: _FailingHandle(real_fdopen(fd, *a, **k), code))


FAILURES = {
    "rename-ENOSPC": ("replace", errno.ENOSPC),
    "rename-EACCES": ("replace", errno.EACCES),
    "rename-EXDEV": ("replace", errno.EXDEV),
    "mkstemp-EACCES": ("mkstemp", errno.EACCES),
    "mkstemp-EROFS": ("mkstemp", errno.EROFS),
    "write-ENOSPC": ("write", errno.ENOSPC),
    "write-EDQUOT": ("write", errno.EDQUOT),
    "fsync-EIO": ("fsync", errno.EIO),
}


def _install(monkeypatch: pytest.MonkeyPatch, where: str, code: int) -> None:
    if where == "replace":
        monkeypatch.setattr(fileio.os, "replace", _oserror(code))
    elif where == "mkstemp":
        monkeypatch.setattr(fileio.tempfile, "mkstemp", _oserror(code))
    elif where == "fsync":
        monkeypatch.setattr(fileio.os, "fsync", _oserror(code))
    else:
        _patch_fdopen(monkeypatch, code)


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("case", sorted(FAILURES))
def test_failed_write_keeps_original_and_reports(tmp_path: Path, monkeypatch, case: str, jobs: int) -> None:
    where, code = FAILURES[case]
    before = _tree(tmp_path)
    _install(monkeypatch, where, code)
    results = list(migrate_paths([tmp_path], Options(), Mode.WRITE, jobs=jobs))
    assert [r.path.name for r in results] == ["a.py", "b.py"]
    for result in results:
        assert result.status is Status.FAILED
        assert not result.written
        assert os.strerror(code) in result.error
        assert (tmp_path / result.path.name).read_bytes() == before[result.path.name]
    assert _leftovers(tmp_path) == []


def test_only_the_failing_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _tree(tmp_path)
    real_replace = os.replace

    def replace_except_b(src, dst):
        if str(dst).endswith("b.py"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_replace(src, dst)

    monkeypatch.setattr(fileio.os, "replace", replace_except_b)
    results = {r.path.name: r for r in migrate_paths([tmp_path], Options(), Mode.WRITE, jobs=1)}
    assert results["a.py"].written and (tmp_path / "a.py").read_text() == PUBLIC
    assert results["b.py"].status is Status.FAILED
    assert (tmp_path / "b.py").read_bytes() == before["b.py"]
    assert _leftovers(tmp_path) == []


def test_interrupt_during_write_removes_the_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _tree(tmp_path)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(fileio.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        list(migrate_paths([tmp_path], Options(), Mode.WRITE, jobs=1))
    assert {n: (tmp_path / n).read_bytes() for n in before} == before
    assert _leftovers(tmp_path) == []


CLI_WITH_FULL_DISK = """
import errno, os, sys
import tfmigrate.fileio as fileio
def full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
fileio.os.replace = full
from tfmigrate.cli import main
sys.argv = ["tfmigrate", *sys.argv[1:]]
main()
"""


def test_cli_reports_full_disk_and_exits_1(tmp_path: Path) -> None:
    before = _tree(tmp_path)
    env = {**os.environ, "TFMIGRATE_CACHE_DIR": tempfile.mkdtemp(dir=tmp_path.parent)}
    proc = subprocess.run(
        [sys.executable, "-c", CLI_WITH_FULL_DISK, str(tmp_path)], capture_output=True, env=env, timeout=limit(300)
    )
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "Traceback" not in err
    assert "2 failed" in err
    assert f"{(tmp_path / 'a.py').as_posix()}: No space left on device" in err
    assert {n: (tmp_path / n).read_bytes() for n in before} == before
    assert _leftovers(tmp_path) == []
