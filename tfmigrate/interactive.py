"""``--interactive``: show each file's diff (per cell for a notebook) and ask whether to apply it.

The diffs are computed like ``--diff`` (in parallel, nothing written); the answers are asked and the accepted
files written here, in the main process, one at a time. Before writing, the file is read and migrated again and
its diff compared with the one shown: if the file changed in between, it is not written (the user agreed to
what they saw, not to something else). Writes go through ``fileio.atomic_write``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from tfmigrate.api import Mode, migrate_paths
from tfmigrate.diffing import colorize, unified_diff
from tfmigrate.discovery import Target
from tfmigrate.engine import migrate_text
from tfmigrate.fileio import atomic_write, read_source
from tfmigrate.ftypes import FileResult, Options, SourceError, Status
from tfmigrate.notebooks import cell_diff, is_notebook, migrate_notebook

PROMPT = "Apply this change? [y]es / [n]o / [a]ll remaining / [q]uit: "
ANSWERS = {"y": "yes", "yes": "yes", "n": "no", "no": "no", "a": "all", "all": "all", "q": "quit", "quit": "quit"}


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def ask(stdin: TextIO, stdout: TextIO) -> str:
    while True:
        stdout.write(PROMPT)
        stdout.flush()
        line = stdin.readline()
        if not line:
            return "quit"
        answer = ANSWERS.get(line.strip().lower())
        if answer:
            return answer
        stdout.write("Please answer y, n, a or q.\n")


def apply(target: Target, shown: str, options: Options) -> str | None:
    """Write ``target`` if migrating it again gives the diff that was shown; else say why not."""
    try:
        source = read_source(target.path)
        if is_notebook(target.path):
            outcome = migrate_notebook(source.text, options, target.display)
            new_text, diff = outcome.text, cell_diff(outcome, target.display)
        else:
            new_text = migrate_text(source.text, options, target.display).text
            diff = unified_diff(source.text, new_text, target.display)
        if diff != shown:
            return "file changed since its diff was shown; not written"
        atomic_write(source, new_text)
    except SourceError as err:
        return err.reason
    except OSError as err:
        return str(err.strerror or err)
    return None


def run(
    paths: Iterable[str],
    options: Options,
    jobs: int,
    exclude: Iterable[str],
    colored: bool,
    skip: Callable[[Path], bool] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> list[FileResult]:
    """Ask about each changed file in turn; returns the results (declined files SKIPPED, accepted written)."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    targets: dict[str, Target] = {}

    def remember(found: list[Target]) -> None:
        targets.update((t.display, t) for t in found)

    results: list[FileResult] = []
    apply_all = False
    # Each file is accepted on its own, so none may import a module another answer could decline.
    stream = migrate_paths(paths, options, Mode.DIFF, jobs, exclude, skip=skip, on_targets=remember, new_files=False)
    try:
        for result in stream:
            results.append(result)
            if not result.changed or not result.migrated:
                continue
            shown = result.migrated
            result.migrated = None
            stdout.write(colorize(shown) if colored else shown)
            answer = "all" if apply_all else ask(stdin, stdout)
            if answer == "quit":
                result.status, result.changes = Status.SKIPPED, []
                break
            if answer == "no":
                result.status, result.changes = Status.SKIPPED, []
                continue
            apply_all = apply_all or answer == "all"
            key = result.path.as_posix()
            problem = apply(targets.get(key) or Target(result.path, key), shown, options)
            if problem:
                result.status, result.error, result.changes = Status.FAILED, problem, []
                stdout.write(f"not applied: {result.path.as_posix()}: {problem}\n")
            else:
                result.written = True
                stdout.write(f"applied: {result.path.as_posix()}\n")
            stdout.flush()
    finally:
        stream.close()
    return results


def refusal(
    paths: list[str], diff: bool, check: bool, output_format: str, report_path: Path | None, stdin: TextIO
) -> str | None:
    """Why --interactive cannot run as asked, or None."""
    if diff or check:
        return "--interactive cannot be combined with --diff or --check"
    if "-" in paths:
        return "--interactive cannot read the source from stdin"
    if output_format != "text" and report_path is None:
        return "--interactive prints diffs and questions; use --report PATH for a machine-readable report"
    if not is_terminal(stdin):
        return "--interactive needs a terminal to ask on (stdin is not one); use --diff to review, then run again"
    return None


def run_cli(
    paths: list[str],
    options: Options,
    jobs: int,
    exclude: list[str],
    colored: bool,
    quiet: bool,
    skip: Callable[[Path], bool] | None,
    output_format: str = "text",
    report_path: Path | None = None,
) -> int:
    """The CLI's --interactive: ask, write, summarize; exit status 1 only if a file failed."""
    from tfmigrate.reports import emit
    from tfmigrate.summary import nothing_found, render

    try:
        results = run(paths, options, jobs, exclude, colored, skip)
    except KeyboardInterrupt:
        sys.stderr.write("\ntfmigrate: interrupted; files already applied stay migrated, the others untouched\n")
        return 130
    if not quiet:
        sys.stderr.write(render(results, "migrated", limit=True))
        if not results:
            sys.stderr.write(nothing_found(paths))
    if not emit(results, "write", output_format, report_path):
        return 2
    return 1 if any(r.status is Status.FAILED for r in results) else 0
