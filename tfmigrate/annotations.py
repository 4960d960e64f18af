"""``--annotate``: a ``# tfmigrate: CODE what to do`` comment above the statement of every follow-up.

Follow-ups name lines of the file as read; the comment goes above the statement that holds that line in the
migrated text (lines a rule rewrote map to the statement that replaced them), never inside an expression or a
string. A statement already marked for a rule (TFM201 marks the Savers it leaves in graph mode itself) is not
marked again for it, and a file that already carries a rule's marks (an earlier ``--annotate`` run) gets none
for that rule, so a second run changes nothing. A follow-up with no line has no statement and is not marked;
the summary says so.
"""

from __future__ import annotations

import difflib
import re
import textwrap
from collections.abc import Callable, Iterable
from typing import TypeVar, cast

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from tfmigrate.ftypes import FollowUp

WIDTH = 100
MARK = re.compile(r"#\s*tfmigrate:\s*(TFM\d+)\b")
_Node = TypeVar("_Node", bound=cst.CSTNode)
_MARKABLE = (cst.SimpleStatementLine, cst.BaseCompoundStatement, cst.ExceptHandler, cst.Else, cst.Finally)


def mark(original: str, migrated: str, followups: Iterable[FollowUp]) -> str:
    """``migrated`` with a comment above each follow-up's statement; unchanged if there is nothing to mark."""
    already = set(MARK.findall(original))
    sites = [f for f in followups if f.line and f.code not in already]
    if not sites:
        return migrated
    try:
        module = cst.parse_module(migrated)
    except cst.ParserSyntaxError:
        return migrated
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    finder = _Statements()
    wrapper.visit(finder)
    if not finder.found:
        return migrated
    to_migrated = _line_map(original, migrated)
    wanted: dict[cst.CSTNode, list[FollowUp]] = {}
    for followup in sites:
        statement = finder.at(to_migrated(followup.line))
        if followup not in wanted.setdefault(statement, []):
            wanted[statement].append(followup)
    return wrapper.module.visit(_Marker(wanted)).code


class _Statements(cst.CSTVisitor):
    """Every statement with the lines it spans (decorators included) and how deeply it is nested."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self) -> None:
        self.found: list[tuple[int, int, int, cst.CSTNode]] = []
        self.depth = 0

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, _MARKABLE):
            where = self.get_metadata(PositionProvider, node)
            start = where.start.line
            for decorator in getattr(node, "decorators", ()):
                start = min(start, self.get_metadata(PositionProvider, decorator).start.line)
            self.found.append((start, where.end.line, self.depth, node))
            self.depth += 1
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        if isinstance(original_node, _MARKABLE):
            self.depth -= 1

    def at(self, line: int) -> cst.CSTNode:
        """The innermost statement holding ``line``; else the next one after it; else the last one."""
        holding = [s for s in self.found if s[0] <= line <= s[1]]
        if holding:
            return max(holding, key=lambda s: s[2])[3]
        after = [s for s in self.found if s[0] > line]
        if after:
            return min(after, key=lambda s: (s[0], s[2]))[3]
        return min((s for s in self.found if s[2] == 0), key=lambda s: -s[0])[3]


class _Marker(cst.CSTTransformer):
    def __init__(self, wanted: dict[cst.CSTNode, list[FollowUp]]) -> None:
        super().__init__()
        self.wanted = wanted

    def on_leave(self, original_node: _Node, updated_node: _Node) -> _Node:
        followups = self.wanted.get(original_node)
        if not followups or not isinstance(updated_node, _MARKABLE):  # only statements are wanted
            return updated_node
        lines = list(updated_node.leading_lines)
        marked = {m for line in lines if line.comment is not None for m in MARK.findall(line.comment.value)}
        for followup in followups:
            if followup.code in marked:
                continue
            lines += [cst.EmptyLine(comment=cst.Comment(text)) for text in comment_lines(followup)]
        return cast(_Node, updated_node.with_changes(leading_lines=lines))  # the same class as updated_node


def comment_lines(followup: FollowUp) -> list[str]:
    message = " ".join(followup.message.split())
    return textwrap.wrap(
        f"{followup.code} {message}",
        WIDTH,
        initial_indent="# tfmigrate: ",
        subsequent_indent="#   ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def _line_map(old: str, new: str) -> Callable[[int], int]:
    """1-based line of ``old`` -> the line of ``new`` it became (the start of what replaced it)."""
    a, b = old.splitlines(), new.splitlines()
    mapping: dict[int, int] = {}
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        for k in range(i2 - i1):
            if op == "equal":
                mapping[i1 + k + 1] = j1 + k + 1
            elif op == "replace":
                mapping[i1 + k + 1] = j1 + min(k, j2 - j1 - 1) + 1
            else:  # deleted: the line after the gap
                mapping[i1 + k + 1] = j1 + 1
    return lambda line: mapping.get(line, line)
