"""The private-import rules (TFM001, TFM003, TFM203) as range edits planned on the ast model.

Why: on a library that imports ``tensorflow.python.*`` modules these rules act on nearly every file, and on
libcst each paid for a scope and qualified-name analysis of the whole module and a transform that rebuilt it,
then the next rule parsed the result again: about a third of a run's CPU. The plan here is the one
``_imports.PrivateImports`` makes (same steps, the same messages on the same lines), read from
:mod:`tfmigrate.model`; uses become edits of their source range, and each import line it rewrites is
rewritten by the same libcst code as before, on a parse of that line alone.

A name means what the nearest scope that binds it says, as in libcst's scopes: an import inside a function
is that function's (TensorFlow's own modules import this way to break cycles). Where the libcst rule's answer
depends on something this plan does not model exactly (a name bound twice in one scope, declared ``global``,
or also written as a definition or handler name; a rewritten line that shares its line or sits in a ``try``;
a removed import with no statement after it to take its comments, or after a block with lines indented into
that block; CR line ends, form feeds, calls whose arguments the public twin renames), :func:`plan` returns
None and the engine runs the libcst rule on the file instead: the output is the same either way
(tests/test_engine_edits.py).
"""

from __future__ import annotations

import ast
import re
from typing import Any

import libcst as cst

from tfmigrate.edits import Edit, Overlap, apply
from tfmigrate.model import Chain, Model, build
from tfmigrate.transforms._edit_support import COMPOUND, Decline, add_imports, expression_line
from tfmigrate.transforms._imports import (
    AliasPlan,
    PrivateImports,
    Resolution,
    call_map,
    public_name,
    resolve,
)

_TAIL = re.compile(r"[ \t]*(#[^\r\n]*)?\n")
# Identifiers written outside expressions that name nothing an import binds, as libcst's scopes read them: a
# keyword argument and ``f().attr``'s attribute have no scope at all, a parameter is a local of its function.
_NOT_NAMES = (ast.keyword, ast.Attribute, ast.arg)


def plan(rule: PrivateImports, model: Model) -> str | None:
    """The migrated text, or None when the libcst rule must run. Reports go through ``rule`` as usual."""
    try:
        return _Planner(rule, model).run()
    except (Decline, Overlap, cst.ParserSyntaxError, SyntaxError, RecursionError):
        return None
    finally:
        vars(rule).pop("line_of", None)  # the libcst rule, if it runs, reports its own nodes' lines


class _Planner:
    def __init__(self, rule: PrivateImports, model: Model) -> None:
        self.rule = rule
        self.m = model
        self.lines: dict[object, int] = {}
        self.edits: list[Edit] = []
        self.rewrites: dict[ast.AST, tuple[str, Chain]] = {}

    # ---- reports -------------------------------------------------------------------------------------
    def line_of(self, node) -> int:
        known = self.lines.get(node)
        if known is not None:
            return known
        if isinstance(node, (ast.stmt, ast.alias)):
            return node.lineno
        if isinstance(node, ast.expr):
            return expression_line(self.m, node)
        raise Decline("a report on a node the plan has no line for")

    # ---- plan ----------------------------------------------------------------------------------------
    def run(self) -> str | None:
        m, rule = self.m, self.rule
        if "\r" in m.text or "\x0c" in m.text or not m.text.endswith("\n"):
            raise Decline("line ends libcst may not reproduce")
        for name in ("tf", "tensorflow"):
            if any(b.kind in ("global", "del", "other", "param") for b in m.bindings_of(name)):
                raise Decline(f"{name} is bound in a way the plan does not model")
        rule.line_of = self.line_of  # type: ignore[method-assign]  # reports name the lines of ast nodes
        rule.plans = {}
        rule.fully_qualified_left = []
        rule.root = self._tensorflow_root()
        rule.root_found = rule.root is not None
        rule.tf_free = "tf" not in m.module.bindings
        rule.root_needed = False
        aliases = [(alias, stmt) for stmt, _ in m.imports for alias in stmt.names if alias.name != "*"]
        for alias, stmt in aliases:
            self._plan_alias(alias, stmt)
        by_binding = {(p.binding, id(p.statement)): p for p in rule.plans.values()}
        roots = _tensorflow_bindings(aliases)
        for chain in m.chains:
            if chain.parts[0] in roots:
                self._plan_chain(chain, by_binding)
        rule._finish_module_plans(by_binding)
        for node, (target, chain) in self.rewrites.items():
            if not isinstance(node, ast.Attribute):
                raise Decline("a rewrite of a bare name")
            if "tensorflow" in self._root_names(chain):
                prefix = chain.parts[0]
            else:
                prefix = rule._root_name()
            start, end = m.span(node)
            self.edits.append(Edit(start, end, prefix + target[len("tensorflow") :]))
        self._rewrite_import_lines()
        text = apply(m.text, self.edits)
        if rule.root_needed and not rule.root_found:
            text = add_imports(text, [("tensorflow", "tf" if rule.root == "tf" else None)])
        return text

    def _tensorflow_root(self) -> str | None:
        for name in ("tf", "tensorflow"):
            bindings = self.m.module.bindings.get(name)
            if bindings:
                names: set[str] = set()
                for b in bindings:
                    names |= self.m.qualified_names(b, name)
                if names == {"tensorflow"}:
                    return name
        return None

    def _plan_alias(self, alias: ast.alias, statement: ast.Import | ast.ImportFrom) -> None:
        if isinstance(statement, ast.ImportFrom):
            if statement.level or statement.module is None:
                return
            name = f"{statement.module}.{alias.name}"
            binding = alias.asname or alias.name
        else:
            name = alias.name
            binding = alias.asname or name.split(".")[0]
        resolution = resolve(name)
        if resolution is None or not self.rule.claims(name):
            return
        plan = AliasPlan(binding, resolution, statement)  # type: ignore[arg-type]  # the ast statement stands in
        if resolution.target and not resolution.module and call_map(name) is None:
            plan.action = "replace"
        elif isinstance(statement, ast.Import) and alias.asname is None:
            raise Decline("a fully qualified private import")
        self.rule.plans[alias] = plan  # type: ignore[index]  # keyed by the ast alias while planning

    def _root_binding(self, chain: Chain):
        """The one import the chain's root refers to from the chain's scope (libcst's scopes, flow-insensitive:
        every binding of the name in the nearest scope that binds it), or None when no import binds it there."""
        name = chain.parts[0]
        if any(not isinstance(node, _NOT_NAMES) for node in self.m.other_names.get(name, ())):
            raise Decline(f"{name} is also written as a definition, handler or pattern name")
        if any(b.kind == "global" for b in self.m.bindings_of(name)):
            raise Decline(f"{name} is declared global or nonlocal")
        bindings = self.m.resolve(name, chain.scope)
        if not bindings:
            return None
        if len(bindings) > 1:
            raise Decline(f"{name} is bound more than once in one scope")
        if bindings[0].kind not in ("import", "from-import"):
            if bindings[0].scope is self.m.module:
                raise Decline(f"{name} is bound at module level by something other than an import")
            return None
        return bindings[0]

    def _root_names(self, chain: Chain) -> set[str]:
        binding = self._root_binding(chain)
        return set() if binding is None else self.m.import_names(binding.node, chain.parts[0])

    def _names(self, chain: Chain, index: int) -> set[str]:
        if index == 0:
            return self._root_names(chain)
        binding = self._root_binding(chain)
        return set() if binding is None else self.m.import_names(binding.node, chain.dotted(index))

    def _plan_chain(self, chain: Chain, by_binding) -> None:
        """_imports.PrivateImports._plan_chain, on the model's chain."""
        rule = self.rule
        root_names = self._root_names(chain)
        if "tensorflow" in root_names:
            owner = None
        else:
            if not any(resolve(n) is not None for n in root_names):
                return
            binding = self._root_binding(chain)
            owner = by_binding.get((chain.parts[0], id(binding.node))) if binding is not None else None
            if owner is None or not owner.resolution.module:
                return
            owner.uses.append(_ChainNodes(chain))
            if owner.resolution.public_module or owner.action == "replace" or len(chain.nodes) == 1:
                return
        resolved: list[tuple[ast.AST, Resolution]] = []
        for index, node in enumerate(chain.nodes):
            names = sorted(n for n in self._names(chain, index) if resolve(n) is not None)
            if names:
                if not rule.claims(names[0]):
                    return
                resolved.append((node, resolve(names[0])))  # type: ignore[arg-type]  # names are filtered on it
        if not resolved:
            return
        for node, resolution in reversed(resolved):
            if resolution.target:
                mapping = call_map(resolution.private)
                note = ""
                if mapping is not None:
                    mapped = self._map_use(node, mapping)
                    if isinstance(mapped, str):
                        why = f"{resolution.private} -> {public_name(resolution)} not made: {mapped}"
                        if owner is not None:
                            owner.problems.append((node, why))
                        else:
                            rule.fully_qualified_left.append(resolution.private)
                            rule.follow_up(node, why)  # type: ignore[arg-type]  # ast node: line_of reads it
                        return
                    note = f" ({', '.join(mapped)})" if mapped else ""
                self.rewrites[node] = (resolution.target, chain)
                rule.change(node, rule._message(resolution) + note)  # type: ignore[arg-type]  # ast node: line_of reads it
                return
        problem, resolution = next(((n, r) for n, r in resolved if not r.module), resolved[-1])
        if owner is not None:
            owner.problems.append((problem, rule._problem(resolution)))
        else:
            rule.fully_qualified_left.append(resolution.private)
            rule.follow_up(problem, rule._problem(resolution))  # type: ignore[arg-type]  # ast node

    def _map_use(self, node: ast.AST, mapping: dict) -> list[str] | str:
        """_imports.PrivateImports._map_use and map_call on the ast call: renamed keywords become edits of the
        keyword's name, a positional argument renamed gets ``name=`` before it."""
        call = self.m.calls.get(node)
        if call is None:
            return "it is used as a value, and the public function takes other parameters"
        params, keywords = mapping["params"], mapping["keywords"]
        renamed: list[str] = []
        edits: list[Edit] = []
        bound: set[str] = set()
        for index, arg in enumerate(_arguments(call)):
            if isinstance(arg, ast.Starred) or (isinstance(arg, ast.keyword) and arg.arg is None):
                return "it is called with *args or **kwargs, and the public function takes other parameters"
            keyword = arg.arg if isinstance(arg, ast.keyword) else None
            if keyword is None and index < mapping["positional"]:
                bound.add(params[index])
                continue
            if keyword is None and index >= len(params):
                return f"it is called with {index + 1} positional arguments, and the public function takes other parameters"
            old = params[index] if keyword is None else keyword
            new = keywords.get(old)
            if new is None:
                return f"{old}= has no counterpart there, and the public function takes other parameters"
            if new in bound:
                return f"two of its arguments would become {new}=, and the public function takes other parameters"
            bound.add(new)
            if keyword is None or new != old:
                renamed.append(f"{old}= -> {new}=" if keyword is not None else f"argument {index + 1} -> {new}=")
                if isinstance(arg, ast.keyword):
                    start = self.m.offset(arg.lineno, arg.col_offset)
                    edits.append(Edit(start, start + len(old), new))
                else:
                    start = self.m.offset(arg.lineno, arg.col_offset)  # type: ignore[attr-defined]  # an expression
                    before = self.m.text[:start].rstrip()
                    opening = self.m.span(call.func)[1]
                    if not (
                        before.endswith(",")
                        or (
                            before.endswith("(")
                            and len(before) - 1 >= opening
                            and not self.m.text[opening : len(before) - 1].strip()
                        )
                    ):
                        raise Decline("a renamed positional argument in parentheses of its own")
                    edits.append(Edit(start, start, f"{new}="))
        self.edits += edits
        return renamed

    # ---- import lines --------------------------------------------------------------------------------
    def _rewrite_import_lines(self) -> None:
        rule, m = self.rule, self.m
        planned: dict[Any, AliasPlan] = rule.plans  # keyed by ast aliases while planning, libcst ones here
        removed: list[ast.stmt] = []
        for stmt, _ in m.imports:
            if isinstance(stmt, ast.ImportFrom) and any(a.name == "*" for a in stmt.names):
                star = resolve(stmt.module) if stmt.module and not stmt.level else None
                if star is not None and rule.claims(star.private):
                    if star.public_module:
                        raise Decline("a private star import of a module with a public twin")
                    # _imports.PrivateImports._rewrite_star: the line stays, the names stay private
                    message = f"star import from {star.private}: {star.reason}; import the names used explicitly"
                    rule.follow_up(stmt, message)  # type: ignore[arg-type]  # ast node: line_of reads it
                continue
            if not any(alias in planned for alias in stmt.names):
                continue
            start, end = self._alone(stmt)
            segment = m.text[start:end]
            mini = _parsed_line(segment)
            line = mini.body[0] if len(mini.body) == 1 else None
            if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
                raise Decline("an import line libcst reads otherwise")
            small = line.body[0]
            if not isinstance(small, (cst.Import, cst.ImportFrom)) or isinstance(small.names, cst.ImportStar):
                raise Decline("an import line libcst reads otherwise")
            if len(small.names) != len(stmt.names):
                raise Decline("an import line libcst reads otherwise")
            rule.plans = {mini_alias: planned[a] for mini_alias, a in zip(small.names, stmt.names) if a in planned}
            self.lines = {
                small: stmt.lineno,
                **{mini_alias: a.lineno for mini_alias, a in zip(small.names, stmt.names)},
            }
            try:
                if isinstance(small, cst.ImportFrom):
                    statements, did, _ = rule._rewrite_from(small, small)
                else:
                    statements, did, _ = rule._rewrite_import(small, small)
            finally:
                rule.plans = planned
                self.lines = {}
            if not did:
                continue
            if isinstance(m.parents.get(stmt), (ast.Try, *((ast.TryStar,) if hasattr(ast, "TryStar") else ()))):
                raise Decline("a rewritten import in a try statement")
            if not statements:
                removed.append(stmt)
                continue
            lines = [
                cst.SimpleStatementLine(body=[s.with_changes(semicolon=cst.MaybeSentinel.DEFAULT)]) for s in statements
            ]
            lines[0] = lines[0].with_changes(
                leading_lines=line.leading_lines, trailing_whitespace=line.trailing_whitespace
            )
            indent = m.text[m.line_start(stmt.lineno) : start]
            self.edits.append(Edit(start, end, indent.join(mini.code_for_node(x) for x in lines)))
        for gone in removed:
            self._remove(gone, removed)

    def _alone(self, stmt: ast.stmt) -> tuple[int, int]:
        """The statement's range through the end of its last line, when it is the only statement there."""
        m = self.m
        start, end = m.span(stmt)
        if m.text[m.line_start(stmt.lineno) : start].strip():
            raise Decline("an import after another statement on its line")
        tail = _TAIL.match(m.text, end)
        if tail is None:
            raise Decline("an import followed by another statement on its line")
        return start, tail.end()

    def _remove(self, stmt: ast.stmt, removed: list[ast.stmt]) -> None:
        """libcst's _drop_removed: the line goes, its blank leading lines too, its comment lines stay before the
        next statement. Declined where libcst would move them elsewhere (header, footer, no next statement)."""
        m = self.m
        siblings = _siblings(m, stmt)
        index = next(i for i, s in enumerate(siblings) if s is stmt)
        if (index == 0 and siblings is m.tree.body) or not any(s not in removed for s in siblings[index + 1 :]):
            raise Decline("a removed import without a statement before and after it")
        before = siblings[index - 1] if index else None
        if before is not None:
            first = before.end_lineno + 1  # type: ignore[operator]  # statements have positions
        else:  # the first statement of a block: its leading lines are the comment and blank lines after the header
            first = stmt.lineno
            while first > 1 and (
                not (text := m.text[m.line_start(first - 1) : m.line_start(first)].strip()) or text.startswith("#")
            ):
                first -= 1
        indent = m.text[m.line_start(stmt.lineno) : m.offset(stmt.lineno, stmt.col_offset)]
        for line in range(first, stmt.lineno):
            text = m.text[m.line_start(line) : m.line_start(line + 1)]
            stripped = text.strip()
            if isinstance(before, COMPOUND) and (
                "\t" in text or len(text) - len(text.lstrip(" ")) > len(indent) or "\t" in indent
            ):
                # libcst gives the lines indented deeper than the next statement to the block before it
                raise Decline("a removed import after a block, with lines indented into the block")
            if not stripped:
                self.edits.append(Edit(m.line_start(line), m.line_start(line + 1), ""))
            elif not stripped.startswith("#"):
                raise Decline("something other than comments before a removed import")
        start = m.line_start(stmt.lineno)
        _, end = self._alone(stmt)
        self.edits.append(Edit(start, end, ""))


_LINES: dict[str, cst.Module] = {}
_LINES_KEPT = 4096


def _parsed_line(segment: str) -> cst.Module:
    """libcst's parse of one import line, once per run: a library repeats the same import lines in file after
    file (``from tensorflow.python.framework import ops``), and the parse cost more than the rewrite. The nodes
    are immutable and only read here (the rewrite builds new ones), so one parse serves every file."""
    mini = _LINES.get(segment)
    if mini is None:
        if len(_LINES) >= _LINES_KEPT:
            _LINES.clear()
        mini = _LINES[segment] = cst.parse_module(segment)
    return mini


class _ChainNodes(list):
    """A model chain as the libcst rule's list of nodes (root first), for ``AliasPlan.uses``."""

    def __init__(self, chain: Chain) -> None:
        super().__init__(chain.nodes)
        self.chain = chain


def _arguments(call: ast.Call) -> list[ast.AST]:
    """A call's arguments in the order they are written (``f(a=1, *b)`` puts a keyword first)."""
    return sorted([*call.args, *call.keywords], key=lambda a: (a.lineno, a.col_offset))  # type: ignore[attr-defined]  # positioned nodes


def _siblings(m: Model, stmt: ast.stmt) -> list[ast.stmt]:
    parent = m.parents.get(stmt, m.tree)
    for field in ("body", "orelse", "finalbody"):
        body = getattr(parent, field, None)
        if isinstance(body, list) and any(s is stmt for s in body):
            return body
    raise Decline("an import in a block the plan does not model")


def _tensorflow_bindings(aliases: list[tuple[ast.alias, ast.Import | ast.ImportFrom]]) -> set[str]:
    roots = {"tensorflow"}
    for alias, statement in aliases:
        if isinstance(statement, ast.ImportFrom):
            if statement.level or statement.module is None or not statement.module.startswith("tensorflow"):
                continue
            roots.add(alias.asname or alias.name)
        elif alias.name.startswith("tensorflow"):
            roots.add(alias.asname or alias.name.split(".")[0])
    return roots


__all__ = ["Decline", "build", "plan"]
