"""Import edits (``import tensorflow.compat.v1 as tf`` -> ``import tensorflow as tf``, TF1-only names imported from
tf.compat.v1) and the tensorflow imports at module level, which the legacy-Keras line goes after."""

from __future__ import annotations

import ast

import libcst as cst

from tfmigrate.model import Model
from tfmigrate.transforms._edit_support import TRY_STAR, Decline
from tfmigrate.transforms._tf1 import COMPAT_V1, DIFFERENT, SAME, TF, UNUSABLE, add_legacy_keras, fate
from tfmigrate.transforms._tf1_edits.names import Names


class ImportEdits(Names):
    """TF1Api.leave_Import and leave_ImportFrom."""

    def plan_import(self, stmt: ast.Import) -> None:
        """TF1Api.leave_Import: ``import tensorflow.compat.v1 as tf`` -> ``import tensorflow as tf``."""
        changed = False
        for alias in stmt.names:
            if alias.asname in self.upgrade and alias.name == COMPAT_V1:
                start = self.m.offset(alias.lineno, alias.col_offset)
                if self.m.text[start : start + len(COMPAT_V1)] != COMPAT_V1:
                    raise Decline("an import spelled with spaces")
                self.edits.replace(start, start + len(COMPAT_V1), TF)
                changed = True
        if changed:
            self.change(stmt, "import tensorflow.compat.v1 -> import tensorflow (names rewritten below)")

    def plan_import_from(self, stmt: ast.ImportFrom) -> None:
        """TF1Api.leave_ImportFrom."""
        if stmt.level or stmt.module is None or any(a.name == "*" for a in stmt.names):
            return
        module = stmt.module
        if module == "tensorflow.compat" and len(stmt.names) == 1:
            alias = stmt.names[0]
            bound = alias.asname or alias.name
            if alias.name == "v1" and bound in self.upgrade:
                start, end = self.alone(stmt)
                self.change(stmt, "from tensorflow.compat import v1 -> import tensorflow (names rewritten)")
                self.edits.replace(start, end, f"import {TF}" + (f" as {bound}" if bound != TF else ""))
            return
        if module != TF and not module.startswith(TF + "."):
            return
        if module.startswith(("tensorflow.compat", "tensorflow.python", "tensorflow.keras", "tensorflow.contrib")):
            return
        sub = module[len(TF) + 1 :] if module != TF else ""
        fates = [(p, fate(p)) for p in (f"{sub}.{a.name}" if sub else a.name for a in stmt.names)]
        moving = [p for p, f in fates if f not in (None, SAME, DIFFERENT, UNUSABLE)]
        if not moving:
            return
        if len(moving) != len(fates):
            self.follow_up(
                stmt,
                f"import mixes TF2 names with TF1-only names ({', '.join(moving)}): import those from "
                "tensorflow.compat.v1",
            )
            return
        new_module = f"{COMPAT_V1}.{sub}" if sub else COMPAT_V1
        start = self.m.offset(stmt.lineno, stmt.col_offset)
        head = self.m.text[start : start + len("from ") + len(module) + 1]
        if head != f"from {module} ":
            raise Decline("an import spelled with other spaces")
        self.change(stmt, f"from {module} import ... -> from {new_module} import ... (TF1-only names)")
        self.edits.replace(start + len("from "), start + len("from ") + len(module), new_module)

    def alone(self, stmt: ast.stmt) -> tuple[int, int]:
        m = self.m
        start, end = m.span(stmt)
        if (
            m.text[m.line_start(stmt.lineno) : start].strip()
            or m.text[end : m.text.find("\n", end)].split("#")[0].strip()
        ):
            raise Decline("an import sharing its line")
        return start, end


def top_level_imports(stmt: ast.stmt) -> list[ast.Import | ast.ImportFrom]:
    """_tf1._top_level_imports: a statement's own imports, or those in the arms of a try/if."""
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return [stmt]
    found: list[ast.Import | ast.ImportFrom] = []
    if isinstance(stmt, (ast.Try, *TRY_STAR)):
        blocks = [stmt.body, *(h.body for h in stmt.handlers), stmt.orelse, stmt.finalbody]  # type: ignore[attr-defined]
    elif isinstance(stmt, ast.If):
        blocks = [stmt.body, stmt.orelse]
    else:
        return found
    for block in blocks:
        for inner in block:
            found += top_level_imports(inner)
    return found


def import_bindings(stmt: ast.Import | ast.ImportFrom) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if isinstance(stmt, ast.Import):
        for alias in stmt.names:
            if alias.asname is not None:
                found.append((alias.asname, alias.name))
            else:
                found.append((alias.name.split(".")[0], alias.name.split(".")[0]))
    elif not stmt.level and stmt.module is not None:
        for alias in stmt.names:
            if alias.name != "*":
                found.append((alias.asname or alias.name, f"{stmt.module}.{alias.name}"))
    return [(n, t) for n, t in found if t == TF or t.startswith(TF + ".")]


def with_legacy_keras(text: str) -> str:
    """_tf1.add_legacy_keras on the module's head: the statements through the first tensorflow import."""
    tree = ast.parse(text)
    body = tree.body
    index = next((i for i, s in enumerate(body) if any(import_bindings(x) for x in top_level_imports(s))), None)
    if index is None:
        raise Decline("no tensorflow import for the legacy-Keras line")
    stmt = body[index]
    model = Model(text, tree)
    if index + 1 < len(body) and body[index + 1].lineno == stmt.end_lineno:
        raise Decline("a statement after the tensorflow import on its line")
    end = model.span(stmt)[1]
    cut = text.find("\n", end) + 1
    if text[end:cut].split("#")[0].strip() or cut == 0:
        raise Decline("a statement after the tensorflow import on its line")
    head = text[:cut]
    module = cst.parse_module(head)
    if module.code != head or len(module.body) != index + 1:
        raise Decline("a head libcst reads otherwise")
    new, inserted = add_legacy_keras(module)
    if not inserted:
        raise Decline("no legacy-Keras line inserted")
    return new.code + text[cut:]
