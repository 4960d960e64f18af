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
while writing one leaves a truncated record, which reads as none (the file was not replaced yet either).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import replace
from pathlib import Path

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
