"""Plain data shared by the engine, the API, the CLI and the transforms."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path


class Status(str, enum.Enum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True, order=True)
class Change:
    """One rewrite a transform made: reported per rule code in the summary."""

    line: int
    code: str
    message: str
    cell: int | None = None  # notebooks: the cell (from 1) that ``line`` counts in


@dataclass(frozen=True, order=True)
class FollowUp:
    """Something the tool could not do safely: a human must look at file:line."""

    line: int
    code: str
    message: str
    cell: int | None = None  # notebooks: the cell (from 1) that ``line`` counts in


@dataclass(frozen=True)
class Options:
    """What a run is asked to do; picklable so worker processes get the same view."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    annotate: bool = False
    keep_compat_import: bool = False
    keras: str = "3"
    keep_graph_mode: bool = False  # TFM201: keep Session programs in graph mode (tf.compat.v1) instead of eager
    target_version: str = ""  # TensorFlow major.minor the output must run on; "" = the newest table
    per_file_ignores: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (root dir, gitignore pattern, codes)
    # Set per file by the run (tfmigrate.runfacts): (path literal, new name or "" = rename nowhere, why), for the
    # literals this file shares with the other files of the run.
    run_paths: tuple[tuple[str, str, str], ...] = ()
    # Set per file by the run (tfmigrate.runfacts): the module beside the file that holds TFM308's MNIST stand-in
    # for it and the other scripts of its directory; "" = the stand-in goes in the file.
    run_mnist: str = ""
    # Set per file by the run (tfmigrate.siblings): (name imported from a module of the file's tree, "" = host code
    # or why not, "module digest"), and (".attr", a module beside the file importing it that reads ``.attr``,
    # "module digest"), read from the files as they were before the run.
    run_siblings: tuple[tuple[str, str, str], ...] = ()


@dataclass
class FileResult:
    """The outcome for one file (or stdin): what changed, what needs a human, or why it failed."""

    path: Path
    status: Status
    changes: list[Change] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)
    error: str | None = None
    error_line: int | None = None
    original: str | None = None
    migrated: str | None = None
    written: bool = False
    digest: str | None = None  # content digest the verdict came from; set only when the content alone decided it
    created: bool = False  # a new file the run adds (TFM308's shared MNIST stand-in), not one it found

    @property
    def changed(self) -> bool:
        return self.status is Status.CHANGED


class SourceError(Exception):
    """A file that cannot be migrated as it is (does not parse, cannot be decoded, ...)."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
