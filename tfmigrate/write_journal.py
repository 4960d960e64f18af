"""What a pool worker is about to write, recorded before it writes, so that a run whose pool breaks still reports
the files it wrote as written.

A worker that dies (killed for memory, a crash in native code) breaks the ``ProcessPoolExecutor``, which then
drops the results of every other file in flight, files their workers had already replaced among them. Migrated
again, such a file is TF2 by now and would come back UNCHANGED: its changes missing from the report, ``--check``
passing on a run that rewrote it. So before a pool worker replaces a file, it records the result it is about to
return and the digest of the bytes it is about to write. Before retrying a file the broken pool lost, the parent
looks it up: a file that holds the recorded bytes was written, and the recorded result is the one the user sees
(the file is neither migrated nor written a second time). A record whose write never happened (the worker died
in between) does not match the file, which is then retried as before.

Records are plain files, one per source file, in a directory that lives as long as the pool: a worker killed
while writing one leaves a truncated record, which reads as none (the file was not replaced yet either). A run
killed outright (SIGKILL, an out-of-memory kill of the group) cannot remove its directory; the kernel then releases
the lock the run held on it, and the next run's pool removes it (``directory``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; a killed run's directory stays, as it did before
    fcntl = None  # type: ignore[assignment]

from tfmigrate.fileio import SourceFile, digest, encode, read_regular
from tfmigrate.ftypes import FileResult

_directory: Path | None = None  # set in pool workers only: a run without a pool has no results to lose


def use_in_worker(directory: str | None) -> None:
    global _directory
    _directory = Path(directory) if directory else None


def record(source: SourceFile, text: str, result: FileResult) -> None:
    """Called just before ``atomic_write(source, text)``: ``result`` is what the caller returns once it wrote."""
    if _directory is None:
        return
    try:
        entry = (digest(encode(text, source)), replace(result, written=True))
        (_directory / _name(source.path)).write_bytes(pickle.dumps(entry))
    except (OSError, ValueError, pickle.PicklingError):
        pass  # nothing recorded: the write itself goes on (and reports its own failure, if any)


def written(directory: str, path: Path) -> FileResult | None:
    """The recorded result for ``path`` if the file now holds the bytes the record says were to be written."""
    try:
        want, result = pickle.loads((Path(directory) / _name(path)).read_bytes())
        current, _ = read_regular(path)
    except Exception:  # noqa: BLE001 - no record, a truncated one, or a file gone: nothing known to be written
        return None
    return result if digest(current) == want else None


def _name(path: Path) -> str:
    return hashlib.blake2b(os.fsencode(path), digest_size=16).hexdigest()


PREFIX = "tfmigrate-writes-"
# The lock file its run holds for as long as the directory is in use; a directory made by a tfmigrate without it
# (or by a run killed before it took its lock) is removed once it is this old.
OWNER = ".owner"
UNOWNED_AGE = 24 * 3600


@contextlib.contextmanager
def directory() -> Iterator[str]:
    """A journal directory for one run's pools, removed when they are done, Ctrl-C or not. Directories that killed
    runs left behind (their lock free again) are removed first."""
    remove_abandoned(Path(tempfile.gettempdir()))
    made = tempfile.mkdtemp(prefix=PREFIX)
    owner = None
    try:
        owner = _lock(made)
        yield made
    finally:
        if owner is not None:
            os.close(owner)
        shutil.rmtree(made, ignore_errors=True)


def _lock(made: str) -> int | None:
    """An exclusive lock on the directory's owner file, taken before the file has its name, so that another run
    never finds the file unlocked while this one lives. Pool workers forked later share it."""
    if fcntl is None:
        return None
    pending = os.path.join(made, OWNER + ".new")
    fd = os.open(pending, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.rename(pending, os.path.join(made, OWNER))
    except OSError:
        os.close(fd)
        return None
    return fd


def remove_abandoned(folder: Path, now: float | None = None) -> None:
    """Remove this user's journal directories in ``folder`` whose run is gone: its owner file's lock can be taken
    (the kernel released it when the run died), or, without an owner file, untouched for ``UNOWNED_AGE``."""
    if fcntl is None:
        return
    now = time.time() if now is None else now
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(PREFIX)]
    except OSError:
        return
    for entry in entries:
        try:
            if not entry.is_dir(follow_symlinks=False) or entry.stat().st_uid != os.getuid():
                continue
            if _abandoned(Path(entry.path), now):
                shutil.rmtree(entry.path, ignore_errors=True)
        except OSError:
            continue


def _abandoned(journal: Path, now: float) -> bool:
    try:
        fd = os.open(journal / OWNER, os.O_RDONLY)
    except FileNotFoundError:
        return now - journal.stat().st_mtime > UNOWNED_AGE
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # held: its run is alive
        return False
    finally:
        os.close(fd)  # the lock, if taken, goes with it
    return True
