"""What one file's rewrite must agree on with the other files of the same run, found before any file is migrated.

TFM307 renames the files a Keras 2 script saves (``save_weights("w.h5")`` -> ``"w.weights.h5"``, a
``ModelCheckpoint("best.hdf5")`` -> ``"best.h5"``). Another script of the same run that loads ``"w.h5"`` must
be renamed with it, or it no longer finds the file. Files are migrated one by one (in worker processes, or
answered from the cache), so the run looks at every file first, cheaply: only files whose text mentions one of
the endings are parsed, with Python's ``ast``. For each literal a file saves, it decides once for the run:

- every use of the literal in the run is a save or a load tfmigrate renames -> every file renames it, to the
  same new name;
- some file uses it otherwise (``os.path.exists("w.h5")``, ``h5py.File("w.h5")``, a config string), or two
  saves would give it different names -> no file renames it; each save site reports why.

A file is given only the decisions about literals it mentions (``Options.run_paths``), so that its cached
verdict is keyed by exactly the run facts that shaped it.

Readers outside the run are unknown: the writer is still renamed (its save fails on Keras 3 otherwise) and its
follow-up names the old and new file names for the scripts, configs and docs elsewhere.

TFM308 gives a script that draws MNIST batches a ~70-line stand-in for the removed tutorial module. Where two or
more scripts of one directory need it, the run writes it once beside them (``mnist_modules``; tfmigrate.newfiles
writes it) and tells each script to import it (``Options.run_mnist``, also part of its cache key): a script
migrated alone keeps the stand-in in the file, the same script beside a second one imports the module.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from tfmigrate import suppression
from tfmigrate.ftypes import Options
from tfmigrate.transforms.tfm307_keras3_save_paths import model_name, weights_name

# Substring tests, not a regular expression: an alternation scans the text once per position, ~1 ms per file.
ENDINGS = (".h5", ".hdf5", ".ckpt", "load_weights", "load_model", "save_weights", "ModelCheckpoint")
SAVES = (".save_weights(", "ModelCheckpoint(")


@dataclass
class _Uses:
    """One file's uses of path literals: (literal, kind, new name for a save)."""

    saves: list[tuple[str, str | None]] = field(default_factory=list)
    loads: set[str] = field(default_factory=set)
    others: set[str] = field(default_factory=set)


def _tail(node: ast.expr) -> str | None:
    """The literal text a path expression ends with, as TFM307 reads it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        last = node.values[-1]
        return last.value if isinstance(last, ast.Constant) and isinstance(last.value, str) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _tail(node.right)
    if isinstance(node, ast.Call) and node.args and _name(node.func).endswith("path.join"):
        return _tail(node.args[-1])
    return None


def _name(node: ast.expr) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def _arg(call: ast.Call, keyword: str, position: int) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    if len(call.args) > position and not any(isinstance(a, ast.Starred) for a in call.args[: position + 1]):
        return call.args[position]
    return None


def _checkpoint_name(call: ast.Call, text: str) -> str | None:
    weights_only = _arg(call, "save_weights_only", 4)
    if weights_only is None or (isinstance(weights_only, ast.Constant) and weights_only.value is False):
        return model_name(text)
    if isinstance(weights_only, ast.Constant) and weights_only.value is True:
        return weights_name(text)
    return None


KERAS_ROOTS = ("keras", "tensorflow", "tf_keras")


def _bind(node: ast.Import | ast.ImportFrom, bound: dict[str, str]) -> None:
    """Record the names an import binds -> what they import (``K`` -> ``keras.backend``)."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            bound[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]
    elif node.module and not node.level:
        for alias in node.names:
            bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"


def _keras_call(name: str, bound: dict[str, str]) -> bool:
    """A call TFM307 matches by qualified name (ModelCheckpoint, load_model): its root must be imported from
    Keras or TensorFlow; anything else counts as a use tfmigrate does not rename."""
    full = bound.get(name.partition(".")[0])
    return full is not None and full.split(".")[0] in KERAS_ROOTS


def _docstring(node: ast.AST) -> ast.AST | None:
    body = getattr(node, "body", None)
    if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
        return body[0].value
    return None


def uses(tree: ast.AST) -> _Uses:
    """Saves (with the name TFM307 gives them), loads and other uses of string literals in one module: one
    walk of the tree (large library files make more expensive)."""
    found = _Uses()
    bound: dict[str, str] = {}
    calls: list[ast.Call] = []
    strings: list[ast.Constant] = []
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                strings.append(node)
        elif isinstance(node, ast.Call):
            calls.append(node)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            _bind(node, bound)
        elif isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            doc = _docstring(node)
            if doc is not None:
                skip.add(id(doc))
    for node in calls:
        name = _name(node.func)
        last = name.rsplit(".", 1)[-1]
        method = isinstance(node.func, ast.Attribute) and last in ("save_weights", "load_weights")
        if method or (last in ("ModelCheckpoint", "load_model") and _keras_call(name, bound)):
            path = _arg(node, "filepath", 0)
            text = _tail(path) if path is not None else None
            if path is None or text is None:
                continue
            skip.update(id(n) for n in ast.walk(path))
            if last == "save_weights":
                found.saves.append((text, weights_name(text)))
            elif last == "ModelCheckpoint":
                found.saves.append((text, _checkpoint_name(node, text)))
            else:
                found.loads.add(text)
    for node in strings:
        value = cast(str, node.value)  # only str constants were collected
        if value and len(value) < 300 and id(node) not in skip and not any(c.isspace() for c in value):
            found.others.add(value)
    return found


def _trees(text: str, notebook: bool) -> Iterable[ast.AST]:
    if not notebook:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield ast.parse(text)
        return
    from tfmigrate.notebooks import _token_for, mask

    cells = json.loads(text).get("cells") or []
    token = _token_for(text)
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source") or ""
        source = "".join(source) if isinstance(source, list) else str(source)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                yield ast.parse(mask(source, token).text)
        except (SyntaxError, ValueError, RecursionError):
            continue


def read_uses(text: str, notebook: bool = False) -> _Uses | None:
    """None for a file that mentions no save ending (most files: no parse) or that does not parse. Strings
    with whitespace are no file names and are not kept."""
    if not any(word in text for word in ENDINGS):
        return None
    merged = _Uses()
    left_alone = suppression.skip_reason(text) is not None
    try:
        for tree in _trees(text, notebook):
            one = uses(tree)
            merged.saves += one.saves
            merged.loads |= one.loads
            merged.others |= one.others
    except (SyntaxError, ValueError, RecursionError, AttributeError, TypeError):
        return None
    if left_alone:  # a file tfmigrate leaves as it is renames nothing: its saves and loads bind the others
        merged.others |= merged.loads | {text for text, _ in merged.saves}
        merged.saves, merged.loads = [], set()
    return merged if merged.saves or merged.loads or merged.others else None


def collect(sources: Iterable[tuple[str, str, bool]]) -> dict[str, tuple[tuple[str, str, str], ...]]:
    """The run's decisions from (display, text, is notebook) of every file. Files that save are parsed first;
    the others only when their text contains a literal some file saves, so a run in which nothing is saved
    under a name TFM307 changes parses nothing else."""
    found: dict[str, _Uses] = {}
    rest: list[tuple[str, str, bool]] = []
    for display, text, notebook in sources:
        if any(word in text for word in SAVES):
            uses = read_uses(text, notebook)
            if uses is not None:
                found[display] = uses
        elif any(word in text for word in ENDINGS):
            rest.append((display, text, notebook))
    saved = {t for f in found.values() for t, new in f.saves if new is not None}
    if not saved:
        return {}
    for display, text, notebook in rest:
        if any(literal in text for literal in saved):
            uses = read_uses(text, notebook)
            if uses is not None:
                found[display] = uses
    return decide(found)


def decide(files: dict[str, _Uses]) -> dict[str, tuple[tuple[str, str, str], ...]]:
    """display -> ((literal, new name or "" for "rename nowhere", why), ...) for the literals it mentions."""
    names: dict[str, set[str | None]] = {}
    for found in files.values():
        for text, new in found.saves:
            names.setdefault(text, set()).add(new)
    decisions: dict[str, tuple[str, str]] = {}
    for text, new_names in names.items():
        renamed = {n for n in new_names if n is not None}
        if not renamed:
            continue
        others = sorted(d for d, f in files.items() if text in f.others)
        if len(new_names) > 1:
            decisions[text] = ("", "the run saves it in ways that need different Keras 3 names")
        elif others:
            decisions[text] = (
                "",
                f"{', '.join(others[:3])} also use{'s' if len(others) == 1 else ''} "
                "it where tfmigrate does not rename it",
            )
        else:
            readers = sorted(d for d, f in files.items() if text in f.loads)
            writers = sorted(d for d, f in files.items() if any(t == text for t, _ in f.saves))
            decisions[text] = (
                renamed.pop(),
                f"saved by {', '.join(writers[:3])}; loaded by {', '.join(readers[:3]) or 'no file of this run'}",
            )
    out: dict[str, tuple[tuple[str, str, str], ...]] = {}
    for display, found in files.items():
        mentioned = {t for t, _ in found.saves} | found.loads | found.others
        mine = tuple(sorted((t, *decisions[t]) for t in mentioned & decisions.keys()))
        if mine:
            out[display] = mine
    return out


# The MNIST tutorial stand-in (TFM308): one module per directory, not one copy per script.

MNIST = "examples.tutorials.mnist"


@dataclass(frozen=True)
class SharedModule:
    """A module the run writes (or finds, already written by an earlier run) beside the scripts that import it."""

    path: Path
    display: str
    name: str
    users: tuple[str, ...]  # the displays of the scripts that import it
    exists: bool  # already there, byte for byte: nothing to write
    note: str = ""  # why it is not called mnist_input_data


def mnist_modules(
    candidates: Iterable[tuple[str, Path, str]], options: Options, memo: dict | None = None
) -> list[SharedModule]:
    """The shared stand-ins of a run, from (display, path, text) of its scripts (not notebooks: they are often
    run from another directory, so the stand-in stays in them).

    Scripts group by their directory, which is what ``python dir/script.py`` puts first on ``sys.path``. A
    directory gets a module when two or more of its scripts need the stand-in, by TFM308's own predicate on
    the source; a package directory (``__init__.py``) does not, since its scripts may be run as
    ``python -m pkg.script``, where a plain ``import`` of a sibling fails. A module an earlier run wrote (the
    same bytes) serves even one script. Only those directories are parsed, so a run with one tutorial script
    per directory costs no parse. ``memo`` (content digest -> TFM308's answer) keeps the answers across runs.
    """
    from tfmigrate.transforms.tfm308_mnist_tutorial import SHARED, module_text

    by_directory: dict[str, list[tuple[str, Path, str]]] = {}
    for display, path, text in candidates:
        if MNIST in text:
            by_directory.setdefault(os.path.abspath(path.parent), []).append((display, path, text))
    found = []
    text = module_text()
    for directory, scripts in sorted(by_directory.items()):
        if os.path.lexists(os.path.join(directory, "__init__.py")):
            continue
        written = next((n for n in (SHARED, f"tfmigrate_{SHARED}") if _same_text(Path(directory, f"{n}.py"), text)), "")
        if len(scripts) < 2 and not written:
            continue
        users = tuple(
            d for d, _, source in scripts if _needs_stand_in(source, d, options, {} if memo is None else memo)
        )
        if len(users) < (1 if written else 2):
            continue
        name = written or next((n for n in (SHARED, f"tfmigrate_{SHARED}") if _free(Path(directory, n))), "")
        if name:
            display = (Path(users[0]).parent / f"{name}.py").as_posix()
            note = f"{SHARED}.py there is another file" if name != SHARED and not written else ""
            found.append(SharedModule(Path(directory, f"{name}.py"), display, name, users, bool(written), note))
    return found


def _free(stem: Path) -> bool:
    """No module, package or file of that name (``stem.py``, ``stem/``) that ``import stem`` could mean."""
    return not any(os.path.lexists(f"{stem}{suffix}") for suffix in (".py", "", ".pyc", ".so", ".pyd"))


def _needs_stand_in(text: str, display: str, options: Options, memo: dict) -> bool:
    """TFM308 runs on the file unsuppressed and gives it the stand-in. A file with line markers is left out: a
    marker could keep one import as it is."""
    import libcst as cst

    from tfmigrate import config
    from tfmigrate.transforms import selected
    from tfmigrate.transforms.tfm308_mnist_tutorial import needs_stand_in

    if suppression.skip_reason(text) is not None or suppression.has_markers(text):
        return False
    file_options = config.for_file(options, display)
    if not any(
        r.CODE == "TFM308" and r.active(file_options) for r in selected(file_options.select, file_options.ignore)
    ):
        return False
    key = hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
    if key not in memo:
        try:
            memo[key] = needs_stand_in(cst.parse_module(text))
        except (cst.ParserSyntaxError, RecursionError):
            memo[key] = False
    return memo[key] is True


def _same_text(path: Path, text: str) -> bool:
    try:
        return path.is_file() and not path.is_symlink() and path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False
