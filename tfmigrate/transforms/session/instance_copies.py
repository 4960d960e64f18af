"""A layer class the module constructs more than once, each at a module-level ``h1 = HiddenLayer(x, 4, 3)``,
``h2 = HiddenLayer(h1.output, 3, 1)``: proved as one copy of the class per construction, put back as one class.

Each construction built its own ops, so the proof reads the second as a class of its own (``HiddenLayer__2``, the
same body), which the class proof (classes.py) proves as any class constructed once, the module proof numbering
each copy's variables as TF1's graph did (``W``, then ``W_1`` where a Saver needs the names). The copies are put
back as the one class only when their rewrites are the same text but for the local names the rewrite picked
(``output_`` beside ``output``) and the ``name=`` strings: each such string then becomes ``_tf1_unique("W")``, the
generated helper of instance_names.py, which gives each instance its TF1 name in creation order, and only when the
helper's names provably equal the ones the proof wrote (instance_names.computed_at_run_time); else the program
keeps the graph tier, the copies' difference named. A construction in a loop, or anything else naming the class,
is not read here (class_sugar.constructed_where, classes.py say why). A default argument opening a Session
(``sess=tf.Session()``) is evaluated once, when ``def`` runs: TF1's instances share that Session, which copies of
the ``def`` would not, so such a class keeps the graph tier.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass
from typing import cast

import libcst as cst

from tfmigrate.transforms.session import instance_names
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants
from tfmigrate.transforms.session.class_sugar import Rename, unguarded_lookups
from tfmigrate.transforms.session.classes import _assigned_calls, graph_class, owns_graph
from tfmigrate.transforms.session.functions import has_session, own_body
from tfmigrate.transforms.session.loops import Origins

JOIN = "__"
HELPER, COUNTS = "_tf1_unique", "_tf1_name_counts"


@dataclass
class Copies:
    definition: cst.ClassDef
    names: list[str]  # the copies' class names, the first construction's (the class's own) first


def _sites(module: cst.Module, name: str) -> list[cst.Call] | None:
    """The class's constructions, when each is a module-level ``x = Class(...)`` and nothing else names the class."""
    calls = [c for _, _, c in _assigned_calls(module) if isinstance(c.func, cst.Name) and c.func.value == name]
    constructed = {id(c.func) for c in calls}
    for node in descendants(module):
        if isinstance(node, cst.Name) and node.value == name and id(node) not in constructed:
            if not any(isinstance(s, cst.ClassDef) and s.name is node for s in module.body):
                return None
    return calls


def desugar(module: cst.Module, resolve: Resolve, line_of: LineOf) -> tuple[cst.Module, Resolve, LineOf, Copies] | None:
    """The module with the graph class ``definition``'s second and later constructions made of copies of it; None
    when it is not constructed more than once at module-level assignments."""
    definition = graph_class(module, resolve, line_of)
    if definition is None:
        return None
    if owns_graph(definition, resolve):  # a graph per instance: not one graph's ``W`` then ``W_1`` (classes.py)
        return None
    name = definition.name.value
    calls = _sites(module, name)
    if calls is None or len(calls) < 2:
        return None
    methods = [m for m in definition.body.body if isinstance(m, cst.FunctionDef)]
    for method in methods:
        for param in (*method.params.posonly_params, *method.params.params, *method.params.kwonly_params):
            if param.default is not None and has_session(param.default, resolve):
                raise Blocked(
                    f"class `{name}` is constructed {len(calls)} times and parameter `{param.name.value}` of its "
                    f"`{method.name.value}` defaults to a Session, opened once when `def` runs: its instances share "
                    "that one Session (an initializer run by one reaches the other's variables), which a copy of "
                    "the class per construction would not",
                    line_of(param),
                )
    taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    names = [name, *(f"{name}{JOIN}{index}" for index in range(2, len(calls) + 1))]
    if taken & {*names[1:], HELPER, COUNTS}:
        return None
    made = Origins()
    renamed = {id(c.func): names[i] for i, c in enumerate(calls) if i}

    class _Construct(cst.CSTTransformer):
        def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
            if id(original_node) in renamed:
                copy = cst.Name(renamed[id(original_node)])
                made.keep(copy, original_node)
                return copy
            return updated_node

        def on_leave(self, original_node, updated_node):
            result = super().on_leave(original_node, updated_node)
            if isinstance(result, cst.CSTNode) and result is not original_node and not made.has(result):
                made.keep(result, original_node)
            return result

    body: list[cst.BaseStatement] = []
    for statement in module.body:
        if statement is not definition:
            body.append(cast(cst.BaseStatement, statement.visit(_Construct())))
            continue
        body.append(statement)
        for copy_name in names[1:]:
            copy = definition.deep_clone().with_changes(name=cst.Name(copy_name))
            for new, old in zip(descendants(copy), descendants(definition), strict=True):
                made.keep(new, old)
            made.keep(copy, definition)
            body.append(copy)
    resolve_made, line_of_made = unguarded_lookups(
        lambda node: resolve(made.of(node)), lambda node: line_of(made.of(node)), None
    )
    return module.with_changes(body=body), resolve_made, line_of_made, Copies(definition, names)


def spelled(copies: Copies, message: str) -> str:
    """A message about a copy names the class."""
    first = copies.names[0]
    return re.sub(rf"\b{re.escape(first)}{JOIN}\d+\b", first, message)


def _tokens(code: str) -> list[tokenize.TokenInfo]:
    skip = {tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
    return [t for t in tokenize.generate_tokens(io.StringIO(code).readline) if t.type not in skip]


def _defined(definition: cst.ClassDef) -> set[str]:
    """The names the class's rewritten methods bind for themselves (``def output_(x)``, assigned locals)."""
    found = set()
    for node in descendants(definition.body):
        if isinstance(node, cst.FunctionDef):
            found.add(node.name.value)
            found.update(p.name.value for p in node.params.params)
        elif isinstance(node, cst.AssignTarget) and isinstance(node.target, cst.Name):
            found.add(node.target.value)
    return found


def resugar(migrated: cst.Module, copies: Copies, line: int) -> cst.Module:
    """The copies' rewrites as the one class, each ``name=`` string the helper's call; Blocked where they differ
    otherwise, or the helper would not give TF1's names."""
    module = cst.Module(body=[])
    rewritten = {s.name.value: s for s in migrated.body if isinstance(s, cst.ClassDef) and s.name.value in copies.names}
    if set(rewritten) != set(copies.names):
        raise Blocked(f"the rewrite of class `{copies.names[0]}` could not be put back as one class", line)
    first = rewritten[copies.names[0]]
    code = module.code_for_node(first.body)
    mine = _tokens(code)
    named: list[int] = []  # the indices of ``name=`` strings
    written: list[list[str]] = []
    for copy_name in copies.names:
        theirs = _tokens(module.code_for_node(rewritten[copy_name].body))
        local, other = _defined(first), _defined(rewritten[copy_name])
        forward: dict[str, str] = {}
        backward: dict[str, str] = {}
        if len(theirs) != len(mine):
            named_here = sum(t.string == "name" for t in theirs) != sum(t.string == "name" for t in mine)
            what = (
                "rewrites (a `name=` written for one instance only: an unnamed variable, `Variable` then `Variable_1`)"
            )
            raise Blocked(_differ(copies, what if named_here else "rewrites"), line)
        strings = []
        for index, (a, b) in enumerate(zip(mine, theirs, strict=True)):
            keyword = index >= 2 and mine[index - 1].string == "=" and mine[index - 2].string == "name"
            if a.type == tokenize.STRING and keyword:
                strings.append(b.string)
                if copy_name == copies.names[0]:
                    named.append(index)
                continue
            attribute = index > 0 and mine[index - 1].string == "."  # ``self.output``: the same in each copy
            if a.type == tokenize.NAME and not attribute and (a.string in local or b.string in other):  # both ways
                if forward.setdefault(b.string, a.string) == a.string and backward.setdefault(a.string, b.string) == (
                    b.string
                ):
                    continue
            elif a.string == b.string:
                continue
            raise Blocked(_differ(copies, f"rewrites (`{a.string}` and `{b.string}`)"), line)
        written.append(strings)
    if not named or all(strings == written[0] for strings in written):  # names the proof left as written
        return _merged(migrated, copies, first, None)
    if not _straight(first, len(named)) or any(t.string in ("for", "while", "if", "lambda") for t in mine):
        raise Blocked(_differ(copies, "variables' names, not each written once in the constructor's own body"), line)
    bases, names = [], []
    for strings in written:
        for literal, base in zip(strings, written[0], strict=True):
            bases.append(cast(str, cst.parse_expression(base).evaluated_value))  # type: ignore[attr-defined]
            names.append(cast(str, cst.parse_expression(literal).evaluated_value))  # type: ignore[attr-defined]
    if not instance_names.computed_at_run_time(bases, names):
        raise Blocked(
            f"class `{copies.names[0]}` is constructed {len(copies.names)} times and its instances' variables took the "
            f"TF1 names {', '.join(names)}, which `{HELPER}` counting only them would not give (another op took one "
            "of their names first)",
            line,
        )
    lines = code.splitlines(keepends=True)
    for index in reversed(named):  # each ``name="W_1"`` the helper's call, right to left within a line
        token = mine[index]
        (row, col), (end_row, end_col) = token.start, token.end
        if row != end_row:
            raise Blocked(_differ(copies, "variables"), line)
        text = lines[row - 1]
        lines[row - 1] = text[:col] + f"{HELPER}({written[0][named.index(index)]})" + text[end_col:]
    body = cst.parse_statement(f"class _X:{''.join(lines)}")
    return _merged(
        migrated, copies, first.with_changes(body=cast(cst.ClassDef, body).body), instance_names.helper(HELPER, COUNTS)
    )


def _straight(definition: cst.ClassDef, count: int) -> bool:
    """Every ``name=`` string of the class in its constructor's own body (not in a function it defines, which runs
    later), so that the text's order is the order the instance creates its variables in."""
    init = next(
        (
            m
            for m in cast(cst.IndentedBlock, definition.body).body
            if isinstance(m, cst.FunctionDef) and m.name.value == "__init__"
        ),
        None,
    )
    if init is None:
        return False
    own = [
        n for n in own_body(init.body) if isinstance(n, cst.Arg) and n.keyword is not None and n.keyword.value == "name"
    ]
    return len(own) == count


def _differ(copies: Copies, what: str) -> str:
    return (
        f"class `{copies.names[0]}` is constructed {len(copies.names)} times and its instances' {what} differ "
        "(each instance is proved as its own copy of the class, put back as one class only when the copies' "
        "rewrites differ in local names and TF1 names alone)"
    )


def _merged(migrated: cst.Module, copies: Copies, first: cst.ClassDef, helper: str | None) -> cst.Module:
    body: list[cst.BaseStatement] = []
    for statement in migrated.body:
        if isinstance(statement, cst.ClassDef) and statement.name.value in copies.names[1:]:
            continue
        if isinstance(statement, cst.ClassDef) and statement.name.value == copies.names[0]:
            if helper is not None:
                made = cst.parse_module(helper.lstrip("\n")).body
                made = [made[0].with_changes(leading_lines=statement.leading_lines), *made[1:]]
                body.extend(made)
                statement = statement.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()])
            body.append(statement.with_changes(body=first.body))
            continue
        body.append(statement)
    back = Rename({name: copies.names[0] for name in copies.names[1:]})
    return migrated.with_changes(body=body).visit(back)
