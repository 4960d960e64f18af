"""The command line: parses options and hands the work to tfmigrate.api; prints diffs, lists and the summary.

Only what parsing needs is imported at the top: the engine, libcst and the rule tables are imported when a run
starts, so ``--version`` and ``--help`` answer at once. typer itself (with its copy of click) is imported on
first use: ``tfmigrate --version`` never needs it.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

from tfmigrate import __version__
from tfmigrate.ftypes import FileResult, Options, Status
from tfmigrate.reports import FORMATS

if TYPE_CHECKING:
    import typer

    from tfmigrate.api import Mode
else:

    class _OnFirstUse:
        """A module imported when one of its attributes is first read (typer, for the command's options)."""

        def __init__(self, name: str) -> None:
            self._name = name

        def __getattr__(self, attribute: str):
            return getattr(importlib.import_module(self._name), attribute)

    typer = _OnFirstUse("typer")

EXIT_HELP = """
Exit status: 0 = done (with --diff/--check: nothing would change); 1 = --diff/--check found changes, or a file
failed to process; 2 = usage or configuration error.

To find out why TensorFlow or Keras does not import in this environment, run: tfmigrate doctor --help
"""

INTERRUPTED = "every file is either untouched or fully migrated"
COLORS = ("auto", "always", "never")
KERAS = ("3", "tf-keras")


def _codes(value: str | None) -> tuple[str, ...]:
    return tuple(p.strip().upper() for p in (value or "").split(",") if p.strip())


def _usage_error(message: str) -> NoReturn:
    typer.echo(f"tfmigrate: error: {message}", err=True)
    raise typer.Exit(2)


def _choice(option: str, value: str | None, choices: tuple[str, ...]) -> str | None:
    if value is not None and value not in choices:
        _usage_error(f"{option} must be one of {', '.join(choices)}, not {value!r}")
    return value


def _jobs(value: str | None) -> int | None:
    if value is None:
        return None
    if not value.strip().isdigit() or int(value) < 1:
        _usage_error(f"--jobs must be a whole number of at least 1, not {value!r}")
    return int(value)


def rule_table() -> str:
    from tfmigrate.transforms import all_transforms

    rows = [("code", "name", "safe", "summary")]
    rules = sorted(all_transforms(), key=lambda t: t.CODE)
    rows += [(t.CODE, t.NAME, "safe" if t.SAFE else "unsafe", t.SUMMARY) for t in rules]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    return "\n".join(f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:<{widths[2]}}  {d}" for a, b, c, d in rows) + "\n"


def explain(code: str) -> str:
    from tfmigrate.diffing import unified_diff
    from tfmigrate.transforms import by_code

    rule = by_code().get(code.upper())
    if rule is None:
        _usage_error(f"unknown rule code {code!r}; see --list-rules")
    doc = textwrap.dedent(rule.__doc__ or "").strip()
    out = [f"{rule.CODE} {rule.NAME} ({'safe' if rule.SAFE else 'unsafe'})", "", rule.SUMMARY, "", doc]
    if rule.BEFORE:
        out += ["", "Example rewrite:", "", unified_diff(rule.BEFORE, rule.AFTER, "example.py").rstrip("\n")]
    return "\n".join(out) + "\n"


def use_color(color: str, stream, environ=os.environ) -> bool:
    """``--color`` wins; under ``auto``, NO_COLOR (no-color.org) turns colour off and FORCE_COLOR turns it on
    even when piped (force-color.org), each when set to anything but the empty string; else only on a terminal
    that is not TERM=dumb."""
    if color == "always":
        return True
    if color == "never":
        return False
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty() and environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def _run_stdin(options: Options, mode: Mode, filename: str, color: str) -> int:
    from tfmigrate.api import Mode, migrate_source
    from tfmigrate.diffing import colorize, unified_diff
    from tfmigrate.summary import location

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
        sys.stdout.write(colorize(diff) if use_color(color, sys.stdout) else diff)
    elif mode is Mode.CHECK and result.changed:
        sys.stdout.write(f"would migrate {filename}\n")
    for followup in result.followups:
        typer.echo(f"{location(result, followup.line)}: {followup.code} {followup.message}", err=True)
    return 1 if mode is not Mode.WRITE and result.changed else 0


def command(
    paths: Annotated[
        list[str] | None, typer.Argument(metavar="PATH", help="Files or directories to migrate; - reads stdin.")
    ] = None,
    diff: Annotated[bool, typer.Option("--diff", help="Print unified diffs and write nothing.")] = False,
    check: Annotated[bool, typer.Option("--check", help="Write nothing; list the files that would change.")] = False,
    select: Annotated[
        str | None, typer.Option(metavar="CODES", help="Only these rule codes or prefixes (comma-separated).")
    ] = None,
    ignore: Annotated[
        str | None, typer.Option(metavar="CODES", help="Skip these rule codes or prefixes (comma-separated).")
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option(metavar="PATTERN", help="Extra gitignore-style pattern to skip.")
    ] = None,
    jobs: Annotated[
        str | None, typer.Option("--jobs", "-j", metavar="N", help="Parallel processes (default: all cores).")
    ] = None,
    color: Annotated[
        str,
        typer.Option(
            metavar="[auto|always|never]",
            help="Color diffs: auto (on a terminal; NO_COLOR and FORCE_COLOR are honoured), always, never.",
        ),
    ] = "auto",
    stdin_filename: Annotated[str | None, typer.Option(metavar="PATH", help="Name used for stdin in messages.")] = None,
    annotate: Annotated[
        bool | None, typer.Option(help="Add a '# tfmigrate: CODE ...' comment above each follow-up's statement.")
    ] = None,
    keep_compat_import: Annotated[
        bool | None, typer.Option(help="Keep 'import tensorflow.compat.v1 as tf' instead of upgrading it.")
    ] = None,
    keep_graph_mode: Annotated[
        bool | None, typer.Option(help="Keep TF1 Session programs in graph mode (tf.compat.v1) instead of eager.")
    ] = None,
    keras: Annotated[
        str | None,
        typer.Option(metavar="[3|tf-keras]", help="Keras code moves to Keras 3 ('3') or stays Keras 2 on tf_keras."),
    ] = None,
    target_version: Annotated[
        str | None,
        typer.Option(metavar="X.Y", help="TensorFlow version the output must run on (default: the newest known)."),
    ] = None,
    interactive: Annotated[
        bool, typer.Option("--interactive", "-i", help="Show each file's diff and ask before writing it.")
    ] = False,
    output_format: Annotated[
        str,
        typer.Option(
            metavar="[text|json|sarif|github|markdown]",
            help="Report format: text, json, sarif, github (annotations), markdown (PR body).",
        ),
    ] = "text",
    report: Annotated[
        Path | None,
        typer.Option(metavar="PATH", help="Write the report to this file; the terminal keeps the text output."),
    ] = None,
    config_file: Annotated[
        str | None, typer.Option("--config", metavar="PATH", help="Read settings from this pyproject.toml.")
    ] = None,
    no_config: Annotated[
        bool, typer.Option("--no-config", help="Ignore [tool.tfmigrate] in pyproject.toml files.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print no summary.")] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Ignore and do not update the .tfmigrate_cache result cache.")
    ] = False,
    list_rules: Annotated[bool, typer.Option("--list-rules", help="Print the rule table and exit.")] = False,
    explain_code: Annotated[str | None, typer.Option("--explain", metavar="CODE", help="Explain one rule.")] = None,
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
    _choice("--color", color, COLORS)
    _choice("--keras", keras, KERAS)
    _choice("--output-format", output_format, FORMATS)
    n_jobs = _jobs(jobs)
    if diff and check:
        _usage_error("--diff and --check cannot be used together")
    if not paths:
        _usage_error("no paths given (try: tfmigrate --diff src/)")
    from tfmigrate.api import Mode, default_jobs
    from tfmigrate.config import ConfigError, resolve
    from tfmigrate.transforms import unknown_patterns

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
            keras=keras,
            target_version=target_version,
            jobs=n_jobs,
        )
    except ConfigError as err:
        _usage_error(str(err))
    options, n_jobs = settings.options, settings.jobs
    mode = Mode.DIFF if diff else Mode.CHECK if check else Mode.WRITE
    if interactive:
        from tfmigrate.interactive import refusal

        problem = refusal(paths, diff, check, output_format, report, sys.stdin)
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

        colored = use_color(color, sys.stdout)
        raise typer.Exit(
            run_cli(
                paths,
                options,
                n_jobs or default_jobs(),
                exclude or [],
                colored,
                quiet,
                settings.skip,
                output_format,
                report,
            )
        )
    raise typer.Exit(
        run(
            paths,
            options,
            mode,
            n_jobs or default_jobs(),
            exclude or [],
            color,
            quiet,
            no_cache,
            output_format=output_format,
            report_path=report,
            skip=settings.skip,
        )
    )


def migrate_paths(*args, **kwargs):
    """``tfmigrate.api.migrate_paths``, imported when a run starts: the engine is the slow part of startup."""
    from tfmigrate.api import migrate_paths as migrate

    return migrate(*args, **kwargs)


def run(
    paths: list[str],
    options: Options,
    mode: Mode,
    jobs: int,
    exclude: list[str],
    color: str,
    quiet: bool,
    no_cache: bool = False,
    output_format: str = "text",
    report_path: Path | None = None,
    skip=None,
) -> int:
    from tfmigrate.api import Mode
    from tfmigrate.cache import Cache
    from tfmigrate.diffing import colorize
    from tfmigrate.progress import Progress
    from tfmigrate.reports import emit
    from tfmigrate.summary import nothing_found, render, unmarked

    colored = use_color(color, sys.stdout)
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
            with progress.output():
                if result.changed and mode is Mode.DIFF and result.migrated and terminal_output:
                    sys.stdout.write(colorize(result.migrated) if colored else result.migrated)
                elif result.changed and mode is Mode.CHECK and terminal_output:
                    verb = "create" if result.created else "migrate"
                    sys.stdout.write(f"would {verb} {result.path.as_posix()}\n")
                sys.stdout.flush()
            result.migrated = None
            if not result.created:  # the bar counts the files found; a module the run adds is not one of them
                progress.advance(result.path.as_posix())
        progress.close()
    except KeyboardInterrupt:
        progress.close()
        sys.stderr.write(f"tfmigrate: interrupted after {len(results)} file(s); {INTERRUPTED}\n")
        return 130
    for result in results:
        result.migrated = None
    if not quiet:
        verb = "migrated" if mode is Mode.WRITE else "would change"
        sys.stderr.write(render(results, verb, limit=True))
        if not results:
            sys.stderr.write(nothing_found(paths))
        if options.annotate:
            sys.stderr.write(unmarked(results))
    if not emit(results, mode.value, output_format, report_path):
        return 2
    failed = any(r.status is Status.FAILED for r in results)
    changed = any(r.changed for r in results)
    return 1 if failed or (mode is not Mode.WRITE and changed) else 0


def _interruptible(function):
    """Ctrl-C before the run's own loop (while the engine and the rules load, say) ends as cleanly as in it."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except KeyboardInterrupt:
            sys.stderr.write(f"tfmigrate: interrupted; {INTERRUPTED}\n")
            raise typer.Exit(130) from None

    return wrapper


@functools.cache
def _app() -> typer.Typer:
    """The typer application, built on first use (``--version`` never builds it)."""
    from typer.core import TyperCommand

    try:
        from click import exceptions as _clicks
    except ImportError:  # typer >= 0.20 carries its own copy of click
        from typer._click import exceptions as _clicks

    class _UsageError(_clicks.ClickException):
        """A command-line mistake, said the way tfmigrate says its own: one line, then where to look."""

        exit_code = 2

        def show(self, file=None) -> None:
            typer.echo(f"tfmigrate: error: {self.message}\nRun 'tfmigrate --help' to see the options.", err=True)

    def _in_our_words(err: Exception) -> str:
        """Click's wording ('No such option', 'Invalid value for', ...) as tfmigrate's other errors read."""
        if isinstance(err, _clicks.NoSuchOption):
            hint = f" (did you mean {' or '.join(sorted(err.possibilities))}?)" if err.possibilities else ""
            return f"unknown option {err.option_name}{hint}"
        if isinstance(err, _clicks.BadOptionUsage):
            if "requires" in err.message:
                return f"{err.option_name} needs a value"
            if "does not take a value" in err.message:
                return f"{err.option_name} takes no value"
        message = err.format_message() if isinstance(err, _clicks.ClickException) else str(err)
        return message[:1].lower() + message[1:]

    class _Command(TyperCommand):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            for param in self.params:
                if param.param_type_name == "argument":
                    param.display_type_rich = lambda ctx: None  # type: ignore[attr-defined]  # typer: TyperArgument has it, params are typed click.Parameter; "<list[str]>" after PATH reads as a type

        def make_context(self, info_name, args, parent=None, **extra):
            try:
                return super().make_context(info_name, args, parent=parent, **extra)
            except _clicks.UsageError as err:
                raise _UsageError(_in_our_words(err)) from None

    app = typer.Typer(
        add_completion=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        help="Migrate legacy TensorFlow code to TensorFlow 2 / Keras 3.\n\n" + EXIT_HELP,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )

    app.command(
        cls=_Command,
        help="Migrate legacy TensorFlow code to TensorFlow 2 / Keras 3, showing diffs first.\n\n" + EXIT_HELP,
    )(_interruptible(command))
    return app


def __getattr__(name: str):
    """``tfmigrate.cli.app``, the typer application (tests and embedders invoke it), built when first asked for."""
    if name == "app":
        return _app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """The console script: the run, then an exit that a late Ctrl-C cannot turn into a death by signal."""
    try:
        _main(sys.argv[1:])
    finally:
        _ignore_late_interrupts()


def _main(argv: list[str]) -> None:
    if argv[:1] == ["doctor"]:
        from tfmigrate.doctor.cli import doctor_main

        raise SystemExit(doctor_main(argv[1:]))
    if argv == ["--version"]:  # answered without importing typer or building the command
        sys.stdout.write(f"tfmigrate {__version__}\n")
        return
    _app()(args=argv, prog_name="tfmigrate")


def _ignore_late_interrupts() -> None:
    """Once the run has ended (its status decided, its summary written), Ctrl-C has nothing left to stop.

    Python restores SIGINT's default action while it shuts down (after joining the pool's threads and running
    atexit hooks), so a Ctrl-C in that window killed the process with signal 2 instead of the run's exit status,
    although every file was already whole. An ignored signal is left ignored by the shutdown.
    """
    import signal

    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # main() called from a thread other than the main one: its process is not ending
        pass
