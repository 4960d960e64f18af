"""What the rules planned on the ast model share: declining, the lines libcst would report, adding imports.

Why: a rule made as range edits must report the lines and write the imports its libcst version did, so that
the output is the same either way (tests/test_engine_edits.py); these are the pieces every such plan needs.
"""

from __future__ import annotations

import ast
import re

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor

from tfmigrate.model import Model

TRY_STAR: tuple[type, ...] = (ast.TryStar,) if hasattr(ast, "TryStar") else ()  # Python 3.11+
# Statements that hold other statements: a line after one of them may not follow it at the same indentation.
COMPOUND: tuple[type, ...] = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.With,
    ast.AsyncWith,
    ast.Try,
    ast.Match,
    *TRY_STAR,
)

_KEYWORDS = frozenset(
    "and as assert async await del elif else except for from global if import in is lambda nonlocal not or"
    " raise return while with yield".split()
)


# Expressions whose ast position is libcst's syntactic position (parentheses excluded in both).
_SAME_START = (ast.Name, ast.Attribute, ast.Call, ast.Subscript)


class Decline(Exception):
    """This file has a shape the plan does not reproduce exactly: the libcst rule handles it."""


def expression_line(model: Model, node: ast.expr) -> int:
    """The line libcst's positions give ``node``.

    libcst records an expression's position inside its own parentheses, and for a name, an attribute chain, a
    call or a subscript ast starts it at the same place (``x = (`` then ``ops.Tensor`` on the next line: that
    next line, in both; checked on every Name, Attribute, Call and Subscript of the fixtures and the benchmark
    corpus). A parenthesized tuple or generator starts at its parenthesis in ast and not in libcst: for other
    expressions a parenthesis on an earlier line that might be theirs declines."""
    if isinstance(node, _SAME_START):
        return node.lineno
    start = model.offset(node.lineno, node.col_offset)
    line_start = model.line_start(node.lineno)
    if model.text[line_start:start].strip():
        return node.lineno
    line = node.lineno - 1
    while line >= 1:
        text = model.text[model.line_start(line) : model.line_start(line + 1)]
        if "#" in text:
            text = without_comment(text)
        if text.strip():
            break
        line -= 1
    if line < 1:
        return node.lineno
    if text.rstrip().endswith("\\"):
        raise Decline("a continuation before a reported expression")
    body = text.rstrip()
    if not body.endswith("("):
        return node.lineno
    before = body[:-1]
    word = re.search(r"[A-Za-z_0-9]+$", before)
    if (word and word.group() not in _KEYWORDS and not word.group()[0].isdigit()) or before.endswith((")", "]")):
        return node.lineno  # a call's parenthesis, not the expression's
    raise Decline("a parenthesis on an earlier line may open the reported expression")


def without_comment(line: str) -> str:
    """``line`` without its comment: the first ``#`` outside a one-line string literal. A line with a
    triple quote may be inside a string that started earlier: declined."""
    if '"""' in line or "'''" in line:
        raise Decline("a comment and a triple-quoted string before a reported expression")
    quote = ""
    index = 0
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#":
            return line[:index]
        index += 1
    if quote:
        raise Decline("an unterminated string before a reported expression")
    return line


def add_imports(text: str, imports: list[tuple[str, str | None]]) -> str:
    """libcst's AddImportsVisitor (as the engine runs it) adding ``import <module> [as <asname>]`` for each of
    ``imports`` in order, run on the module's head only: the statements up to the first that is not an import line, that one replaced by
    ``pass`` (it keeps its leading lines, which the visitor may give a blank line)."""
    from tfmigrate.engine import _run_import_visitor

    cut = _head_end(text)
    head = text[:cut] + ("pass\n" if cut < len(text) else "")
    context = CodemodContext()
    for module, asname in imports:
        AddImportsVisitor.add_needed_import(context, module, asname=asname)
    holder = _ContextHolder(context)
    new_head = _run_import_visitor(holder, AddImportsVisitor, cst.parse_module(head)).code  # type: ignore[arg-type]  # only its context is read
    if cut < len(text):
        if not new_head.endswith("pass\n"):
            raise Decline("the import visitor changed the statement after the imports")
        new_head = new_head[: -len("pass\n")]
    return new_head + text[cut:]


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_STATEMENT_START = re.compile(r"[A-Za-z_@]")  # a line that may start a top-level statement
HEAD_LINES = 200  # the lines read first to find the head; four times more each time it is not found there


def _head_end(text: str) -> int:
    """Where the module's head ends: the start of the first statement that is not an import line of its own
    (after a docstring), or the end of the text.

    Read from a parse of the lines before a line that may start a top-level statement (a letter or ``@`` in its
    first column), near the end of the first ``HEAD_LINES`` lines, then four times more lines, the whole text
    last: a generated file of 10,000 lines was parsed whole again to read its first twenty. A cut inside a
    statement (a string, brackets, a decorator, a ``try`` without its handlers) does not parse, and the line
    before is tried; a cut before a statement keeps every statement before it, and where each starts."""
    starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]  # of each line, as ast counts them
    lines = HEAD_LINES
    while lines + 1 < len(starts):
        tried = 0
        for line in range(lines + 1, 1, -1):
            if tried == 3:
                break
            if not _STATEMENT_START.match(text, starts[line - 1]):
                continue
            tried += 1
            try:
                body = ast.parse(text[: starts[line - 1]]).body
            except SyntaxError:
                continue
            first = _first_after_imports(body)
            if first is not None:
                return starts[first - 1]
            break
        lines *= 4
    first = _first_after_imports(ast.parse(text).body)
    return len(text) if first is None else starts[first - 1]


def _first_after_imports(body: list[ast.stmt]) -> int | None:
    """The first line of the first statement that is not an import line of its own (decorators included)."""
    index = 1 if body and _skip_first(body[0]) else 0
    while index < len(body):
        stmt = body[index]
        group_end = index + 1
        while group_end < len(body) and body[group_end].lineno == body[group_end - 1].end_lineno:
            group_end += 1
        if group_end - index == 1 and isinstance(stmt, (ast.Import, ast.ImportFrom)):
            index = group_end
            continue
        return min([stmt.lineno, *(d.lineno for d in getattr(stmt, "decorator_list", ()))])
    return None


class _ContextHolder:
    def __init__(self, context: CodemodContext) -> None:
        self.context = context


def _skip_first(stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str):
        return True
    return (
        isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
        and stmt.targets[0].id == "__strict__"
    )
