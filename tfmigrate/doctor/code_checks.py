"""Code checks: every tensorflow / keras import and ``tf.`` attribute chain in the given files, tried against
the inspected interpreter's TensorFlow in a child process (each distinct statement once), and for each one
that would fail, the tfmigrate rule that rewrites it (found by running tfmigrate on the statement)."""

from __future__ import annotations

import ast
import json
import shlex
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from tfmigrate.doctor.findings import Finding, Severity
from tfmigrate.doctor.import_probe import TensorFlowChild

ROOTS = ("tensorflow", "keras", "tf_keras")
MAX_LOCATIONS = 20


@dataclass(frozen=True)
class Usage:
    """One statement as written: ``text`` is the import statement or the attribute chain; ``setup`` the import
    that binds the chain's root; ``snippet`` a minimal program tfmigrate can be run on to find the fixing rule."""

    path: str
    line: int
    kind: str  # "import" | "attribute"
    text: str
    setup: str
    snippet: str

    @property
    def key(self) -> str:
        return f"{self.kind}\0{self.setup}\0{self.text}"

    @property
    def file(self) -> str:
        return self.path.split("[cell ", 1)[0]

    @property
    def qualified(self) -> str:
        """The dotted name the statement means: ``tf.Session`` after ``import tensorflow as tf`` is
        ``tensorflow.Session``; ``from tensorflow.contrib import slim`` is ``tensorflow.contrib.slim``."""
        statement = self.text if self.kind == "import" else self.setup
        words = statement.split()
        if words[0] == "import":
            base = words[1] if "as" in words else words[1].split(".")[0]
        else:
            base = f"{words[1]}.{words[3]}"
        if self.kind == "import":
            return base if words[0] == "from" else words[1]
        return ".".join([base, *self.text.split(".")[1:]])


@dataclass(frozen=True)
class Resolution:
    ok: bool
    error_type: str = ""
    message: str = ""

    @property
    def error(self) -> str:
        return f"{self.error_type}: {self.message}" if self.message else self.error_type


@dataclass
class CodeReport:
    usages: list[Usage] = field(default_factory=list)
    results: dict[str, Resolution] = field(default_factory=dict)
    unreadable: list[tuple[str, str]] = field(default_factory=list)

    def failing(self) -> list[Usage]:
        return [u for u in self.usages if u.key in self.results and not self.results[u.key].ok]


def _import_text(node: ast.Import | ast.ImportFrom, alias: ast.alias) -> str:
    suffix = f" as {alias.asname}" if alias.asname else ""
    if isinstance(node, ast.Import):
        return f"import {alias.name}{suffix}"
    return f"from {node.module} import {alias.name}{suffix}"


def _root(module: str | None) -> str:
    return (module or "").split(".")[0]


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _assigned(scope: ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    """Names (re)bound in ``scope`` itself, not in nested functions: a module-level ``tf = ...`` or a function
    parameter named ``tf`` means the name is no longer the imported module there."""
    names: set[str] = set()
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        args = scope.args
        names |= {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg) if a}
    body = scope.body if isinstance(scope.body, list) else [scope.body]
    stack = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            stack.extend(node.decorator_list)
            continue
        if isinstance(node, ast.Lambda):
            continue
        stack.extend(ast.iter_child_nodes(node))
    return names


def _globals(scope: ast.AST) -> set[str]:
    return {name for n in ast.walk(scope) if isinstance(n, (ast.Global, ast.Nonlocal)) for name in n.names}


def _chain(node: ast.AST) -> list[str] | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return [node.id, *reversed(parts)]
    return None


class _Scanner(ast.NodeVisitor):
    def __init__(self, path: str, source: str, tree: ast.Module) -> None:
        self.path, self.source = path, source
        self.usages: list[Usage] = []
        self.bindings: dict[str, str] = {}
        self.local_scopes: list[set[str]] = []
        rebound = _assigned(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if _root(alias.name) in ROOTS:
                        local = alias.asname or _root(alias.name)
                        if local not in rebound:
                            self.bindings.setdefault(
                                local, _import_text(node, alias) if alias.asname else f"import {alias.name}"
                            )
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and _root(node.module) in ROOTS:
                for alias in node.names:
                    local = alias.asname or alias.name
                    if alias.name != "*" and local not in rebound:
                        self.bindings.setdefault(local, _import_text(node, alias))

    def _scoped(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        self.local_scopes.append(_assigned(node) - _globals(node))
        self.generic_visit(node)
        self.local_scopes.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _scoped

    def add(self, node: ast.AST, kind: str, text: str, setup: str, snippet: str) -> None:
        self.usages.append(Usage(self.path, getattr(node, "lineno", 0), kind, text, setup, snippet))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if _root(alias.name) in ROOTS:
                text = _import_text(node, alias)
                self.add(node, "import", text, "", text + "\n")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level == 0 and _root(node.module) in ROOTS:
            for alias in node.names:
                text = _import_text(node, alias)
                self.add(node, "import", text, "", text + "\n")

    def _attribute(self, node: ast.Attribute, call: ast.Call | None) -> bool:
        parts = _chain(node)
        if not parts or parts[0] not in self.bindings or not isinstance(node.ctx, ast.Load):
            return False
        if any(parts[0] in scope for scope in self.local_scopes):
            return False
        setup = self.bindings[parts[0]]
        shown = ast.get_source_segment(self.source, call if call is not None else node) or ".".join(parts)
        snippet = f"{setup}\n{shown}\n" if "\n" not in shown else f"{setup}\n{'.'.join(parts)}\n"
        self.add(node, "attribute", ".".join(parts), setup, snippet)
        return True

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Attribute) and self._attribute(node.func, node):
            for child in (*node.args, *node.keywords):
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if not self._attribute(node, None):
            self.generic_visit(node)


def scan_source(source: str, path: str) -> list[Usage]:
    """Every tensorflow/keras import and attribute chain in ``source``; raises SyntaxError/ValueError."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = ast.parse(source, filename=path)
    scanner = _Scanner(path, source, tree)
    scanner.visit(tree)
    return scanner.usages


def _files(paths: Iterable[str]) -> list[tuple[Path, str]]:
    from tfmigrate.discovery import discover

    return [(t.path, t.display) for t in discover(list(paths), suffixes=(".py", ".ipynb"))]


def _notebook_usages(text: str, display: str) -> list[Usage]:
    """A notebook's code cells joined in order (an import in cell 1 binds ``tf`` in cell 5), IPython lines
    (%magic, !shell, help?) blanked; usages are reported as ``nb.ipynb[cell N]:line``."""
    notebook = json.loads(text)
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise ValueError("not a notebook: no 'cells' list")
    lines: list[str] = []
    where: list[tuple[int, int]] = []
    for number, cell in enumerate(notebook["cells"], 1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        for index, line in enumerate(source.splitlines(), 1):
            stripped = line.strip()
            magic = stripped[:1] in ("%", "!", "?") or (stripped.endswith("?") and not stripped.startswith("#"))
            lines.append("" if magic else line)
            where.append((number, index))
    usages = scan_source("\n".join(lines) + "\n", display)
    return [
        Usage(f"{display}[cell {where[u.line - 1][0]}]", where[u.line - 1][1], u.kind, u.text, u.setup, u.snippet)
        for u in usages
        if 0 < u.line <= len(where)
    ]


def scan_paths(paths: Iterable[str]) -> CodeReport:
    from tfmigrate.fileio import read_source
    from tfmigrate.ftypes import SourceError

    report = CodeReport()
    for path, display in _files(paths):
        try:
            text = read_source(path).text
            report.usages += _notebook_usages(text, display) if path.suffix == ".ipynb" else scan_source(text, display)
        except (OSError, SourceError, SyntaxError, ValueError, RecursionError) as err:
            report.unreadable.append((display, getattr(err, "reason", None) or str(err)))
    return report


def resolve(report: CodeReport, child: TensorFlowChild, timeout: float) -> str | None:
    """Try each distinct statement once in the probe's child; returns an error text when the child failed."""
    distinct = {u.key: u for u in report.usages}
    if not distinct:
        return None
    items = [{"key": k, "kind": u.kind, "text": u.text, "setup": u.setup} for k, u in distinct.items()]
    rows, failure = child.check(items, timeout)
    for row in rows:
        report.results[row["key"]] = Resolution(row["ok"], row.get("error_type", ""), row.get("message", ""))
    return failure


@cache
def rewrite_of(snippet: str) -> tuple[tuple[str, ...], tuple[str, ...], str | None]:
    """(codes that rewrite the snippet, codes that only report it for a human, the rewritten snippet), from
    running tfmigrate itself on it."""
    from tfmigrate.api import migrate_source
    from tfmigrate.ftypes import Status

    result = migrate_source(snippet, filename="doctor-snippet.py")
    if result.status is Status.FAILED:
        return (), (), None
    changed = tuple(sorted({c.code for c in result.changes})) if result.changed else ()
    reported = tuple(sorted({f.code for f in result.followups} - set(changed)))
    return changed, reported, result.migrated if result.changed else None


def rules_for(snippet: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    changed, reported, _ = rewrite_of(snippet)
    return changed, reported


def verify_rewrites(usages: list[Usage], child: TensorFlowChild, timeout: float) -> dict[str, list[str]]:
    """For each failing statement tfmigrate rewrites, try the rewritten statements in one more child: key ->
    what still fails afterwards (empty: the rewrite resolves). Keys are missing when nothing could be tried."""
    rewritten: dict[str, list[Usage]] = {}
    for usage in usages:
        migrated = rewrite_of(usage.snippet)[2]
        if migrated is not None:
            try:
                rewritten[usage.key] = scan_source(migrated, "rewritten")
            except (SyntaxError, ValueError):
                continue
    after = CodeReport([u for found in rewritten.values() for u in found])
    if not after.usages or resolve(after, child, timeout):
        return {}
    return {
        key: [
            f"`{u.text}` still raises {after.results[u.key].error}"
            for u in found
            if u.key in after.results and not after.results[u.key].ok
        ]
        for key, found in rewritten.items()
    }


def fix_for(usage: Usage, files: list[str], error: str = "", stopgap: str | None = None) -> str:
    changed, reported = rules_for(usage.snippet)
    where = " ".join(shlex.quote(f) for f in files)
    if changed:
        return f"tfmigrate --select {','.join(changed)} --diff {where}"
    if reported:
        return f"no automatic rewrite: {', '.join(reported)} lists it for a manual fix (tfmigrate --diff {where})"
    keras_related = "Keras 3" in error or "keras" in usage.qualified.split(".")[:3]
    hint = f"; or keep Keras 2 behind tf.keras: {stopgap}" if stopgap and keras_related else ""
    return f"no tfmigrate rule rewrites this statement: change it by hand{hint}"


def check_code(
    paths: list[str], child: TensorFlowChild, timeout: float, tensorflow_imports: bool, stopgap: str | None = None
) -> tuple[list[Finding], CodeReport]:
    """Findings for every failing statement in ``paths``; ``stopgap`` is the tf-keras setting offered for
    Keras statements no rule rewrites."""
    report = scan_paths(paths)
    findings = [
        Finding("code-unreadable", Severity.WARNING, f"{path}: cannot be checked", (reason,), None, location=path)
        for path, reason in report.unreadable
    ]
    if not report.usages:
        findings.append(
            Finding(
                "code-checks",
                Severity.INFO,
                "No tensorflow or keras statements in the given paths",
                (f"paths: {', '.join(paths)}",),
            )
        )
        return findings, report
    if not tensorflow_imports:
        findings.append(
            Finding(
                "code-checks",
                Severity.WARNING,
                f"{len(report.usages)} tensorflow/keras statements not checked: TensorFlow does not import",
                ("fix the import-* error first; every statement would fail the same way",),
                None,
            )
        )
        return findings, report
    failure = resolve(report, child, timeout)
    if failure:
        findings.append(
            Finding(
                "code-checks",
                Severity.ERROR,
                "The code checks could not run",
                (failure,),
                "rerun with a larger --timeout",
            )
        )
        return findings, report
    groups: dict[str, list[Usage]] = {}
    for usage in report.failing():
        groups.setdefault(usage.key, []).append(usage)
    verified = verify_rewrites([g[0] for g in groups.values()], child, timeout)
    for key, usages in groups.items():
        first, error = usages[0], report.results[key].error
        locations = [f"{u.path}:{u.line}" for u in usages]
        shown = locations[:MAX_LOCATIONS] + (
            [f"... and {len(locations) - MAX_LOCATIONS} more"] if len(locations) > MAX_LOCATIONS else []
        )
        what = first.text if first.kind == "import" else f"{first.text} (after `{first.setup}`)"
        files = sorted({u.file for u in usages})
        after = verified.get(key)
        check = [] if after is None else after or ["after tfmigrate's rewrite it resolves against this TensorFlow"]
        findings.append(
            Finding(
                "code-fails",
                Severity.ERROR,
                f"{locations[0]}: {what} raises {error}",
                (f"{len(usages)} occurrence(s):", *shown, *check),
                fix_for(first, files, error, stopgap),
                location=locations[0],
            )
        )
    distinct = len({u.key for u in report.usages})
    findings.append(
        Finding(
            "code-checks",
            Severity.INFO,
            f"Checked {len(report.usages)} tensorflow/keras statements ({distinct} distinct): "
            f"{len(report.failing())} would fail",
            (),
        )
    )
    return findings, report
