"""Inline opt-outs: ``# tfmigrate: ignore``, ``# tfmigrate: ignore[TFM201]`` and ``# tfmigrate: skip-file``.

A user who has read the diff and wants one statement left as it is should not have to give up the whole rule.
Suppression is applied once, generically, by wrapping each rule's class: while a rule walks the tree, it does
not enter a statement whose line carries the marker (so it cannot rewrite it), and whatever it reported on those
lines is dropped (so the summary never claims a change that was not made). Rules need no code for it.

What a marker covers:

- on a simple statement (any of its lines, for one split over several lines): that statement;
- on the header of a compound statement (``def``/``class``/``with``/``for``/``if``... up to the ``:``, decorators
  included): the whole statement, body and all, as ``# pragma: no cover`` does for coverage.py.

``# tfmigrate: skip-file`` in the first lines, or ``@generated`` in the first lines (the mark code generators
leave), leaves the whole file alone; its status is SKIPPED.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import libcst as cst
from libcst.metadata import PositionProvider

from tfmigrate.transforms import matches
from tfmigrate.transforms.base import CHANGES_KEY, FOLLOWUPS_KEY, Transform

MARKER = re.compile(r"#\s*tfmigrate:\s*ignore(?:\[(?P<codes>[A-Za-z0-9_,\s]*)\])?(?![\w-])")
SKIP_FILE = re.compile(r"#\s*tfmigrate:\s*skip-file\b")
GENERATED = re.compile(r"@generated\b")
SKIP_FILE_LINES = 10
GENERATED_LINES = 5


def skip_reason(text: str) -> str | None:
    """Why the whole file is left alone, or None: a skip-file comment or an @generated mark near the top."""
    head = text.split("\n", SKIP_FILE_LINES)[:SKIP_FILE_LINES]
    for line in head:
        if "#" in line and SKIP_FILE.search(line):
            return "'# tfmigrate: skip-file' comment"
    for line in head[:GENERATED_LINES]:
        if GENERATED.search(line):
            return "file is marked @generated"
    return None


def has_markers(text: str) -> bool:
    return "tfmigrate" in text and MARKER.search(text) is not None


def marker_codes(comment: str) -> tuple[str, ...] | None:
    """The codes a comment suppresses: () for all of them, None when it is not a suppression comment."""
    found = MARKER.search(comment)
    if found is None:
        return None
    if found.group("codes") is None:
        return ()
    codes = tuple(c.strip().upper() for c in found.group("codes").split(",") if c.strip())
    return codes or ()


def applies(codes: tuple[str, ...], rule_code: str) -> bool:
    return not codes or matches(rule_code, codes)


def apply(rules: Sequence[type[Transform]], text: str) -> list[type[Transform]]:
    """The rules to run on ``text``: unchanged when it has no marker, else each wrapped to honour them."""
    if not has_markers(text):
        return list(rules)
    return [suppressing(rule) for rule in rules]


def _lines(position) -> range:
    return range(position.start.line, position.end.line + 1)


class _Collector(cst.CSTVisitor):
    """Finds marker comments and the statements whose own lines they sit on, in one walk."""

    def __init__(self, positions, rule_code: str) -> None:
        self.positions = positions
        self.rule_code = rule_code
        self.marked_lines: set[int] = set()
        self.statements: list[tuple[cst.CSTNode, range]] = []

    def visit_Comment(self, node: cst.Comment) -> None:
        codes = marker_codes(node.value)
        if codes is not None and applies(codes, self.rule_code):
            position = self.positions.get(node)
            if position is not None:
                self.marked_lines.add(position.start.line)

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        position = self.positions.get(node)
        if position is not None:
            self.statements.append((node, _lines(position)))

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.BaseCompoundStatement):
            self._compound(node)
        return super().on_visit(node)

    def _compound(self, node: cst.BaseCompoundStatement) -> None:
        position = self.positions.get(node)
        if position is None:
            return
        first = position.start.line
        for decorator in getattr(node, "decorators", ()):
            decorator_position = self.positions.get(decorator)
            if decorator_position is not None:
                first = min(first, decorator_position.start.line)
        body = node.body
        if isinstance(body, cst.IndentedBlock):
            header = self.positions.get(body.header)
            last = header.start.line if header is not None else first
        else:
            last = position.end.line
        self.statements.append((node, range(first, last + 1)))


@cache
def suppressing(rule: type[Transform]) -> type[Transform]:
    """``rule`` as a subclass that leaves marked statements alone and drops its reports on their lines."""

    class Suppressing(rule):  # type: ignore[valid-type, misc]  # mypy cannot subclass a class held in a variable
        METADATA_DEPENDENCIES = tuple(dict.fromkeys((*rule.METADATA_DEPENDENCIES, PositionProvider)))

        def transform_module_impl(self, tree: cst.Module) -> cst.Module:
            positions = self.metadata.get(PositionProvider, {})
            collector = _Collector(positions, self.CODE)
            tree.visit(collector)
            self._suppressed_ids = set()
            suppressed_lines: set[int] = set()
            for node, lines in collector.statements:
                if any(line in collector.marked_lines for line in lines):
                    self._suppressed_ids.add(id(node))
                    suppressed_lines.update(_lines(positions[node]))
                    suppressed_lines.update(lines)
            scratch = self.context.scratch
            before = {key: len(scratch.get(key, [])) for key in (CHANGES_KEY, FOLLOWUPS_KEY)}
            result = super().transform_module_impl(tree)
            for key, start in before.items():
                items = scratch.get(key, [])
                scratch[key] = items[:start] + [i for i in items[start:] if i.line not in suppressed_lines]
            return result

        def on_visit(self, node: cst.CSTNode) -> bool:
            if id(node) in getattr(self, "_suppressed_ids", ()):
                return False
            return super().on_visit(node)

        def on_leave(self, original_node, updated_node):
            if id(original_node) in getattr(self, "_suppressed_ids", ()):
                return updated_node
            return super().on_leave(original_node, updated_node)

    Suppressing.__name__ = Suppressing.__qualname__ = rule.__name__
    Suppressing.__module__ = rule.__module__
    Suppressing.__doc__ = rule.__doc__
    return Suppressing
