"""The library API: one result per file, in sorted order, for the CLI, the tests and anyone who imports tfmigrate."""

from __future__ import annotations

import contextlib
import ctypes
import enum
import functools
import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from tfmigrate import newfiles, runfacts, siblings, write_journal
from tfmigrate.cache import Cache, Run, blob_key, run_facts
from tfmigrate.diffing import unified_diff
from tfmigrate.discovery import Target, discover
from tfmigrate.engine import migrate_text
from tfmigrate.fileio import atomic_write, read_source
from tfmigrate.ftypes import FileResult, Options, SourceError, Status
from tfmigrate.notebooks import is_notebook, process_notebook
from tfmigrate.transforms import selected


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
                cache.store_blob(
                    blob_key(source.digest, run_facts(options)), outcome.text, result.migrated, target.display
                )
            if mode is Mode.WRITE:
                write_journal.record(source, outcome.text, result)
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


def _worker_init(parent: int, journal: str) -> None:
    """Ctrl-C is the parent's to handle (it stops the pool); SIGTERM from the pool exits quietly, after
    ``atomic_write`` has removed its temporary file. A worker whose parent died is killed outright: a
    SIGTERM could land where the executor turns the exit into a result and go back to waiting for work that
    never comes. Writes are atomic renames, so a killed worker leaves whole files, and the next run removes
    its temporary file. Each write is recorded in the pool's ``journal`` first (tfmigrate.write_journal)."""
    write_journal.use_in_worker(journal)
    gc.set_threshold(*RUN_GC_THRESHOLDS)  # the worker only migrates: for its whole life
    gc.freeze()  # what it inherited (see _earlier_objects_frozen)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_quietly)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
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
    new_files: bool = True,
) -> Generator[FileResult, None, None]:
    """Yield one FileResult per discovered file, in sorted path order whatever ``jobs`` is.

    In DIFF mode ``FileResult.migrated`` holds the unified diff of a changed file; nothing is written unless
    ``mode`` is WRITE. ``skip`` drops paths (a project's configured excludes); ``on_targets`` is told the
    files found before any is processed (for a progress bar, or to write interactively accepted ones).
    ``new_files``: the run may add a module that several files share (TFM308's MNIST stand-in); its result
    (``created``) comes after the others, and in WRITE mode the module is written before any file that imports it.
    """
    options = options or Options()
    paths = list(paths)  # read again by the sibling pre-pass (the run's directories are its tree)
    targets = list(discover(paths, exclude, clean_temp=mode is Mode.WRITE, skip=skip))
    if on_targets is not None:
        on_targets(targets)
    mnist: list[tuple[str, Path, str]] | None = [] if new_files and _runs("TFM308", options) else None
    programs: list[tuple[str, Path, str]] | None = [] if _runs("TFM201", options) else None
    facts: dict[str, dict[str, Any]] = {
        d: {"run_paths": f} for d, f in run_paths(targets, options, mnist, programs).items()
    }
    for display, given in sibling_facts(programs or [], paths, [t.path for t in targets]).items():
        facts.setdefault(display, {})["run_siblings"] = given
    added = newfiles.add_shared(mnist, options, mode.value, facts, cache) if mnist else []
    if cache is None:
        yield from _process_all(targets, options, mode, jobs, None, facts)
        yield from added
        return
    run = Run(cache, mode.value, options)
    run.run_paths = {Path(display).as_posix(): run_facts(replace(options, **f)) for display, f in facts.items()}
    hits = run.hits(targets)
    computed = _process_all([t for i, t in enumerate(targets) if i not in hits], options, mode, jobs, cache, facts)
    try:
        for i in range(len(targets)):
            result = hits.get(i) or next(computed)
            run.record(result)
            yield result
        yield from added
    finally:
        computed.close()
        run.save()


def run_paths(
    targets: list[Target], options: Options, mnist: list | None = None, programs: list | None = None
) -> dict[str, tuple]:
    """The run-level pre-pass (tfmigrate.runfacts): which saved file names every file of the run renames
    together. Only when TFM307 runs; most files are read but not parsed (tfmigrate.runfacts.collect). The same
    read gathers into ``mnist`` (unless None) the scripts that mention the MNIST tutorial module, and into
    ``programs`` (unless None) the scripts that open a Session (tfmigrate.siblings)."""
    sources = _sources(targets, mnist, programs)
    if not _runs("TFM307", options):
        deque(sources if mnist is not None or programs is not None else (), maxlen=0)
        return {}
    return runfacts.collect(sources)  # reads every file, so the other pre-passes see them all


def sibling_facts(
    programs: list[tuple[str, Path, str]], paths: Iterable[str | Path], files: Iterable[Path] = ()
) -> dict[str, tuple]:
    """display -> the verdicts on the functions each Session program imports from its tree (tfmigrate.siblings),
    and the attributes the modules of the run (``files``) and beside it that import it read, from the files as they
    are before any is written."""
    reader = siblings.Reader((Path(p) for p in paths), files)
    found = {display: reader.facts(path, text) + reader.readers(path) for display, path, text in programs}
    return {display: given for display, given in found.items() if given}


def _runs(code: str, options: Options) -> bool:
    return any(r.CODE == code and r.active(options) for r in selected(options.select, options.ignore))


def _sources(
    targets: list[Target], mnist: list | None = None, programs: list | None = None
) -> Iterator[tuple[str, str, bool]]:
    for target in targets:
        try:
            text, notebook = read_source(target.path).text, is_notebook(target.path)
        except (SourceError, OSError):
            continue
        if mnist is not None and not notebook and runfacts.MNIST in text:
            mnist.append((target.display, target.path, text))
        if programs is not None and not notebook and any(word in text for word in siblings.TRIGGERS):
            programs.append((target.display, target.path, text))
        yield target.display, text, notebook


def _process_in_run(target: Target, options: Options, mode: Mode, cache: Cache | None, facts: dict) -> FileResult:
    given = facts.get(target.display)
    return process_target(target, replace(options, **given) if given else options, mode, cache)


def _process_all(
    targets: list[Target], options: Options, mode: Mode, jobs: int | None, cache: Cache | None, facts: dict
) -> Generator[FileResult, None, None]:
    work = partial(_process_in_run, options=options, mode=mode, cache=cache, facts=facts)
    jobs = max(1, jobs or default_jobs())
    if jobs == 1 or len(targets) < 2:
        with _earlier_objects_frozen():
            for target in targets:
                with _fewer_collections():  # not across the yield: the caller's code between files runs with its own
                    result = work(target)
                yield result
        return
    sizes = [_size(t) for t in targets]
    order = _schedule(sizes)
    finished: dict[int, FileResult] = {}
    upcoming = 0
    for i, result in _run_pool(work, targets, order, min(jobs, len(targets))):
        finished[i] = result
        while upcoming in finished:
            yield finished.pop(upcoming)
            upcoming += 1


# Python's cyclic collector walks every young object in a pass, and migrating a file keeps its ast and libcst
# trees alive (and young) while it allocates: the passes walked those trees over and over, finding little until
# the file was done. A run collects once a file is done (``_between_files``: its trees are freed by then, so the
# pass walks only what outlives the file and the cycles it left), and within a file only past 300,000 new
# objects, a bound on the cycles a large file leaves behind. On the 0.1 corpus (391 files, one process) the
# collector took 2.4 CPU-s of 17 under (10_000, 20, 20), 0.8 s so; peak memory 195 -> 164 MB.
RUN_GC_THRESHOLDS = (300_000, 20, 100)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    previous = gc.get_threshold()
    gc.set_threshold(*RUN_GC_THRESHOLDS)
    try:
        yield
    finally:
        _between_files()
        gc.set_threshold(*previous)


def _between_files() -> None:
    """The young generation collected once a file is done, when its trees are garbage already."""
    if gc.isenabled():
        gc.collect(0)


@contextlib.contextmanager
def _earlier_objects_frozen() -> Iterator[None]:
    """For a run, the collector skips the objects that existed before it: the imported modules, their tables and
    memos, most of a process's objects and not garbage, which every full pass walked (a worker freezes what it
    inherited for its whole life). They are handed back when the run ends. Frozen once per run, not per file: a
    freeze also holds the cycles a file left that are not yet collected, and unfrozen they wait for a full pass.
    A caller that froze objects of its own (``gc.freeze`` before forking a server) is left to manage them:
    ``gc.unfreeze`` would hand back its objects too."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


BIG_FILE = 64 * 1024


def _schedule(sizes: list[int]) -> deque[int]:
    """The order files go to the workers.

    Big files go early and largest first, so one met near the end does not leave the other workers idle; but
    each is followed by at least as many bytes of small files, so that while one worker holds a big file's
    tree (hundreds of MB) the others work through small ones instead of building another: the run's memory
    is about one big file, not one per worker. Small files keep their path order, so results (put back in
    path order before they are yielded) still stream.
    """
    big = sorted((i for i, size in enumerate(sizes) if size >= BIG_FILE), key=lambda i: -sizes[i])
    small = deque(i for i, size in enumerate(sizes) if size < BIG_FILE)
    order: deque[int] = deque()
    for i in big:
        order.append(i)
        budget = sizes[i]
        while budget > 0 and small:
            budget -= max(sizes[small[0]], 1)
            order.append(small.popleft())
    order.extend(small)
    return order


WORKER_DIED = (
    "the worker process died while migrating this file (out of memory, or a crash in native code); file left untouched"
)


def _run_pool(
    work: Callable[[Target], FileResult], targets: list[Target], order: deque[int], jobs: int
) -> Iterator[tuple[int, FileResult]]:
    """Yield (index, result) as workers finish, never more than ``2 * jobs`` files in flight.

    A worker that dies (killed for memory, a crash in native code) breaks the whole executor, and with a
    plain ``multiprocessing.Pool`` the run would hang. Here the files that were in flight are retried one
    at a time in a fresh process, so only a file that kills its worker again is reported, and the run goes on;
    a file not yet submitted when the pool broke goes to the next pool as it is. A lost file that its worker
    had already written is not retried: the result its worker recorded before the write
    (tfmigrate.write_journal) is the one yielded, once the broken pool's workers are stopped.
    """
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    suspects: deque[int] = deque()
    with write_journal.directory() as journal:
        while order or suspects:
            alone = bool(suspects)
            if alone:
                i = suspects.popleft()
                written = write_journal.written(journal, targets[i].path)
                if written is not None:
                    yield i, written
                    continue
            queue = deque([i]) if alone else order
            executor = ProcessPoolExecutor(
                1 if alone else jobs, mp_context=context, initializer=_worker_init, initargs=(os.getpid(), journal)
            )
            in_flight: dict[Future, int] = {}
            broken = False
            try:
                while in_flight or (queue and not broken):
                    while queue and not broken and len(in_flight) < 2 * jobs:
                        i = queue.popleft()
                        try:
                            with _interrupt_deferred():
                                in_flight[executor.submit(_in_worker, work, targets[i])] = i
                        except BrokenProcessPool:  # a worker died since the last wait: i was never sent
                            broken = True
                            (suspects if alone else order).appendleft(i)
                    done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                    for future in done:
                        i = in_flight.pop(future)
                        try:
                            yield i, future.result()
                        except BrokenProcessPool:
                            broken = True
                            if alone:  # its one worker is the one that died
                                lost = write_journal.written(journal, targets[i].path)
                                yield i, lost or _failed(targets[i], WORKER_DIED)
                            else:
                                suspects.append(i)
                        except Exception as err:  # noqa: BLE001 - e.g. a result that cannot be pickled
                            yield i, _failed(targets[i], f"internal error ({err})")
            finally:
                _stop(executor, cleanly=not in_flight)


def _failed(target: Target, error: str) -> FileResult:
    return FileResult(Path(target.display), Status.FAILED, error=error)


@contextlib.contextmanager
def _interrupt_deferred() -> Iterator[None]:
    """Ctrl-C held back while the executor forks its workers (on the first submit): landing in an at-fork
    handler, the KeyboardInterrupt is printed as "Exception ignored" and lost, and the run goes on to the end.
    It is raised once the submit is done, where the run stops cleanly."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught and previous is not signal.SIG_IGN:
            if callable(previous):
                previous(signal.SIGINT, None)
            raise KeyboardInterrupt


def _in_worker(work: Callable[[Target], FileResult], target: Target) -> FileResult:
    try:
        return work(target)
    except SystemExit as stop:
        # SIGTERM (the run is being stopped, or the parent died): atomic_write has already removed its
        # temporary file on the way out; leave now rather than go back for more work.
        os._exit(stop.code if isinstance(stop.code, int) else 1)
    finally:
        if _size(target) >= BIG_FILE:
            _release_memory()
        else:
            _between_files()


def _release_memory() -> None:
    """A large file's syntax tree and analysis take hundreds of MB; once they are garbage, hand the pages back
    to the system (glibc keeps freed heap otherwise), so each worker's footprint is that of its current file."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        _libc().malloc_trim(0)


@functools.cache
def _libc():
    return ctypes.CDLL(None)


def _stop(executor: ProcessPoolExecutor, cleanly: bool) -> None:
    if cleanly:
        executor.shutdown(wait=True)
        return
    processes = list(getattr(executor, "_processes", {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(1)


def _size(target: Target) -> int:
    try:
        return target.path.stat().st_size
    except OSError:
        return 0
