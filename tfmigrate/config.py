"""``[tool.tfmigrate]`` in pyproject.toml: a project's settings, so CI, pre-commit and people run the same thing.

The file is found by walking up from the paths given (the closest pyproject.toml that has a ``[tool.tfmigrate]``
table wins, as ruff and black do). Command-line options override it. Unknown keys and bad values are errors
(exit status 2) rather than silently ignored: a misspelt ``ignore`` must not migrate what the user excluded.

Example::

    [tool.tfmigrate]
    select = ["TFM0", "TFM1"]          # rule codes or prefixes
    ignore = ["TFM102"]
    exclude = ["third_party/", "*_pb2.py"]   # gitignore-style, relative to this file's directory
    target-version = "2.21"            # the TensorFlow the output must run on
    jobs = 4
    annotate = true
    keras = "3"                        # or "tf-keras": keep Keras 2 code on the tf_keras package

    [tool.tfmigrate.per-file-ignores]
    "tests/**" = ["TFM102"]
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import pathspec

from tfmigrate.ftypes import Options

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

KERAS_CHOICES = ("3", "tf-keras")
KEYS = (
    "select",
    "ignore",
    "exclude",
    "per-file-ignores",
    "target-version",
    "jobs",
    "annotate",
    "keras",
    "keep-compat-import",
    "keep-graph-mode",
)


class ConfigError(Exception):
    """A configuration the user must fix; the CLI prints it and exits with status 2."""


@dataclass(frozen=True)
class ProjectConfig:
    """What ``[tool.tfmigrate]`` said; None/() for what it did not set."""

    path: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    target_version: str | None = None
    jobs: int | None = None
    annotate: bool | None = None
    keras: str | None = None
    keep_compat_import: bool | None = None
    keep_graph_mode: bool | None = None

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def is_excluded(self, path: Path) -> bool:
        """Whether ``exclude`` (relative to the config's directory) covers ``path``."""
        if not self.exclude:
            return False
        relative = _relative(path, self.root)
        if relative is None:
            return False
        spec = _spec(self.exclude)
        return spec.match_file(relative) or (path.is_dir() and spec.match_file(relative + "/"))


@cache
def _spec(patterns: tuple[str, ...]) -> pathspec.PathSpec:
    return pathspec.GitIgnoreSpec.from_lines(list(patterns))


def _relative(path: Path, root: Path) -> str | None:
    try:
        return Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        return None


@cache
def supported_versions() -> tuple[str, ...]:
    """The TensorFlow versions (major.minor) the generated tables in tfmigrate/data were read from."""
    found = set()
    for entry in resources.files("tfmigrate.data").iterdir():
        if not entry.name.endswith(".json"):
            continue
        try:
            table = json.loads(entry.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(table, dict):
            continue
        versions = found_versions if isinstance(found_versions := table.get("versions"), dict) else {}
        for value in (table.get("tensorflow_version"), table.get("tensorflow"), versions.get("tensorflow")):
            if isinstance(value, str) and value[:1].isdigit():
                found.add(_major_minor(value))
    return tuple(sorted(found, key=lambda v: tuple(int(p) for p in v.split("."))))


def _major_minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def resolve_target_version(value: str | None) -> str:
    """A supported ``major.minor``: the newest table when unset; ConfigError when no table describes it."""
    known = supported_versions()
    if value is None:
        return known[-1] if known else ""
    wanted = _major_minor(str(value).strip())
    parts = wanted.split(".")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise ConfigError(f"target-version must look like '2.21', not {value!r}")
    if wanted not in known:
        raise ConfigError(
            f"target-version {value!r} is not supported: tfmigrate's tables describe TensorFlow "
            f"{', '.join(known) or '(none)'}"
        )
    return wanted


def find(paths: list[str]) -> Path | None:
    """The closest pyproject.toml with a [tool.tfmigrate] table above the paths given (or the working dir)."""
    starts = [Path(os.path.abspath(p)) for p in paths if p != "-"] or [Path.cwd()]
    try:
        start = Path(os.path.commonpath([str(p) for p in starts]))
    except ValueError:
        start = starts[0]
    if not start.is_dir():
        start = start.parent
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _has_table(candidate):
            return candidate
    return None


def _has_table(path: Path) -> bool:
    try:
        return "tfmigrate" in _read(path).get("tool", {})
    except ConfigError:
        return True  # a broken file that may hold our table: load() reports it


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ConfigError(f"{path}: cannot read: {err.strerror or err}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: not valid TOML: {err}") from None


def load(path: Path) -> ProjectConfig:
    table = _read(path).get("tool", {}).get("tfmigrate", {})
    where = f"{path}: [tool.tfmigrate]"
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}; known keys: {', '.join(KEYS)}")

    def strings(key: str) -> tuple[str, ...] | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: {key} must be a list of strings, not {value!r}")
        return tuple(value)

    def flag(key: str) -> bool | None:
        value = table.get(key)
        if value is not None and not isinstance(value, bool):
            raise ConfigError(f"{where}: {key} must be true or false, not {value!r}")
        return value

    select, ignore = strings("select"), strings("ignore")
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ConfigError(f"{where}: per-file-ignores must be a table of pattern = [codes]")
    per_file_ignores = []
    for pattern, codes in per_file.items():
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ConfigError(f"{where}: per-file-ignores.{pattern!r} must be a list of rule codes")
        per_file_ignores.append((pattern, _codes(codes, f"per-file-ignores.{pattern!r}", where)))
    jobs = table.get("jobs")
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise ConfigError(f"{where}: jobs must be a whole number of at least 1, not {jobs!r}")
    keras = table.get("keras")
    if keras is not None and str(keras) not in KERAS_CHOICES:
        raise ConfigError(f"{where}: keras must be one of {', '.join(map(repr, KERAS_CHOICES))}, not {keras!r}")
    target = table.get("target-version")
    if target is not None:
        if not isinstance(target, str):
            raise ConfigError(f'{where}: target-version must be a string like "2.21", not {target!r}')
        try:
            resolve_target_version(target)
        except ConfigError as err:
            raise ConfigError(f"{where}: {err}") from None
    return ProjectConfig(
        path=path,
        select=None if select is None else _codes(select, "select", where),
        ignore=None if ignore is None else _codes(ignore, "ignore", where),
        exclude=strings("exclude") or (),
        per_file_ignores=tuple(per_file_ignores),
        target_version=target,
        jobs=jobs,
        annotate=flag("annotate"),
        keras=None if keras is None else str(keras),
        keep_compat_import=flag("keep-compat-import"),
        keep_graph_mode=flag("keep-graph-mode"),
    )


def _codes(values, key: str, where: str) -> tuple[str, ...]:
    from tfmigrate.transforms import unknown_patterns

    codes = tuple(v.strip().upper() for v in values if v.strip())
    unknown = unknown_patterns(codes)
    if unknown:
        raise ConfigError(f"{where}: {key}: unknown rule code(s) {', '.join(unknown)}; see tfmigrate --list-rules")
    return codes


def for_file(options: Options, filename: str) -> Options:
    """``options`` with the per-file-ignores that match ``filename`` added to ``ignore``."""
    if not options.per_file_ignores:
        return options
    extra: list[str] = []
    for root, pattern, codes in options.per_file_ignores:
        relative = _relative(Path(filename), Path(root))
        if relative is not None and _spec((pattern,)).match_file(relative):
            extra += [c for c in codes if c not in extra]
    if not extra:
        return options
    return dataclasses.replace(options, ignore=tuple(dict.fromkeys(options.ignore + tuple(extra))))


@dataclass(frozen=True)
class Settings:
    """The run's settings once the command line and the project's config are merged."""

    options: Options
    jobs: int | None
    project: ProjectConfig

    @property
    def skip(self):
        return self.project.is_excluded if self.project.exclude else None


def resolve(
    paths: list[str],
    *,
    config_path: str | None = None,
    use_config: bool = True,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    annotate: bool | None = None,
    keep_compat_import: bool | None = None,
    keep_graph_mode: bool | None = None,
    keras: str | None = None,
    target_version: str | None = None,
    jobs: int | None = None,
) -> Settings:
    """Command-line values (None or empty = not given) over ``[tool.tfmigrate]`` over the defaults."""
    if config_path is not None:
        path = Path(config_path)
        if not path.is_file():
            raise ConfigError(f"--config {config_path}: no such file")
        project = load(path)
    elif use_config:
        found = find(paths)
        project = load(found) if found else ProjectConfig()
    else:
        project = ProjectConfig()
    if keras is not None and keras not in KERAS_CHOICES:
        raise ConfigError(f"--keras must be one of {', '.join(KERAS_CHOICES)}, not {keras!r}")
    root = str(project.root.resolve())
    options = Options(
        select=select or project.select or (),
        ignore=ignore or project.ignore or (),
        annotate=annotate if annotate is not None else bool(project.annotate),
        keep_compat_import=keep_compat_import if keep_compat_import is not None else bool(project.keep_compat_import),
        keep_graph_mode=keep_graph_mode if keep_graph_mode is not None else bool(project.keep_graph_mode),
        keras=keras or project.keras or Options.keras,
        target_version=resolve_target_version(target_version or project.target_version),
        per_file_ignores=tuple((root, pattern, codes) for pattern, codes in project.per_file_ignores),
    )
    return Settings(options, jobs or project.jobs, project)
