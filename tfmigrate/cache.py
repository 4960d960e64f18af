"""A content-hash cache, so that running tfmigrate again over a tree that has not changed costs almost nothing.

A verdict depends only on the bytes of a file and on what the run is asked to do, so the cache is keyed by
the file's content digest under a *fingerprint* of everything else that can change a verdict: the tfmigrate
version, the Python version (the parse check uses the running interpreter), the options, the selected rules
and the bytes of tfmigrate's own code and data tables (so editing a rule or regenerating a table never serves
a stale answer, even when the version number stays the same).

What is stored: for every file whose verdict came from its content alone, the status, changes, follow-ups and
(for a failure) the reason; for a file that would change, its migrated text and last diff in a separate blob.
Failures that depend on the filesystem (unreadable, changed during the run, read-only, a failed write) are
never stored. A file is never written from the cache without re-reading it: the lookup reads the current
bytes, and the write itself compares the digest once more right before the rename.

Nothing here may fail a run: a cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

from tfmigrate.diffing import unified_diff
from tfmigrate.fileio import SourceFile, atomic_write, decode, digest, read_regular
from tfmigrate.ftypes import Change, FileResult, FollowUp, Options, SourceError, Status

DIRNAME = ".tfmigrate_cache"
ENV_DIR = "TFMIGRATE_CACHE_DIR"
INDEX = "index.json"
FORMAT = 1
MAX_ENTRIES = 200_000
KEEP_KEYS = 8
GITIGNORE = "# Created by tfmigrate; safe to delete.\n*\n"
CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This file marks a tfmigrate cache directory.\n"


@cache
def code_digest() -> str:
    """The bytes of every module and data table of tfmigrate itself: a changed rule invalidates the cache."""
    root = Path(__file__).resolve().parent
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".json") and p.is_file()):
        h.update(path.relative_to(root).as_posix().encode())
        with contextlib.suppress(OSError):
            h.update(path.read_bytes())
    return h.hexdigest()


def fingerprint(options: Options) -> str:
    from tfmigrate import __version__
    from tfmigrate.transforms import selected

    parts = {
        "format": FORMAT,
        "version": __version__,
        "python": list(sys.version_info[:2]),
        "options": {f.name: repr(getattr(options, f.name)) for f in fields(options)},
        "rules": [r.CODE for r in selected(options.select, options.ignore)],
        "code": code_digest(),
    }
    return hashlib.blake2b(json.dumps(parts, sort_keys=True).encode(), digest_size=12).hexdigest()


def blob_key(content: str, run_paths: tuple = ()) -> str:
    """A file's verdict depends on its bytes and on the run facts it was given (tfmigrate.runfacts)."""
    if not run_paths:
        return content
    return hashlib.blake2b(f"{content}\0{json.dumps(run_paths)}".encode(), digest_size=16).hexdigest()


def run_facts(options: Options) -> tuple:
    """The run facts one file was given (``Options.run_paths``, ``run_mnist``, ``run_siblings``): what its cache key
    adds to its bytes. A file alone in its directory and the same file beside a second tutorial script get different
    verdicts; a program whose sibling module changed is analysed again."""
    mnist = (("TFM308", options.run_mnist, ""),) if options.run_mnist else ()
    return options.run_paths + mnist + options.run_siblings


def default_directory() -> Path:
    """``$TFMIGRATE_CACHE_DIR`` if set, else ``.tfmigrate_cache`` in the working directory (like ruff and mypy)."""
    env = os.environ.get(ENV_DIR)
    return Path(env) if env else Path.cwd() / DIRNAME


@dataclass(frozen=True)
class Entry:
    """What a content-determined run over one file produced."""

    status: str
    changes: list[list]
    followups: list[list]
    error: str | None = None
    error_line: int | None = None


def entry_of(result: FileResult) -> Entry:
    return Entry(
        result.status.value,
        [[c.line, c.code, c.message] for c in result.changes],
        [[f.line, f.code, f.message] for f in result.followups],
        result.error,
        result.error_line,
    )


def result_of(entry: Entry, display: str) -> FileResult:
    return FileResult(
        Path(display),
        Status(entry.status),
        [Change(*c) for c in entry.changes],
        [FollowUp(*f) for f in entry.followups],
        error=entry.error,
        error_line=entry.error_line,
    )


def _atomic_dump(path: Path, payload: object) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, separators=(",", ":"))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@dataclass(frozen=True)
class Cache:
    """One run's view of the cache: picklable (paths only), so worker processes can store blobs themselves.

    Blobs (migrated text and diff of a changed file) are written by the worker that computed them; the index
    of verdicts is loaded and saved by the main process only, once per run.
    """

    root: Path
    key: str

    @classmethod
    def open(cls, options: Options, directory: Path | None = None) -> Cache | None:
        root = directory or default_directory()
        try:
            cls._prepare(root)
            cache_dir = root / fingerprint(options)
            (cache_dir / "blobs").mkdir(parents=True, exist_ok=True)
            os.utime(cache_dir)
        except OSError:
            return None
        cls._prune_keys(root)
        return cls(root, cache_dir.name)

    @staticmethod
    def _prune_keys(root: Path) -> None:
        """Each tfmigrate version or option set gets its own directory; keep only the most recently used."""
        with contextlib.suppress(OSError):
            keys = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
            for stale in keys[KEEP_KEYS:]:
                shutil.rmtree(stale, ignore_errors=True)

    @staticmethod
    def _prepare(root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", GITIGNORE), ("CACHEDIR.TAG", CACHEDIR_TAG)):
            marker = root / name
            if not marker.exists():
                marker.write_text(text, encoding="utf-8")

    @property
    def directory(self) -> Path:
        return self.root / self.key

    def _blob_path(self, digest: str) -> Path:
        return self.directory / "blobs" / f"{digest}.json"

    def load_index(self) -> dict[str, Entry]:
        try:
            raw = json.loads((self.directory / INDEX).read_text(encoding="utf-8"))
            return {digest: Entry(*value) for digest, value in raw.items()}
        except (OSError, ValueError, TypeError):
            return {}

    def save_index(self, index: dict[str, Entry], seen: set[str]) -> None:
        """Write the index back; past MAX_ENTRIES, entries for contents not seen in this run are dropped."""
        if len(index) > MAX_ENTRIES:
            index = {d: e for d, e in index.items() if d in seen}
            self._prune_blobs(set(index))
        payload = {d: [e.status, e.changes, e.followups, e.error, e.error_line] for d, e in index.items()}
        with contextlib.suppress(OSError):
            _atomic_dump(self.directory / INDEX, payload)

    def _prune_blobs(self, keep: set[str]) -> None:
        with contextlib.suppress(OSError):
            for path in (self.directory / "blobs").iterdir():
                if path.stem not in keep:
                    with contextlib.suppress(OSError):
                        path.unlink()

    def load_memo(self, name: str) -> dict:
        """A rule's small table of per-content answers (TFM308's run pre-pass), kept beside the index."""
        try:
            memo = json.loads((self.directory / f"{name}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return memo if isinstance(memo, dict) else {}

    def save_memo(self, name: str, memo: dict) -> None:
        with contextlib.suppress(OSError):
            _atomic_dump(self.directory / f"{name}.json", dict(list(memo.items())[-MAX_ENTRIES:]))

    def store_blob(self, digest: str, migrated: str, diff: str | None, display: str) -> None:
        with contextlib.suppress(OSError):
            _atomic_dump(self._blob_path(digest), {"migrated": migrated, "diff": diff, "display": display})

    def load_blob(self, digest: str) -> dict | None:
        try:
            blob = json.loads(self._blob_path(digest).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return blob if isinstance(blob, dict) and isinstance(blob.get("migrated"), str) else None


class Run:
    """The cache as one run of ``migrate_paths`` uses it: answer what it can, record what the workers computed."""

    def __init__(self, cache: Cache, mode: str, options: Options) -> None:
        self.cache = cache
        self.mode = mode
        # With per-file-ignores the same bytes can get different verdicts at different paths.
        self.by_path = bool(getattr(options, "per_file_ignores", None))
        self.index = cache.load_index()
        self.seen: set[str] = set()
        self.dirty = False  # a re-run that only met stored verdicts leaves the index file as it is
        self.run_paths: dict[str, tuple] = {}  # display (posix) -> the run facts that file is given

    def hits(self, targets: list) -> dict[int, FileResult]:
        """Results for the targets whose current bytes have a stored verdict (each file is read here, now)."""
        if not self.index:
            return {}
        found = {}
        for i, target in enumerate(targets):
            result = self._hit(target)
            if result is not None:
                found[i] = result
        return found

    def _hit(self, target) -> FileResult | None:
        try:
            data, st = read_regular(target.path)  # a FIFO named like a source file must not block the lookup
        except SourceError:
            return None
        content = digest(data)
        key = self.key(content, Path(target.display).as_posix())
        entry = self.index.get(key)
        if entry is None:
            return None
        result = result_of(entry, target.display)
        result.digest = content
        if not result.changed or self.mode == "check":
            self.seen.add(key)
            return result
        blob = self.cache.load_blob(blob_key(content, self.run_paths.get(Path(target.display).as_posix(), ())))
        if blob is None or (self.by_path and blob.get("display") != target.display):
            return None
        try:
            if self.mode == "diff":
                if blob.get("display") == target.display and isinstance(blob.get("diff"), str):
                    result.migrated = blob["diff"]
                else:
                    result.migrated = unified_diff(decode(data)[0], blob["migrated"], target.display)
            else:
                text, encoding, bom = decode(data)
                source = SourceFile(target.path, text, encoding, bom, content, st.st_mtime_ns, st.st_size)
                atomic_write(source, blob["migrated"])
                result.written = True
        except Exception:  # noqa: BLE001 - anything odd: let a worker redo the file the slow, checked way
            return None
        self.seen.add(key)
        return result

    def key(self, content: str, display: str) -> str:
        content = blob_key(content, self.run_paths.get(display, ()))
        if not self.by_path:
            return content
        return hashlib.blake2b(f"{content}\0{display}".encode(), digest_size=16).hexdigest()

    def record(self, result: FileResult) -> None:
        if result.digest:
            key = self.key(result.digest, result.path.as_posix())
            entry = entry_of(result)
            if self.index.get(key) != entry:
                self.index[key] = entry
                self.dirty = True
            self.seen.add(key)

    def save(self) -> None:
        if self.dirty or len(self.index) > MAX_ENTRIES:
            self.cache.save_index(self.index, self.seen)
