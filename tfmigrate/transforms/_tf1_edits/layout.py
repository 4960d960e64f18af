"""Where ast and libcst see a source's layout differently: libcst keeps parentheses, comments and argument order on
its nodes, ast leaves them out, so the plan reads them from the text and declines where it cannot be sure."""

from __future__ import annotations

import ast

from tfmigrate.model import Chain, Model
from tfmigrate.transforms._edit_support import Decline, without_comment


def parenthesized(m: Model, node: ast.AST) -> bool:
    """Whether ``node`` has parentheses of its own (libcst keeps them on the node, ast leaves them out):
    a ``(`` right before it and a ``)`` right after it that are not its call's or class's. Declines
    where a comment is in the way."""
    start, end = m.span(node)
    if _previous_char(m.text, start) != "(" or _next_char(m.text, end) != ")":
        return False
    parent = m.parents.get(node)
    if isinstance(parent, ast.Call) and node is not parent.func:
        args = arguments(parent)
        if len(args) == 1 and args[0] is node:
            paren = m.text.rindex("(", 0, start)
            return bool(m.text[m.span(parent.func)[1] : paren].strip())
        return True
    if isinstance(parent, ast.ClassDef) and len(parent.bases) + len(parent.keywords) == 1:
        return False
    return True


def _previous_char(text: str, offset: int) -> str:
    """The character before ``offset`` past whitespace, line continuations and comments on earlier lines."""
    index = offset - 1
    while index >= 0:
        char = text[index]
        if char in " \t\\":
            index -= 1
        elif char == "\n":
            line_start = text.rfind("\n", 0, index) + 1
            line = text[line_start:index]
            if "#" in line:
                index = line_start + len(without_comment(line))
            index -= 1
        else:
            return char
    return ""


def _next_char(text: str, offset: int) -> str:
    """The character after ``offset`` past whitespace and line continuations; declines on a comment."""
    index = offset
    while index < len(text):
        char = text[index]
        if char in " \t\\\n":
            index += 1
        elif char == "#":
            raise Decline("a comment after an edited expression")
        else:
            return char
    return ""


def has_gaps(m: Model, chain: Chain, upto: int) -> bool:
    """Spaces, comments, line breaks or parentheses inside the chain up to node ``upto``."""
    start, end = m.span(chain.nodes[upto])
    return m.text[start:end] != chain.dotted(upto)


def post_order(node: ast.AST) -> tuple:
    """Sort key of libcst's leave order: a node leaves after what it contains, and before what follows it."""
    return (
        (node.end_lineno, node.end_col_offset),  # type: ignore[attr-defined]  # positioned nodes
        (-node.lineno, -node.col_offset),  # type: ignore[attr-defined]  # positioned nodes
    )


def arguments(call: ast.Call) -> list:
    """A call's arguments in the order they are written (``f(a=1, *b)`` puts a keyword first)."""
    return sorted([*call.args, *call.keywords], key=lambda a: (a.lineno, a.col_offset))


def block_of(m: Model, stmt: ast.AST) -> list[ast.stmt]:
    """The statement list holding ``stmt``: its neighbours decide how libcst removes its line."""
    parent = m.parents.get(stmt, m.tree)
    for name in ("body", "orelse", "finalbody"):
        body = getattr(parent, name, None)
        if isinstance(body, list) and any(s is stmt for s in body):
            return body
    raise Decline("a statement in a block the plan does not model")
