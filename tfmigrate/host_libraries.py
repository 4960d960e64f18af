"""Modules a Session program imports that are neither TensorFlow, nor a module of its tree, nor one of the plain
libraries tfmigrate knows (``SAFE_MODULES``): ``import gym``, ``from PIL import Image``, ``import ReadFile`` kept in
a directory on the path. Host code or not, decided from where Python would import the module, without importing it.

A TF1 program feeds what such a library computes (an environment's observation, an image as an array) to its
graph through ``feed_dict`` or uses it as Python numbers; a library that never imports TensorFlow cannot build a
graph op, so its calls are host code exactly as numpy's are (the analysis still refuses a graph value passed to it,
as it does for numpy). The decision, first match wins:

1. A library known to build TensorFlow ops (``GRAPH_LIBRARIES``: TensorFlow's own packages, Keras, TF-Hub,
   tflearn, Sonnet, TensorLayer, ...; many declare no dependency on TensorFlow and import it when it is there) is
   not host code.
2. The first directory of ``sys.path`` (the interpreter running tfmigrate: run it with the ``PYTHONPATH`` the
   program runs with) that holds the module decides, as Python's import would:
   the standard library's directories: host code;
   a directory whose installed distribution declares the module (``*.dist-info``): host code unless that
   distribution requires a TensorFlow-family distribution (``TF_DISTRIBUTIONS``), directly (an optional extra
   counts: such a library uses TensorFlow when it is installed) or through the installed distributions it
   requires unconditionally;
   source in any other directory (a data module kept beside others under ``support/``): read with ``ast`` as a
   module of the program's tree is (tfmigrate.siblings);
   a directory without ``__init__.py`` (a PEP 420 namespace package, ``model/data.py``): the search goes on, as
   Python's does, for a module or package of that name later on the path; with none, the namespace package's
   submodules are read as source when one directory holds it (several: not host code, not read);
   anything else there (a compiled module no distribution declares): not host code.
3. A module built into the interpreter or named by ``sys.stdlib_module_names``: host code; one an installed
   distribution declares elsewhere (an editable install's finder): the distribution's rule above.
4. Found nowhere: not host code (tfmigrate cannot tell what it does).

The answer depends on the installed environment, so it is a run fact like a sibling module's verdict: the key it
returns (the distribution and its version, ``standard library``, or the file read) goes into the program's cache
key. Distribution metadata is read once per process.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import sysconfig
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

GRAPH_LIBRARIES = frozenset(
    {
        "tensorflow",
        "keras",
        "tf_keras",
        "tensorboard",
        "tflearn",
        "sonnet",
        "tensorlayer",
        "tf_slim",
        "gpflow",
        "edward",
        "tensor2tensor",
        "trfl",
        "baselines",
        "stable_baselines",
        "dopamine",
        "horovod",
        "transformers",
        "official",  # the TensorFlow Model Garden
    }
)
# Distributions whose presence among a library's requirements makes it a TensorFlow user (normalized names); any
# name starting with ``tensorflow`` or ``tf-`` is one too.
TF_DISTRIBUTIONS = frozenset(
    {"keras", "tensorboard", "intel-tensorflow", "tflearn", "dm-sonnet", "tensorlayer", "gpflow", "edward", "trfl"}
)
STANDARD_LIBRARY = "standard library"
NAMESPACE = "namespace"  # _holds: a directory without __init__.py
UNREAD = "is not on the path, in the standard library or installed here"  # the verdict's end: found nowhere


@dataclass(frozen=True)
class Decision:
    """Where the module was found and what follows: ``verdict`` is "" for host code, else why not; ``key`` is what
    the verdict read (for the cache key); ``source`` is a directory of the path whose ``.py`` file of the module
    must be read instead (then ``verdict`` and ``key`` are empty)."""

    verdict: str
    key: str
    source: Path | None = None


def builds_graph(root: str) -> bool:
    """``root`` (a top-level module name) is a library known to build TensorFlow ops."""
    return root in GRAPH_LIBRARIES or root.startswith("tensorflow")


def decide(root: str) -> Decision:
    """Whether the top-level module ``root`` runs host code only (see the module docstring for the order)."""
    if builds_graph(root):
        return Decision(f"`{root}` builds TensorFlow graph ops", root)
    portions: list[Path] = []  # directories holding ``root`` as a namespace package, in the path's order
    for entry in sys.path:
        directory = Path(os.path.abspath(entry or os.curdir))
        holds = _holds(directory, root)
        if holds is None:
            continue
        if str(directory) in _stdlib_directories():
            return Decision("", STANDARD_LIBRARY)
        declared = _declared_by(str(directory), root)
        if declared is not None:
            return _distribution(root, declared)
        if holds == NAMESPACE:
            if directory not in portions:  # ``""`` and ``"."`` both name the working directory
                portions.append(directory)
            continue  # a module or regular package later on the path is what Python imports
        if holds:
            return Decision("", "", directory)
        return Decision(f"`{root}` is a compiled module in {directory} that no installed distribution declares", "")
    if len(portions) == 1:
        return Decision("", "", portions[0])
    if portions:
        where = ", ".join(map(str, portions))
        return Decision(f"`{root}` is a namespace package spread over several directories ({where})", "")
    if root in sys.builtin_module_names or root in sys.stdlib_module_names:
        return Decision("", STANDARD_LIBRARY)
    anywhere = _everywhere().get(root)
    if anywhere:
        return _distribution(root, anywhere[0])
    return Decision(f"`{root}` {UNREAD}", "")


def _holds(directory: Path, root: str) -> bool | str | None:
    """True: ``directory`` holds the source of module ``root``; NAMESPACE: a directory ``root`` without
    ``__init__.py`` (PEP 420: a portion of a namespace package, whose submodules are source like any other);
    False: the module compiled; None: not at all. Python's order within one directory: a package, then a module
    (an extension first), then a namespace portion."""
    if (directory / root / "__init__.py").is_file():
        return True
    if any((directory / name).is_file() for name in _compiled(root)):
        return False
    if (directory / f"{root}.py").is_file():
        return True
    if (directory / root).is_dir():
        return NAMESPACE
    return None


def _compiled(root: str) -> list[str]:
    """The names of module ``root`` compiled: an extension module or a package whose ``__init__`` is one."""
    return [f"{stem}{suffix}" for stem in (root, f"{root}/__init__") for suffix in EXTENSION_SUFFIXES]


@functools.cache
def _stdlib_directories() -> frozenset[str]:
    paths = sysconfig.get_paths()
    found = {os.path.abspath(paths[k]) for k in ("stdlib", "platstdlib") if k in paths}
    return frozenset(found | {os.path.join(p, "lib-dynload") for p in found})


def _declared_by(directory: str, root: str) -> str | None:
    """The distribution installed in ``directory`` that declares module ``root``: the one named like it, else any."""
    for dist in metadata.distributions(name=root, path=[directory]):
        if root in _top_levels(dist):
            return dist.metadata["Name"]
    return _declared(directory).get(root)


@functools.cache
def _everywhere() -> Mapping[str, list[str]]:
    return metadata.packages_distributions()


@functools.cache
def _declared(directory: str) -> dict[str, str]:
    """Top-level module -> the name of the distribution installed in ``directory`` that declares it."""
    found: dict[str, str] = {}
    for dist in metadata.distributions(path=[directory]):
        name = dist.metadata["Name"]
        if not name:
            continue
        for top in _top_levels(dist):
            found.setdefault(top, name)
    return found


def _top_levels(dist: metadata.Distribution) -> set[str]:
    listed = dist.read_text("top_level.txt")
    if listed:
        return set(listed.split())
    tops = set()
    for file in dist.files or ():
        parts = file.parts
        if not parts or parts[0] in ("..", "__pycache__") or parts[0].endswith((".dist-info", ".egg-info", ".pth")):
            continue
        tops.add(parts[0].split(".")[0] if len(parts) == 1 else parts[0])
    return tops


def _distribution(root: str, name: str) -> Decision:
    version = _version(name)
    key = f"{name} {version}"
    chain = _tensorflow_requirement(_normalized(name), frozenset())
    if chain:
        return Decision(f"`{root}` is installed from {key}, which requires {' -> '.join(chain)}", key)
    return Decision("", key)


def _tensorflow_requirement(name: str, seen: frozenset[str]) -> list[str] | None:
    """The requirements leading from distribution ``name`` to a TensorFlow-family one: any direct requirement
    (an extra included), or the installed unconditional requirements' own."""
    if _tensorflow_family(name):
        return [name]
    requires = _requires(name)
    for requirement, _ in requires:
        if _tensorflow_family(requirement):
            return [requirement]
    for requirement, optional in requires:
        if optional or requirement in seen or requirement == name:
            continue
        below = _tensorflow_requirement(requirement, seen | {name})
        if below:
            return [requirement, *below]
    return None


def _tensorflow_family(name: str) -> bool:
    return name in TF_DISTRIBUTIONS or name == "tensorflow" or name.startswith(("tensorflow-", "tf-"))


@functools.cache
def _requires(name: str) -> tuple[tuple[str, bool], ...]:
    """(normalized requirement, only with an extra) of the installed distribution ``name``; () when not installed."""
    try:
        requires = metadata.distribution(name).requires or []
    except metadata.PackageNotFoundError:
        return ()
    found = []
    for line in requires:
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", line)
        if match:
            marker = line.partition(";")[2]
            found.append((_normalized(match.group(1)), bool(re.search(r"\bextra\b", marker))))
    return tuple(found)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
