"""The library API: one result per file, in sorted order, for the CLI, the tests and anyone who imports tfmigrate."""

from __future__ import annotations

import enum
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path

from tfmigrate.diffing import unified_diff
from tfmigrate.discovery import Target, discover
from tfmigrate.engine import migrate_text
from tfmigrate.fileio import atomic_write, read_source
from tfmigrate.ftypes import FileResult, Options, SourceError, Status


class Mode(str, enum.Enum):
    WRITE = "write"
    DIFF = "diff"
    CHECK = "check"


def migrate_source(source: str, options: Options | None = None, filename: str = "<string>") -> FileResult:
    """Migrate source text held in memory; never raises for bad input (the result says FAILED and why)."""
    options = options or Options()
    path = Path(filename)
    try:
        outcome = migrate_text(source, options, filename)
    except SourceError as err:
        return FileResult(path, Status.FAILED, error=err.reason, error_line=err.line, original=source)
    status = Status.CHANGED if outcome.text != source else Status.UNCHANGED
    return FileResult(path, status, outcome.changes, outcome.followups, original=source, migrated=outcome.text)


def process_target(target: Target, options: Options, mode: Mode) -> FileResult:
    """Read, migrate and (in write mode) atomically replace one file; every failure becomes a FAILED result."""
    path = target.path
    try:
        source = read_source(path)
        outcome = migrate_text(source.text, options, target.display)
        result = FileResult(
            Path(target.display),
            Status.CHANGED if outcome.text != source.text else Status.UNCHANGED,
            outcome.changes,
            outcome.followups,
        )
        if result.changed:
            if mode is Mode.DIFF:
                result.migrated = unified_diff(source.text, outcome.text, target.display)
            elif mode is Mode.WRITE:
                atomic_write(source, outcome.text)
                result.written = True
        return result
    except SourceError as err:
        return FileResult(Path(target.display), Status.FAILED, error=err.reason, error_line=err.line)
    except OSError as err:
        return FileResult(Path(target.display), Status.FAILED, error=f"{err.strerror or err}")
    except Exception as err:  # noqa: BLE001 - one file's surprise must not stop the run
        return FileResult(Path(target.display), Status.FAILED, error=f"internal error ({type(err).__name__}: {err})")


def default_jobs() -> int:
    return os.cpu_count() or 1


def migrate_paths(
    paths: Iterable[str | Path],
    options: Options | None = None,
    mode: Mode = Mode.DIFF,
    jobs: int | None = None,
    exclude: Iterable[str] = (),
) -> Iterator[FileResult]:
    """Yield one FileResult per discovered file, in sorted path order whatever ``jobs`` is.

    In DIFF mode ``FileResult.migrated`` holds the unified diff of a changed file; nothing is written unless
    ``mode`` is WRITE.
    """
    options = options or Options()
    targets = list(discover(paths, exclude, clean_temp=mode is Mode.WRITE))
    work = partial(process_target, options=options, mode=mode)
    jobs = max(1, jobs or default_jobs())
    if jobs == 1 or len(targets) < 2:
        yield from map(work, targets)
        return
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    chunksize = max(1, min(32, len(targets) // (jobs * 8)))
    with context.Pool(min(jobs, len(targets))) as pool:
        yield from pool.imap(work, targets, chunksize=chunksize)
