"""Machine- and human-readable reports of a run: text, json, sarif, github, markdown.

Each format is one module with ``render(report) -> str``. A report holds only what a run decided (paths as the
user gave them, rule codes, lines, messages), never timestamps or absolute paths the user did not give, so
the same run gives the same bytes whatever ``--jobs`` is.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tfmigrate.ftypes import FileResult, Status

FORMATS = ("text", "json", "sarif", "github", "markdown")


@dataclass
class Report:
    results: list[FileResult]
    mode: str  # "write", "diff" or "check"

    @property
    def written(self) -> bool:
        return self.mode == "write"

    def counts(self) -> Counter:
        return Counter(r.status for r in self.results)

    def per_rule(self) -> Counter:
        return Counter(c.code for r in self.results for c in r.changes)


def posix(result: FileResult) -> str:
    return result.path.as_posix()


def relative(result: FileResult) -> str:
    """The path relative to the working directory when it lies under it (links in a PR body), else as given."""
    path = result.path
    if path.is_absolute():
        try:
            return path.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return path.as_posix()
    return Path(os.path.normpath(path)).as_posix()


def where(line: int | None, cell: int | None) -> str:
    """``cell 3, line 2`` for a notebook, ``line 2`` for a file."""
    text = f"line {line}" if line else ""
    return f"cell {cell}, {text}" if cell and text else f"cell {cell}" if cell else text


def render(fmt: str, report: Report) -> str:
    if fmt == "text":
        from tfmigrate.reports import text

        return text.render(report)
    if fmt == "json":
        from tfmigrate.reports import json_report

        return json_report.render(report)
    if fmt == "sarif":
        from tfmigrate.reports import sarif

        return sarif.render(report)
    if fmt == "github":
        from tfmigrate.reports import github

        return github.render(report)
    if fmt == "markdown":
        from tfmigrate.reports import markdown

        return markdown.render(report)
    raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")


def emit(results: list[FileResult], mode: str, fmt: str, path: Path | None) -> bool:
    """Write the ``fmt`` report to ``path``, or to stdout when it is not the text summary; False if it cannot be."""
    if path is None and fmt == "text":
        return True
    text = render(fmt, Report(results, mode))
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return True
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        sys.stderr.write(f"tfmigrate: error: cannot write report {path}: {err.strerror or err}\n")
        return False
    return True


__all__ = ["FORMATS", "Report", "Status", "emit", "render"]
