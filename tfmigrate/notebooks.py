"""Jupyter notebooks (.ipynb): every code cell migrated as one namespace, the JSON otherwise left byte for byte.

Much TF1 code lives in notebooks, and a notebook is one namespace: ``import tensorflow as tf`` in cell 1 is
what ``tf.random_normal`` in cell 3 means. So the code cells are joined into one module, separated by a marker
statement, migrated once by the engine (rules, suppression comments and all), and split back at the markers.

IPython syntax is not Python: line magics (``%matplotlib inline``), shell lines (``!pip install ...``), help
lines (``obj?``) and cell magics (``%%time``) are swapped for placeholder names before parsing and restored
verbatim after, so they never break the parse of the rest of the cell. A cell whose magic runs another language
(``%%bash``, ``%%writefile``...) is left alone. A cell that still does not parse (``print x``, an exercise blank
``x = ``) is reported with its number and left as it is; the other cells are still migrated.

Only the changed cells' ``source`` values are rewritten in the file's text, in the style they were written
(list of lines or one string, indentation, ASCII escaping); outputs, execution counts, metadata and layout are
kept, and a notebook that needs no change is byte-identical. Cells are numbered from 1 in notebook order,
markdown cells included, so "cell 3" is the third cell a reader sees.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import cast

from tfmigrate import write_journal
from tfmigrate.diffing import unified_diff
from tfmigrate.engine import check_parses, migrate_text, one_per_cause
from tfmigrate.fileio import atomic_write, read_source
from tfmigrate.ftypes import Change, FileResult, FollowUp, Options, SourceError, Status

SUFFIX = ".ipynb"
UNPARSED = "TFM000"
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "tensorflow_version"})
PLACEHOLDER = "__tfmigrate_ipython"
SEPARATOR = "__tfmigrate_cell"

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_HELP = re.compile(r"^[ \t]*(?:\?\??[\w.*]+|[\w.*\[\]()'\"]+\?\??)[ \t]*$")
_ASSIGN_MAGIC = re.compile(r"^[ \t]*[A-Za-z_][\w.,\[\] \t]*=[ \t]*[%!]")
_INDENT = re.compile(r"[ \t]*")


def is_notebook(path: Path | str) -> bool:
    return str(path).endswith(SUFFIX)


@dataclass
class Cell:
    """One cell as found in the file: its position in the JSON text and its decoded source."""

    number: int
    kind: str
    source: str
    span: tuple[int, int]
    layout: object


@dataclass
class NotebookOutcome:
    text: str
    sources: dict[int, tuple[str, str]] = field(default_factory=dict)  # cell -> (before, after), changed only
    changes: list[Change] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)
    skipped: str | None = None


# --- the JSON text: where each cell's source is, and how to write a new one in the same style ---------------


def _skip_ws(text: str, i: int) -> int:
    return cast("re.Match[str]", _WS.match(text, i)).end()  # the pattern matches the empty string


def _members(text: str, i: int) -> Iterator[tuple[str, int, int]]:
    """(key, value start, value end) for the object starting at ``text[i]``."""
    i = _skip_ws(text, i + 1)
    if text[i] == "}":
        return
    while True:
        key, i = _DECODER.raw_decode(text, i)
        i = _skip_ws(text, i)
        i = _skip_ws(text, i + 1)  # the colon
        _, end = _DECODER.raw_decode(text, i)
        yield key, i, end
        i = _skip_ws(text, end)
        if text[i] != ",":
            return
        i = _skip_ws(text, i + 1)


def _elements(text: str, i: int) -> Iterator[tuple[int, int]]:
    i = _skip_ws(text, i + 1)
    if text[i] == "]":
        return
    while True:
        _, end = _DECODER.raw_decode(text, i)
        yield i, end
        i = _skip_ws(text, end)
        if text[i] != ",":
            return
        i = _skip_ws(text, i + 1)


@dataclass(frozen=True)
class _ListLayout:
    open: str
    sep: str
    close: str


def _layout(text: str, start: int, end: int) -> object:
    """How a source value is written: None for one string, else the whitespace of its list."""
    if text[start] != "[":
        return None
    items = list(_elements(text, start))
    if not items:
        return _ListLayout("", ", ", "")
    first_start, first_end = items[0]
    open_ws = text[start + 1 : first_start]
    close_ws = text[items[-1][1] : end - 1]
    if len(items) > 1:
        sep = text[first_end : items[1][0]]
    else:
        sep = "," + (open_ws if "\n" in open_ws else " ")
    return _ListLayout(open_ws, sep, close_ws)


def _locate(text: str) -> list[Cell]:
    start = _skip_ws(text, 0)
    cells_span = next(((s, e) for key, s, e in _members(text, start) if key == "cells"), None)
    if cells_span is None or text[cells_span[0]] != "[":
        raise SourceError("not a notebook: no 'cells' list (nbformat 4 or later is needed)")
    cells = []
    for number, (cell_start, _) in enumerate(_elements(text, cells_span[0]), start=1):
        if text[cell_start] != "{":
            raise SourceError(f"not a notebook: cell {number} is not an object")
        kind, span = "", None
        for key, s, e in _members(text, cell_start):
            if key == "cell_type":
                kind = json.loads(text[s:e])
            elif key == "source":
                span = (s, e)
        if span is None:
            cells.append(Cell(number, kind, "", (0, 0), None))
            continue
        value = json.loads(text[span[0] : span[1]])
        source = "".join(value) if isinstance(value, list) else value
        if not isinstance(source, str):
            raise SourceError(f"not a notebook: cell {number} has a source that is not text")
        cells.append(Cell(number, kind, source, span, _layout(text, *span)))
    return cells


def _ensure_ascii(text: str) -> bool:
    if not text.isascii():
        return False
    return any(int(code, 16) >= 0x80 for code in re.findall(r"\\u([0-9a-fA-F]{4})", text))


def _encode(source: str, layout: object, ensure_ascii: bool) -> str:
    if not isinstance(layout, _ListLayout):
        return json.dumps(source, ensure_ascii=ensure_ascii)
    lines = source.splitlines(keepends=True)
    if not lines:
        return "[]"
    items = [json.dumps(line, ensure_ascii=ensure_ascii) for line in lines]
    return "[" + layout.open + layout.sep.join(items) + layout.close + "]"


# --- IPython syntax: masked with placeholders, restored verbatim --------------------------------------------


@dataclass
class _Masked:
    text: str
    lines: dict[int, list[str]]  # placeholder number -> the original lines it stands for
    token: str
    foreign: bool = False  # a cell magic that runs another language: leave the cell alone


class _Lexer:
    """Just enough of Python's tokenizer to know whether a line starts a new statement."""

    def __init__(self) -> None:
        self.depth = 0
        self.triple: str | None = None
        self.continued = False

    @property
    def at_statement_start(self) -> bool:
        return self.depth == 0 and self.triple is None and not self.continued

    def feed(self, line: str) -> None:
        i, n = 0, len(line)
        body = line.rstrip("\r\n")
        in_comment = False
        while i < n:
            if self.triple:
                end = line.find(self.triple, i)
                while end > 0 and _escaped(line, end):
                    end = line.find(self.triple, end + 1)
                if end < 0:
                    return
                i = end + 3
                self.triple = None
                continue
            c = line[i]
            if c == "#":
                in_comment = True
                break
            if c in "'\"":
                if line.startswith(c * 3, i):
                    self.triple = c * 3
                    i += 3
                    continue
                i += 1
                while i < n and line[i] != c:
                    i += 2 if line[i] == "\\" else 1
                i += 1
                continue
            if c in "([{":
                self.depth += 1
            elif c in ")]}":
                self.depth = max(0, self.depth - 1)
            i += 1
        self.continued = not in_comment and body.endswith("\\")


def _escaped(line: str, index: int) -> bool:
    backslashes = 0
    while index - backslashes - 1 >= 0 and line[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _is_ipython_line(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    if stripped[0] in "%!?":
        return not stripped.startswith("!=")
    return bool(_HELP.match(line.rstrip("\r\n")) or _ASSIGN_MAGIC.match(line))


def _token_for(text: str, base: str = PLACEHOLDER) -> str:
    """``base``, numbered if needed so that it occurs nowhere in ``text``."""
    token, n = base, 0
    while token in text:
        n += 1
        token = f"{base}{n}"
    return token


def mask(source: str, token: str) -> _Masked:
    lines = source.splitlines(keepends=True)
    masked: list[str] = []
    replaced: dict[int, list[str]] = {}
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].lstrip().startswith("%%"):
        name = lines[first].lstrip()[2:].split(None, 1)[0] if lines[first].strip() != "%%" else ""
        if name not in PYTHON_CELL_MAGICS:
            return _Masked(source, {}, token, foreign=True)
    lexer = _Lexer()
    i = 0
    while i < len(lines):
        line = lines[i]
        if lexer.at_statement_start and _is_ipython_line(line):
            group = [line]
            while group[-1].rstrip("\r\n").endswith("\\") and i + 1 < len(lines):
                i += 1
                group.append(lines[i])
            number = len(replaced)
            replaced[number] = group
            indent = cast("re.Match[str]", _INDENT.match(line)).group()  # matches the empty string
            newline = "\n" if group[-1].endswith("\n") else ""
            masked.append(f"{indent}{token}_{number}__{newline}")
        else:
            lexer.feed(line)
            masked.append(line)
        i += 1
    return _Masked("".join(masked), replaced, token)


def unmask(text: str, masked: _Masked) -> str:
    """Put the IPython lines back; raises SourceError if a rule dropped or duplicated one."""
    if not masked.lines:
        return text
    pattern = re.compile(rf"^([ \t]*){re.escape(masked.token)}_(\d+)__[ \t]*(?=\r?$)", re.MULTILINE)
    seen: list[int] = []

    def restore(found: re.Match) -> str:
        number = int(found.group(2))
        seen.append(number)
        group = masked.lines[number]
        old_indent = cast("re.Match[str]", _INDENT.match(group[0])).group()
        new_indent = found.group(1)
        if new_indent != old_indent:
            group = [new_indent + line[len(old_indent) :] if line.startswith(old_indent) else line for line in group]
        joined = "".join(group)
        return joined[: len(joined.rstrip("\r\n"))] if group[-1].endswith(("\n", "\r")) else joined

    restored = pattern.sub(restore, text)
    if sorted(seen) != sorted(masked.lines):
        raise SourceError("a rule moved or removed an IPython line (magic, shell or help)")
    return restored


# --- migration ---------------------------------------------------------------------------------------------


def _python_notebook(notebook: dict) -> bool:
    metadata = notebook.get("metadata") or {}
    if not isinstance(metadata, dict):
        return True
    language = (metadata.get("kernelspec") or {}).get("language") or (metadata.get("language_info") or {}).get("name")
    return not isinstance(language, str) or language.lower() in ("", "python", "python3", "ipython")


def _parse_notebook(text: str) -> dict:
    try:
        notebook = json.loads(text)
    except ValueError as err:
        raise SourceError(f"not a valid notebook: {getattr(err, 'msg', err)}", getattr(err, "lineno", None)) from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        if isinstance(notebook, dict) and "worksheets" in notebook:
            raise SourceError("nbformat 3 notebook: upgrade it with 'jupyter nbconvert --to notebook' first")
        raise SourceError("not a notebook: no 'cells' list")
    return notebook


@dataclass
class _Job:
    cell: Cell
    masked: _Masked
    text: str  # masked source ending in a newline
    added_newline: bool


def migrate_notebook(text: str, options: Options, display: str) -> NotebookOutcome:
    """Migrate the code cells of the notebook ``text``; raises SourceError for what is not a notebook."""
    notebook = _parse_notebook(text)
    if not _python_notebook(notebook):
        return NotebookOutcome(text, skipped="notebook kernel is not Python")
    try:
        cells = _locate(text)
    except (ValueError, IndexError) as err:
        raise SourceError(f"not a valid notebook: {err}") from None
    token = _token_for(text)
    outcome = NotebookOutcome(text)
    jobs: list[_Job] = []
    for cell in cells:
        if cell.kind != "code" or not cell.source.strip():
            continue
        masked = mask(cell.source, token)
        if masked.foreign:
            continue
        body = masked.text if masked.text.endswith("\n") else masked.text + "\n"
        try:
            check_parses(body, f"cell {cell.number}")
        except SourceError as err:
            outcome.followups.append(
                FollowUp(err.line or 1, UNPARSED, f"{err.reason}; cell left as is", cell=cell.number)
            )
            continue
        jobs.append(_Job(cell, masked, body, not masked.text.endswith("\n")))
    if not jobs:
        return outcome
    try:
        new_sources = _migrate_joined(jobs, options, display, outcome)
    except SourceError:
        outcome.changes.clear()
        new_sources = _migrate_each(jobs, options, display, outcome)
    if outcome.skipped:
        return outcome
    edits = []
    ensure_ascii = _ensure_ascii(text)
    for job in jobs:
        new = new_sources.get(job.cell.number)
        if new is None or new == job.cell.source:
            continue
        outcome.sources[job.cell.number] = (job.cell.source, new)
        edits.append((job.cell.span, _encode(new, job.cell.layout, ensure_ascii)))
    for (start, end), value in sorted(edits, reverse=True):
        text = text[:start] + value + text[end:]
    outcome.text = text
    outcome.changes.sort(key=lambda c: (c.cell or 0, c.line, c.code, c.message))
    outcome.followups = one_per_cause(outcome.followups)  # per notebook, not per cell
    return outcome


def _finish(job: _Job, migrated: str) -> str:
    if job.added_newline and migrated.endswith("\n"):
        migrated = migrated[:-1]
    return unmask(migrated, job.masked)


def _migrate_joined(jobs: list[_Job], options: Options, display: str, outcome: NotebookOutcome) -> dict[int, str]:
    """One module for the whole notebook, so names imported in one cell are known in the next."""
    separator = _token_for("".join(j.text for j in jobs), SEPARATOR)
    parts, starts, line = [], [], 1
    for index, job in enumerate(jobs):
        if index:
            parts.append(f"{separator}__ = {job.cell.number}\n")
            line += 1
        starts.append((line, job.cell.number))
        parts.append(job.text)
        line += job.text.count("\n")
    result = migrate_text("".join(parts), options, display)
    if result.skipped:
        outcome.skipped = result.skipped
        return {}
    pieces = re.split(rf"^{re.escape(separator)}__ = (\d+)\n", result.text, flags=re.MULTILINE)
    numbers = [jobs[0].cell.number] + [int(n) for n in pieces[1::2]]
    if numbers != [job.cell.number for job in jobs]:
        raise SourceError("a rule moved code across cells")
    new_sources = {job.cell.number: _finish(job, piece) for job, piece in zip(jobs, pieces[0::2])}

    def place(line_number: int) -> tuple[int, int]:
        cell_start, cell = starts[0]
        for start, number in starts:
            if start > line_number:
                break
            cell_start, cell = start, number
        return cell, max(1, line_number - cell_start + 1)

    for change in result.changes:
        cell, line_number = place(change.line)
        outcome.changes.append(replace(change, line=line_number, cell=cell))
    for followup in result.sites:
        cell, line_number = place(followup.line)
        outcome.followups.append(replace(followup, line=line_number, cell=cell))
    return new_sources


def _migrate_each(jobs: list[_Job], options: Options, display: str, outcome: NotebookOutcome) -> dict[int, str]:
    """The fallback when the joined module cannot be migrated: each cell on its own, failures reported."""
    new_sources = {}
    for job in jobs:
        number = job.cell.number
        try:
            result = migrate_text(job.text, options, display)
            if result.skipped:
                continue
            new_sources[number] = _finish(job, result.text)
        except SourceError as err:
            outcome.followups.append(FollowUp(err.line or 1, UNPARSED, f"{err.reason}; cell left as is", cell=number))
            continue
        outcome.changes += [replace(c, cell=number) for c in result.changes]
        outcome.followups += [replace(f, cell=number) for f in result.sites]
    return new_sources


def cell_diff(outcome: NotebookOutcome, display: str) -> str:
    """The per-cell unified diff: readable code, not JSON.

    Cells rarely end in a newline; when neither side does, the diff is shown as if both did, rather than with
    a "No newline at end of file" note on every cell.
    """
    out = []
    for number, (before, after) in sorted(outcome.sources.items()):
        if not before.endswith("\n") and not after.endswith("\n"):
            before, after = before + "\n", after + "\n"
        out.append(unified_diff(before, after, f"{display}:cell {number}"))
    return "".join(out)


def process_notebook(target, options: Options, mode) -> FileResult:
    """The notebook counterpart of ``api.process_target``: read, migrate, diff or atomically write."""
    display = Path(target.display)
    try:
        source = read_source(target.path)
        outcome = migrate_notebook(source.text, options, target.display)
        if outcome.skipped:
            return FileResult(display, Status.SKIPPED, followups=outcome.followups)
        status = Status.CHANGED if outcome.text != source.text else Status.UNCHANGED
        result = FileResult(display, status, outcome.changes, outcome.followups)
        if result.changed:
            if mode.value == "diff":
                result.migrated = cell_diff(outcome, target.display)
            elif mode.value == "write":
                write_journal.record(source, outcome.text, result)
                atomic_write(source, outcome.text)
                result.written = True
        return result
    except SourceError as err:
        return FileResult(display, Status.FAILED, error=err.reason, error_line=err.line)
    except OSError as err:
        return FileResult(display, Status.FAILED, error=f"{err.strerror or err}")
    except Exception as err:  # noqa: BLE001 - one notebook's surprise must not stop the run
        return FileResult(display, Status.FAILED, error=f"internal error ({type(err).__name__}: {err})")
