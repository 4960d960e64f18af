"""A file or folder named like a package (tensorflow.py, keras/, numpy.py, tf_keras/) ahead of site-packages
on sys.path: ``import tensorflow`` then runs the user's file, usually ending in a circular import."""

from __future__ import annotations

import os
import shlex
from collections.abc import Sequence
from pathlib import Path

from tfmigrate.doctor.distributions import TF_FLAVORS, Inventory
from tfmigrate.doctor.environment import Facts
from tfmigrate.doctor.findings import Finding, Severity

PACKAGES = {"tensorflow": TF_FLAVORS, "keras": ("keras",), "tf_keras": ("tf-keras",), "numpy": ("numpy",)}


def _candidates(directory: Path, name: str) -> list[Path]:
    """What in ``directory`` would be imported as ``name`` (a folder without __init__.py only becomes a
    namespace package, which loses to any regular package later on the path)."""
    found = []
    for candidate in (directory / name / "__init__.py", directory / f"{name}.py", directory / f"{name}.pyc"):
        if candidate.is_file():
            found.append(candidate.parent if candidate.name == "__init__.py" else candidate)
    try:
        found += [p for p in directory.glob(f"{name}.*") if p.suffix in (".so", ".pyd") and p.is_file()]
    except OSError:
        pass
    return found


def _shown(path: Path, cwd: str) -> str:
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith(os.pardir) else f"./{rel}" if not rel.startswith(".") else rel


def _fix(path: Path, name: str, cwd: str) -> str:
    new = path.with_name(f"my_{path.stem}{path.suffix}" if path.is_file() else f"my_{name}")
    command = f"mv {shlex.quote(_shown(path, cwd))} {shlex.quote(_shown(new, cwd))}"
    cache = path.parent / "__pycache__"
    if path.is_file() and cache.is_dir():
        command += f" && rm -f {shlex.quote(_shown(cache, cwd))}/{name}.*.pyc"
    return command + "  # and rename the imports of it in your own code"


def _installed_location(inv: Inventory, name: str) -> str | None:
    for dist_name in PACKAGES[name]:
        dist = inv.get(dist_name)
        if dist is not None and dist.location:
            return dist.location
    return None


def _inside(package: Path, location: str) -> bool:
    """Whether ``package`` sits in the installed distribution's folder; a folder reached through a symlink
    (site-packages linked in, a symlinked package) counts by its path as well as by its target."""
    parent = os.path.normpath(package.parent)
    return parent in (os.path.normpath(location), os.path.realpath(location)) or os.path.realpath(package).startswith(
        os.path.realpath(location) + os.sep
    )


def check_shadowing(facts: Facts, inv: Inventory, script_dirs: Sequence[Path] = ()) -> list[Finding]:
    cwd = facts.cwd
    findings: list[Finding] = []
    seen: set[Path] = set()

    def report(path: Path, name: str, why: str) -> None:
        if path.resolve() in seen:
            return
        seen.add(path.resolve())
        installed = _installed_location(inv, name)
        evidence = [why, f"the installed {name} is in {installed}" if installed else f"{name} is not installed"]
        findings.append(
            Finding(
                f"shadowing-{name}",
                Severity.ERROR,
                f"{_shown(path, cwd)} shadows the {name} package: `import {name}` loads it instead",
                tuple(evidence),
                _fix(path, name, cwd),
                location=str(path),
            )
        )

    for name in PACKAGES:
        spec = (facts.specs or {}).get(name) or {}
        origin = spec.get("origin") if isinstance(spec, dict) else None
        installed = _installed_location(inv, name)
        if origin and origin not in ("namespace", "built-in", "frozen"):
            where = Path(origin)
            top = where.parent if where.name == "__init__.py" else where
            if installed is None or not _inside(top, installed):
                if installed is not None or str(top.parent) in (cwd, *[p for p in facts.path if p]):
                    entry = next(
                        (
                            p or "'' (the current directory)"
                            for p in facts.path
                            if os.path.realpath(p or cwd) == os.path.realpath(top.parent)
                        ),
                        str(top.parent),
                    )
                    report(
                        top, name, f"importlib.util.find_spec({name!r}) resolves to {origin} (sys.path entry {entry})"
                    )
    for directory in [Path(cwd), *script_dirs]:
        for name in PACKAGES:
            for path in _candidates(directory, name):
                why = (
                    "it is in the current directory, which is first on sys.path for python -c, -m and the REPL"
                    if directory == Path(cwd)
                    else f"running a script in {_shown(directory, cwd)} puts that directory first on sys.path"
                )
                report(path, name, why)
    return findings
