"""The library API: one result per file, in sorted order, for the CLI, the tests and anyone who imports tfmigrate."""

from __future__ import annotations

import ctypes
import enum
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

from tfmigrate.cache import Cache, Run
from tfmigrate.diffing import unified_diff
from tfmigrate.discovery import Target, discover
from tfmigrate.engine import migrate_text
from tfmigrate.fileio import atomic_write, read_source
from tfmigrate.ftypes import FileResult, Options, SourceError, Status
from tfmigrate.notebooks import is_notebook, process_notebook


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
    status = Status.SKIPPED if outcome.skipped else Status.CHANGED if outcome.text != source else Status.UNCHANGED
    return FileResult(path, status, outcome.changes, outcome.followups, original=source, migrated=outcome.text)


def process_target(target: Target, options: Options, mode: Mode, cache: Cache | None = None) -> FileResult:
    """Read, migrate and (in write mode) atomically replace one file; every failure becomes a FAILED result."""
    if is_notebook(target.path):
        return process_notebook(target, options, mode)
    path = target.path
    try:
        source = read_source(path)
        try:
            outcome = migrate_text(source.text, options, target.display)
        except SourceError as err:
            return FileResult(
                Path(target.display), Status.FAILED, error=err.reason, error_line=err.line, digest=source.digest
            )
        result = FileResult(
            Path(target.display),
            Status.SKIPPED if outcome.skipped else Status.CHANGED if outcome.text != source.text else Status.UNCHANGED,
            outcome.changes,
            outcome.followups,
            digest=source.digest,
        )
        if result.changed:
            if mode is Mode.DIFF:
                result.migrated = unified_diff(source.text, outcome.text, target.display)
            if cache is not None:
                cache.store_blob(source.digest, outcome.text, result.migrated, target.display)
            if mode is Mode.WRITE:
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


def _worker_init(parent: int) -> None:
    """Ctrl-C is the parent's to handle (it stops the pool); SIGTERM from the pool exits quietly, after
    ``atomic_write`` has removed its temporary file; a worker whose parent died is told to stop too."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_quietly)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        raise SystemExit(0)


def _exit_quietly(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def migrate_paths(
    paths: Iterable[str | Path],
    options: Options | None = None,
    mode: Mode = Mode.DIFF,
    jobs: int | None = None,
    exclude: Iterable[str] = (),
    cache: Cache | None = None,
    skip: Callable[[Path], bool] | None = None,
    on_targets: Callable[[list[Target]], None] | None = None,
) -> Iterator[FileResult]:
    """Yield one FileResult per discovered file, in sorted path order whatever ``jobs`` is.

    In DIFF mode ``FileResult.migrated`` holds the unified diff of a changed file; nothing is written unless
    ``mode`` is WRITE. ``skip`` drops paths (a project's configured excludes); ``on_targets`` is told the
    files found before any is processed (for a progress bar, or to write interactively accepted ones).
    """
    options = options or Options()
    targets = list(discover(paths, exclude, clean_temp=mode is Mode.WRITE, skip=skip))
    if on_targets is not None:
        on_targets(targets)
    if cache is None:
        yield from _process_all(targets, options, mode, jobs, None)
        return
    run = Run(cache, mode.value, options)
    hits = run.hits(targets)
    computed = _process_all([t for i, t in enumerate(targets) if i not in hits], options, mode, jobs, cache)
    try:
        for i in range(len(targets)):
            result = hits.get(i) or next(computed)
            run.record(result)
            yield result
    finally:
        computed.close()
        run.save()


def _process_all(
    targets: list[Target], options: Options, mode: Mode, jobs: int | None, cache: Cache | None
) -> Iterator[FileResult]:
    work = partial(process_target, options=options, mode=mode, cache=cache)
    jobs = max(1, jobs or default_jobs())
    if jobs == 1 or len(targets) < 2:
        yield from map(work, targets)
        return
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    # Largest files first, so one big file met at the end does not leave the other workers idle; results
    # are put back in path order before they are yielded.
    order = sorted(range(len(targets)), key=lambda i: -_size(targets[i]))
    chunksize = max(1, min(8, len(targets) // (jobs * 16)))
    pending: dict[int, FileResult] = {}
    upcoming = 0
    with context.Pool(min(jobs, len(targets)), initializer=_worker_init, initargs=(os.getpid(),)) as pool:
        items = ((i, targets[i]) for i in order)
        for i, result in pool.imap_unordered(partial(_indexed, work), items, chunksize=chunksize):
            pending[i] = result
            while upcoming in pending:
                yield pending.pop(upcoming)
                upcoming += 1


def _indexed(work: Callable[[Target], FileResult], item: tuple[int, Target]) -> tuple[int, FileResult]:
    return item[0], work(item[1])


def _size(target: Target) -> int:
    try:
        return target.path.stat().st_size
    except OSError:
        return 0
