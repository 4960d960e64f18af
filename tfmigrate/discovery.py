"""Finding the files to migrate: .py under the given paths, minus what .gitignore, --exclude and habit leave out."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pathspec

from tfmigrate.fileio import is_leftover_temp, read_regular
from tfmigrate.ftypes import SourceError

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "__pycache__",
        "site-packages",
        "dist-packages",
        "build",
        "dist",
        "node_modules",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".tfmigrate_cache",
        ".ipynb_checkpoints",
        ".eggs",
    }
)
SUFFIXES = (".py", ".ipynb")


@dataclass(frozen=True)
class Target:
    """A file to process: where to read and write it, and how to name it in output."""

    path: Path
    display: str


def _is_virtualenv(directory: Path) -> bool:
    return (directory / "pyvenv.cfg").is_file() or (directory / "conda-meta").is_dir()


def _gitignore(directory: Path) -> pathspec.PathSpec | None:
    path = directory / ".gitignore"
    if not os.path.lexists(path):
        return None
    try:
        data, _ = read_regular(path)  # a FIFO named .gitignore must not block discovery
    except SourceError:
        return None
    lines = data.decode("utf-8", errors="replace").splitlines()
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _ignored(path: Path, is_dir: bool, specs: list[tuple[Path, pathspec.PathSpec]]) -> bool:
    for base, spec in specs:
        rel = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        if spec.match_file(rel):
            return True
    return False


def _real(path: Path) -> Path:
    """The path with every symlink resolved; a dangling link or a loop stays itself (and is reported so)."""
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        return path.absolute()


def discover(
    paths: Iterable[str | Path],
    exclude: Iterable[str] = (),
    suffixes: tuple[str, ...] = SUFFIXES,
    clean_temp: bool = False,
    skip: Callable[[Path], bool] | None = None,
) -> Iterator[Target]:
    """Yield each file once, sorted by display path; a file named explicitly is always processed.

    Symlinks to files are followed only when their target lies inside one of the given roots, and the file is
    yielded once, at its target, so a link and its target are never rewritten twice. Directory symlinks are
    not followed (no loops). With ``clean_temp``, temporary files left by a killed earlier run are removed.
    ``skip`` (a project's configured excludes) drops paths, even ones named explicitly, so that pre-commit,
    which names every file, honours it too.
    """
    exclude_spec = pathspec.GitIgnoreSpec.from_lines(list(exclude)) if exclude else None
    found: dict[Path, Target] = {}
    roots = [Path(p) for p in paths]
    resolved_roots = [_real(r) for r in roots]

    def inside_roots(real: Path) -> bool:
        return any(real == root or root in real.parents for root in resolved_roots)

    def add(path: Path, display: str, real_directory: Path | None = None, named: bool = False) -> None:
        link = path.is_symlink()
        if real_directory is not None and not link:
            real = real_directory / path.name  # resolving every file costs an lstat per path component
        else:
            real = _real(path)
        if link and not named and not inside_roots(real):
            return
        found.setdefault(real, Target(real if link else path, display))

    for root in roots:
        if skip is not None and skip(root):
            continue
        if not root.is_dir():
            add(root, root.as_posix(), named=True)  # what the user names is always processed, or reported
            continue
        base_specs: list[tuple[Path, pathspec.PathSpec]] = []
        for directory, subdirs, files in os.walk(root):
            here = Path(directory)
            real_here = here.resolve()
            specs = [(b, s) for b, s in base_specs if b == here or b in here.parents]
            own = _gitignore(here)
            if own is not None:
                specs.append((here, own))
                base_specs.append((here, own))
            kept = []
            for name in sorted(subdirs):
                sub = here / name
                if name in SKIP_DIRS or _is_virtualenv(sub) or _ignored(sub, True, specs):
                    continue
                if skip is not None and skip(sub):
                    continue
                if exclude_spec and exclude_spec.match_file(sub.relative_to(root).as_posix() + "/"):
                    continue
                kept.append(name)
            subdirs[:] = kept
            for name in sorted(files):
                path = here / name
                if clean_temp and is_leftover_temp(name):
                    try:
                        path.unlink()
                    except OSError:
                        pass
                    continue
                if not name.endswith(suffixes) or _ignored(path, False, specs):
                    continue
                if skip is not None and skip(path):
                    continue
                if exclude_spec and exclude_spec.match_file(path.relative_to(root).as_posix()):
                    continue
                add(path, path.as_posix(), real_here)
    yield from sorted(found.values(), key=lambda t: t.display)
