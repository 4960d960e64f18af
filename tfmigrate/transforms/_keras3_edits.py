"""TFM301 (Keras 3 module paths) and TFM306 (``--keras tf-keras``) planned on the ast model as range edits.

Why: TFM301 acts on most Keras 2 files and TFM306 on every Keras file of a tf-keras run, and on libcst each
paid for a scope and qualified-name analysis of the whole module and a transform that rebuilt it, to change a
few import lines and dotted names. The plans here make the libcst rules' decisions (the same table look-ups,
messages and lines) from :mod:`tfmigrate.model`: a written-out Keras 2 path replaces the source range of its
chain, and each import line TFM301 rewrites is rewritten by the libcst rule's own code on a parse of that
line alone.

Where the libcst rule's answer depends on something the plan does not model exactly (an import sharing its
line, a parenthesized path, a path reached through a call, a root bound by ``global``/``del``, CR line ends,
form feeds, ...), the plan returns None and the engine runs the libcst rule instead: the output is the same
either way (tests/test_engine_edits.py).
"""

from __future__ import annotations

import ast
import re
from functools import cache

import libcst as cst

from tfmigrate.edits import Edit, Overlap, apply
from tfmigrate.facts import full_name
from tfmigrate.model import Chain, Model
from tfmigrate.transforms import _keras3 as k3
from tfmigrate.transforms._edit_support import Decline, expression_line
from tfmigrate.transforms._tf1_edits import parenthesized
from tfmigrate.transforms.base import Transform

_TAIL = re.compile(r"[ \t]*(#[^\r\n]*)?\n")
_NEXT = re.compile(r"[ \t]*;[ \t]*[^\s#\\]")
_DECLINED = (Decline, Overlap, cst.ParserSyntaxError, SyntaxError, RecursionError)


def plan_module_paths(rule, model: Model) -> str | None:
    """TFM301's migrated text, or None when the libcst rule must run. Reports go through ``rule``."""
    try:
        return _ModulePaths(rule, model).run()
    except _DECLINED:
        return None
    finally:
        vars(rule).pop("line_of", None)  # the libcst rule, if it runs, reports its own nodes' lines


def plan_tf_keras(rule, model: Model) -> str | None:
    """TFM306's migrated text, or None when the libcst rule must run. Reports go through ``rule``."""
    try:
        return _TfKeras(rule, model).run()
    except _DECLINED:
        return None


def _plain_text(m: Model) -> None:
    if "\r" in m.text or "\x0c" in m.text or not m.text.endswith("\n"):
        raise Decline("line ends libcst may not reproduce")


@cache
def _module_lasts() -> frozenset[str]:
    """The last part of every Keras 2 module Keras 3 lacks: a written-out path names one before its symbol."""
    return frozenset(module.rpartition(".")[2] for module in k3.table()["modules"])


def _names(m: Model, chain: Chain, index: int) -> set[str]:
    """libcst's qualified names of ``chain.nodes[index]``, through every binding of its root."""
    full = chain.dotted(index)
    out: set[str] = set()
    for binding in m.resolve(chain.parts[0], chain.scope):
        if binding.kind in ("global", "del"):
            raise Decline(f"{binding.name} is bound by global or del")
        out |= m.qualified_names(binding, full)
    return out


class _ModulePaths:
    """tfm301_keras3_module_paths.KerasModulePaths on the model."""

    def __init__(self, rule, model: Model) -> None:
        self.rule = rule
        self.m = model
        self.lines: dict[object, int] = {}
        self.edits: list[Edit] = []

    def line_of(self, node) -> int:
        known = self.lines.get(node)
        if known is None:
            raise Decline("a report on a node the plan has no line for")
        return known

    def run(self) -> str:
        m, rule = self.m, self.rule
        _plain_text(m)
        rule._used_attrs = self.attribute_uses()
        rule.line_of = self.line_of
        for stmt, _ in m.imports:
            if self.may_act(stmt):
                self.rewrite_line(stmt)
        lasts = _module_lasts()
        for chain in m.chains:
            if len(chain.parts) > 2 and not lasts.isdisjoint(chain.parts[1:-1]):
                self.plan_chain(chain)
        for name, nodes in m.other_names.items():
            if any(isinstance(node, ast.Attribute) for node in nodes) and self.written_out(nodes):
                raise Decline(f"a Keras 2 path through a call or subscript (.{name})")
        return apply(m.text, self.edits)

    def attribute_uses(self) -> dict[str, set[str]]:
        """_AttributeUses on the model: ``name.attr`` per bare name, import paths included (libcst writes
        ``import a.b`` and ``from a.b import`` as attributes too)."""
        uses: dict[str, set[str]] = {}
        for chain in self.m.chains:
            if len(chain.parts) > 1:
                uses.setdefault(chain.parts[0], set()).add(chain.parts[1])
        for stmt, _ in self.m.imports:
            paths = [a.name for a in stmt.names] if isinstance(stmt, ast.Import) else [stmt.module or ""]
            for path in paths:
                first, _, rest = path.partition(".")
                if rest:
                    uses.setdefault(first, set()).add(rest.partition(".")[0])
        return uses

    # ---- import lines --------------------------------------------------------------------------------
    @staticmethod
    def may_act(stmt: ast.Import | ast.ImportFrom) -> bool:
        if isinstance(stmt, ast.Import):
            return any(k3.legacy_module(alias.name) for alias in stmt.names)
        if stmt.level or not stmt.module:
            return False
        module = stmt.module
        return bool(k3.legacy_module(module)) or any(k3.legacy_module(f"{module}.{a.name}") for a in stmt.names)

    def rewrite_line(self, stmt: ast.Import | ast.ImportFrom) -> None:
        """The libcst rule's leave_SimpleStatementLine, on a parse of the line alone."""
        m = self.m
        start, end = m.span(stmt)
        if m.text[m.line_start(stmt.lineno) : start].strip() or _NEXT.match(m.text, end):
            return  # a line of more statements, or a one-line block: libcst's rule leaves it as it is
        tail = _TAIL.match(m.text, end)
        if tail is None:
            raise Decline("an import line ending otherwise")
        end = tail.end()
        mini = cst.parse_module(m.text[start:end])
        line = mini.body[0] if len(mini.body) == 1 else None
        if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
            raise Decline("an import line libcst reads otherwise")
        self.lines = {line: stmt.lineno}
        small = line.body[0]
        if isinstance(small, cst.ImportFrom):
            out = self.rule._import_from(line, line, small)
        elif isinstance(small, cst.Import):
            out = self.rule._import(line, line, small)
        else:
            raise Decline("an import line libcst reads otherwise")
        if out is line:
            return
        statements = out.nodes if isinstance(out, cst.FlattenSentinel) else [out]
        indent = m.text[m.line_start(stmt.lineno) : start]
        self.edits.append(Edit(start, end, indent.join(mini.code_for_node(s) for s in statements)))

    # ---- keras.layers.core.Dense written out -----------------------------------------------------------
    def plan_chain(self, chain: Chain) -> None:
        """The libcst rule's leave_Attribute on each node of the chain: the outermost match is the text."""
        found: list[tuple[int, str, str]] = []
        for index in range(2, len(chain.nodes)):
            text = chain.dotted(index)
            results = set()
            for qualified in self.m_names(chain, index):
                renamed = k3.renamed(qualified, text)
                if renamed:
                    results.add(renamed)
            if len(results) > 1:
                raise Decline("a path with two Keras 2 meanings")
            if results:
                ((new, message),) = results
                found.append((index, new, message))
        if not found:
            return
        if len(found) > 1:
            raise Decline("a Keras 2 path inside another")
        index, new, message = found[0]
        node = chain.nodes[index]
        if parenthesized(self.m, node):
            raise Decline("a parenthesized Keras 2 path")
        line = expression_line(self.m, node)  # type: ignore[arg-type]  # chain nodes are expressions
        self.rule.change(None, message, line=line)
        start, end = self.m.span(node)
        self.edits.append(Edit(start, end, new))

    def m_names(self, chain: Chain, index: int) -> set[str]:
        return _names(self.m, chain, index)

    def written_out(self, nodes: list[ast.AST]) -> bool:
        """A Keras 2 ``module.symbol`` ending a name libcst reads through a call (``f().layers.core.Dense``)."""
        modules = k3.table()["modules"]
        for node in nodes:
            if not isinstance(node, ast.Attribute):
                continue
            full = full_name(node)
            if full is None:
                continue
            parts = full.split(".")
            if any(".".join(parts[i:-1]) in modules for i in range(1, len(parts) - 1)):
                return True
        return False


class _TfKeras:
    """tfm306_tf_keras_target.TfKerasTarget on the model."""

    def __init__(self, rule: Transform, model: Model) -> None:
        self.rule = rule
        self.m = model
        self.edits: list[Edit] = []
        self.env: list[tuple[tuple[int, int], ast.AST]] = []  # where the TF_USE_LEGACY_KERAS note may go

    def run(self) -> str:
        m, rule = self.m, self.rule
        if not rule.active(rule.options):
            return m.text
        _plain_text(m)
        for stmt, _ in m.imports:
            if isinstance(stmt, ast.Import):
                self.plan_import(stmt)
            else:
                self.plan_import_from(stmt)
        for chain in m.chains:
            for index in range(1, len(chain.nodes)):
                if chain.parts[index] == "keras" and "tensorflow.keras" in _names(m, chain, index):
                    node = chain.nodes[index]
                    self.env.append(((node.lineno, node.col_offset), node))  # type: ignore[attr-defined]
        if any(isinstance(node, ast.Attribute) for node in m.other_names.get("keras", ())):
            raise Decline("a .keras attribute libcst reads through a call")
        if self.env:
            _, first = min(self.env, key=lambda found: found[0])
            line = expression_line(m, first) if isinstance(first, ast.expr) else first.lineno  # type: ignore[attr-defined]
            rule.follow_up(None, _env_note(), line=line)  # type: ignore[arg-type]  # the line is given
        return apply(m.text, self.edits)

    def statement(self, stmt: ast.stmt) -> None:
        self.env.append(((stmt.lineno, stmt.col_offset), stmt))

    def plan_import(self, stmt: ast.Import) -> None:
        for alias in stmt.names:
            full = alias.name
            if not (full == "keras" or full.startswith("keras.")):
                continue
            start = self.m.offset(alias.lineno, alias.col_offset)
            if self.m.text[start : start + len(full)] != full:
                raise Decline("an import spelled with spaces")
            self.statement(stmt)
            if alias.asname is None:
                self.edits.append(Edit(start, start + len(full), "tf_keras as keras"))
                if full != "keras":
                    message = (
                        f"import {full} -> import tf_keras as keras "
                        f"(tf_keras.{full[len('keras.') :]} is reachable as an attribute)"
                    )
                else:
                    message = "import keras -> import tf_keras as keras (Keras 2)"
            else:
                new = "tf_keras" + full[len("keras") :]
                self.edits.append(Edit(start, start + len(full), new))
                message = f"import {full} -> import {new} (Keras 2)"
            self.rule.change(None, message, line=stmt.lineno)  # type: ignore[arg-type]  # the line is given

    def plan_import_from(self, stmt: ast.ImportFrom) -> None:
        if stmt.level or stmt.module is None:
            return
        module = stmt.module
        if module == "keras" or module.startswith("keras."):
            start = self.m.offset(stmt.lineno, stmt.col_offset)
            spelled = re.compile(r"from[ \t]+" + re.escape(module) + r"[ \t]").match(self.m.text, start)
            if spelled is None:
                raise Decline("an import spelled with other spaces")
            end = spelled.end() - 1
            new = "tf_keras" + module[len("keras") :]
            self.edits.append(Edit(end - len(module), end, new))
            self.rule.change(None, f"from {module} -> from {new} (Keras 2)", line=stmt.lineno)  # type: ignore[arg-type]
            self.statement(stmt)
        elif module == "tensorflow" and not any(a.name == "*" for a in stmt.names):
            if any(a.name == "keras" for a in stmt.names):
                self.statement(stmt)
        elif module.startswith("tensorflow.keras"):
            self.statement(stmt)


def _env_note() -> str:
    from tfmigrate.transforms.tfm306_tf_keras_target import ENV_NOTE

    return ENV_NOTE
