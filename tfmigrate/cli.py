"""The command line: parses options and hands the work to tfmigrate.api; prints diffs, lists and the summary."""

from __future__ import annotations

import enum
import sys
import textwrap
from pathlib import Path
from typing import Annotated, Optional

import typer

from tfmigrate import __version__
from tfmigrate.api import Mode, default_jobs, migrate_paths, migrate_source
from tfmigrate.cache import Cache
from tfmigrate.diffing import colorize, unified_diff
from tfmigrate.config import ConfigError, resolve
from tfmigrate.ftypes import FileResult, Options, Status
from tfmigrate.progress import Progress
from tfmigrate.reports import Report
from tfmigrate.reports import render as render_report
from tfmigrate.summary import location, render
from tfmigrate.transforms import all_transforms, by_code, unknown_patterns

EXIT_HELP = """
Exit status: 0 = done (with --diff/--check: nothing would change); 1 = --diff/--check found changes, or a file
failed to process; 2 = usage or configuration error.

To find out why TensorFlow or Keras does not import in this environment, run: tfmigrate doctor --help
"""


class OutputFormat(str, enum.Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    markdown = "markdown"


class Keras(str, enum.Enum):
    keras3 = "3"
    tf_keras = "tf-keras"


class Color(str, enum.Enum):
    auto = "auto"
    always = "always"
    never = "never"


def _codes(value: Optional[str]) -> tuple[str, ...]:
    return tuple(p.strip().upper() for p in (value or "").split(",") if p.strip())


def _usage_error(message: str) -> None:
    typer.echo(f"tfmigrate: error: {message}", err=True)
    raise typer.Exit(2)


def rule_table() -> str:
    rows = [("code", "name", "safe", "summary")]
    rows += [(t.CODE, t.NAME, "safe" if t.SAFE else "unsafe", t.SUMMARY) for t in all_transforms()]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    return "\n".join(f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:<{widths[2]}}  {d}" for a, b, c, d in rows) + "\n"


def explain(code: str) -> str:
    rule = by_code().get(code.upper())
    if rule is None:
        _usage_error(f"unknown rule code {code!r}; see --list-rules")
    doc = textwrap.dedent(rule.__doc__ or "").strip()
    out = [f"{rule.CODE} {rule.NAME} ({'safe' if rule.SAFE else 'unsafe'})", "", rule.SUMMARY, "", doc]
    if rule.BEFORE:
        out += ["", "Example rewrite:", "", unified_diff(rule.BEFORE, rule.AFTER, "example.py").rstrip("\n")]
    return "\n".join(out) + "\n"


def _use_color(color: Color, stream) -> bool:
    if color is Color.always:
        return True
    if color is Color.never:
        return False
    return stream.isatty()


def _run_stdin(options: Options, mode: Mode, filename: str, color: Color) -> int:
    source = sys.stdin.buffer.read().decode("utf-8", errors="surrogateescape")
    result = migrate_source(source, options, filename)
    if result.status is Status.FAILED:
        typer.echo(f"tfmigrate: {location(result, result.error_line)}: {result.error}", err=True)
        if mode is Mode.WRITE:
            sys.stdout.write(source)
        return 1
    if mode is Mode.WRITE:
        sys.stdout.write(result.migrated or source)
    elif mode is Mode.DIFF and result.changed:
        diff = unified_diff(source, result.migrated or source, filename)
        sys.stdout.write(colorize(diff) if _use_color(color, sys.stdout) else diff)
    elif mode is Mode.CHECK and result.changed:
        sys.stdout.write(f"would migrate {filename}\n")
    _print_followups([result])
    return 1 if mode is not Mode.WRITE and result.changed else 0


def _print_followups(results: list[FileResult]) -> None:
    for r in results:
        for f in r.followups:
            typer.echo(f"{location(r, f.line)}: {f.code} {f.message}", err=True)


def command(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files or directories to migrate; - reads stdin.")] = None,
    diff: Annotated[bool, typer.Option("--diff", help="Print unified diffs and write nothing.")] = False,
    check: Annotated[bool, typer.Option("--check", help="Write nothing; list the files that would change.")] = False,
    select: Annotated[Optional[str], typer.Option(help="Only these rule codes or prefixes (comma-separated).")] = None,
    ignore: Annotated[Optional[str], typer.Option(help="Skip these rule codes or prefixes (comma-separated).")] = None,
    exclude: Annotated[Optional[list[str]], typer.Option(help="Extra gitignore-style pattern to skip.")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Parallel processes (default: all cores).")] = None,
    color: Annotated[Color, typer.Option(help="Color diffs: auto (on a terminal), always, never.")] = Color.auto,
    stdin_filename: Annotated[Optional[str], typer.Option(help="Name used for stdin in messages.")] = None,
    annotate: Annotated[
        Optional[bool], typer.Option(help="Add a '# tfmigrate:' comment at sites that need a human.")
    ] = None,
    keep_compat_import: Annotated[
        Optional[bool], typer.Option(help="Keep 'import tensorflow.compat.v1 as tf' instead of upgrading it.")
    ] = None,
    keep_graph_mode: Annotated[
        Optional[bool], typer.Option(help="Keep TF1 Session programs in graph mode (tf.compat.v1) instead of eager.")
    ] = None,
    keras: Annotated[
        Optional[Keras], typer.Option(help="Keras code moves to Keras 3 ('3') or stays Keras 2 on tf_keras.")
    ] = None,
    target_version: Annotated[
        Optional[str], typer.Option(help="TensorFlow version the output must run on (default: the newest known).")
    ] = None,
    interactive: Annotated[
        bool, typer.Option("--interactive", "-i", help="Show each file's diff and ask before writing it.")
    ] = False,
    output_format: Annotated[
        OutputFormat, typer.Option(help="Report format: text, json, sarif, github (annotations), markdown (PR body).")
    ] = OutputFormat.text,
    report: Annotated[
        Optional[Path], typer.Option(help="Write the report to this file; the terminal keeps the text output.")
    ] = None,
    config_file: Annotated[
        Optional[str], typer.Option("--config", metavar="PATH", help="Read settings from this pyproject.toml.")
    ] = None,
    no_config: Annotated[
        bool, typer.Option("--no-config", help="Ignore [tool.tfmigrate] in pyproject.toml files.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print no summary.")] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Ignore and do not update the .tfmigrate_cache result cache.")
    ] = False,
    list_rules: Annotated[bool, typer.Option("--list-rules", help="Print the rule table and exit.")] = False,
    explain_code: Annotated[Optional[str], typer.Option("--explain", metavar="CODE", help="Explain one rule.")] = None,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        typer.echo(f"tfmigrate {__version__}")
        raise typer.Exit(0)
    if list_rules:
        typer.echo(rule_table(), nl=False)
        raise typer.Exit(0)
    if explain_code:
        typer.echo(explain(explain_code), nl=False)
        raise typer.Exit(0)
    if diff and check:
        _usage_error("--diff and --check cannot be used together")
    if not paths:
        _usage_error("no paths given (try: tfmigrate --diff src/)")
    selects, ignores = _codes(select), _codes(ignore)
    unknown = unknown_patterns(selects + ignores)
    if unknown:
        _usage_error(f"unknown rule code(s): {', '.join(unknown)}; see --list-rules")
    try:
        settings = resolve(
            [p for p in paths if p != "-"],
            config_path=config_file,
            use_config=not no_config,
            select=selects,
            ignore=ignores,
            annotate=annotate,
            keep_compat_import=keep_compat_import,
            keep_graph_mode=keep_graph_mode,
            keras=keras.value if keras else None,
            target_version=target_version,
            jobs=jobs,
        )
    except ConfigError as err:
        _usage_error(str(err))
    options, jobs = settings.options, settings.jobs
    mode = Mode.DIFF if diff else Mode.CHECK if check else Mode.WRITE
    if interactive:
        from tfmigrate.interactive import refusal

        problem = refusal(paths, diff, check, output_format.value, report, sys.stdin)
        if problem:
            _usage_error(problem)
    if "-" in paths:
        if len(paths) > 1:
            _usage_error("- (stdin) cannot be combined with other paths")
        raise typer.Exit(_run_stdin(options, mode, stdin_filename or "-", color))
    missing = [p for p in paths if not Path(p).exists() and not Path(p).is_symlink()]
    if missing:
        _usage_error(f"no such file or directory: {', '.join(missing)}")
    if interactive:
        from tfmigrate.interactive import run_cli

        colored = _use_color(color, sys.stdout)
        raise typer.Exit(
            run_cli(
                paths, options, jobs or default_jobs(), exclude or [], colored, quiet, settings.skip,
                output_format.value, report,
            )
        )
    raise typer.Exit(
        run(
            paths, options, mode, jobs or default_jobs(), exclude or [], color, quiet, no_cache,
            output_format=output_format.value, report_path=report, skip=settings.skip,
        )
    )


def run(
    paths: list[str],
    options: Options,
    mode: Mode,
    jobs: int,
    exclude: list[str],
    color: Color,
    quiet: bool,
    no_cache: bool = False,
    output_format: str = "text",
    report_path: Path | None = None,
    skip=None,
) -> int:
    colored = _use_color(color, sys.stdout)
    results: list[FileResult] = []
    # The cache keys verdicts by content alone; per-file-ignores make the path matter too.
    cache = None if no_cache or options.per_file_ignores else Cache.open(options)
    progress = Progress.for_stream(sys.stderr, quiet)
    terminal_output = output_format == "text" or report_path is not None  # else stdout carries only the report
    try:
        for result in migrate_paths(
            paths, options, mode, jobs, exclude, cache=cache, skip=skip, on_targets=progress.start
        ):
            results.append(result)
            progress.clear()
            if result.changed and mode is Mode.DIFF and result.migrated and terminal_output:
                sys.stdout.write(colorize(result.migrated) if colored else result.migrated)
            elif result.changed and mode is Mode.CHECK and terminal_output:
                sys.stdout.write(f"would migrate {result.path.as_posix()}\n")
            sys.stdout.flush()
            result.migrated = None
            progress.advance(result.path.as_posix())
        progress.close()
    except KeyboardInterrupt:
        progress.close()
        sys.stderr.write(
            f"tfmigrate: interrupted after {len(results)} file(s); every file is either untouched or fully migrated\n"
        )
        return 130
    for result in results:
        result.migrated = None
    if not quiet:
        verb = "migrated" if mode is Mode.WRITE else "would change"
        sys.stderr.write(render(results, verb))
    if not emit_report(results, mode.value, output_format, report_path):
        return 2
    failed = any(r.status is Status.FAILED for r in results)
    changed = any(r.changed for r in results)
    return 1 if failed or (mode is not Mode.WRITE and changed) else 0


def emit_report(results: list[FileResult], mode: str, output_format: str, report_path: Path | None) -> bool:
    """Write the chosen report to ``report_path``, or to stdout when it is not the text summary."""
    if report_path is None and output_format == "text":
        return True
    text = render_report(output_format, Report(results, mode))
    if report_path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return True
    try:
        report_path.write_text(text, encoding="utf-8")
    except OSError as err:
        typer.echo(f"tfmigrate: error: cannot write report {report_path}: {err.strerror or err}", err=True)
        return False
    return True


app = typer.Typer(
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Migrate legacy TensorFlow code to TensorFlow 2 / Keras 3.\n\n" + EXIT_HELP,
    rich_markup_mode=None,
)
app.command(help="Migrate legacy TensorFlow code to TensorFlow 2 / Keras 3, showing diffs first.\n\n" + EXIT_HELP)(
    command
)


def main() -> None:
    argv = sys.argv[1:]
    if argv[:1] == ["doctor"]:
        from tfmigrate.doctor.cli import doctor_main

        raise SystemExit(doctor_main(argv[1:]))
    app(args=argv, prog_name="tfmigrate")
