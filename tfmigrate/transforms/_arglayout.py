"""Editing a call's arguments without losing what people wrote around them: comments, line breaks, the trailing
comma and the line of the closing parenthesis, and continuation lines aligned with the opening parenthesis.

libcst keeps a comment and the line break after an argument in that argument's comma, so deleting the argument,
or taking its comma away to make it the last one, silently drops them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import cast

import libcst as cst

_SPACE = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def _broken(comma: object) -> cst.ParenthesizedWhitespace | None:
    """The line break (and comments) after an argument's comma, if the comma ends a line."""
    if isinstance(comma, cst.Comma) and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace):
        return comma.whitespace_after
    return None


def _comment_lines(space: cst.ParenthesizedWhitespace, at: cst.ParenthesizedWhitespace) -> list[cst.EmptyLine]:
    """The comments of a line break, as lines of their own at the column of the line break ``at``."""
    lines = list(space.empty_lines)
    if space.first_line.comment is not None:
        lines.insert(0, cst.EmptyLine(indent=at.indent, whitespace=at.last_line, comment=space.first_line.comment))
    return lines


def _with_lines(arg: cst.Arg, lines: list[cst.EmptyLine], fallback: cst.ParenthesizedWhitespace) -> cst.Arg:
    space = _broken(arg.comma)
    if space is None:  # the argument before shared its line with the dropped one: take over the line break
        comma = arg.comma if isinstance(arg.comma, cst.Comma) else cst.Comma()
        return arg.with_changes(comma=comma.with_changes(whitespace_after=fallback))
    return arg.with_changes(
        comma=cast(cst.Comma, arg.comma).with_changes(
            whitespace_after=space.with_changes(empty_lines=[*space.empty_lines, *lines])
        )
    )


def drop_args(args: Sequence[cst.Arg], drop: Collection[int]) -> list[cst.Arg]:
    """``args`` without the ones at the indexes ``drop``. A dropped argument's comments move to the argument
    before it; dropping the last argument keeps the call's trailing comma and closing-parenthesis line."""
    args = list(args)
    kept: list[cst.Arg] = []
    for index, arg in enumerate(args):
        if index not in drop:
            kept.append(arg)
            continue
        space = _broken(arg.comma)
        if space is not None and kept:
            kept[-1] = _with_lines(kept[-1], _comment_lines(space, _broken(kept[-1].comma) or space), space)
    if not kept or len(args) - 1 not in drop:
        return kept
    last, closing = kept[-1], args[-1]
    space = _broken(last.comma)
    if isinstance(closing.comma, cst.Comma):
        end = _broken(closing.comma)
        if space is not None and end is not None:
            space = space.with_changes(indent=end.indent, last_line=end.last_line)
            return [
                *kept[:-1],
                last.with_changes(comma=cast(cst.Comma, last.comma).with_changes(whitespace_after=space)),
            ]
        return [*kept[:-1], last.with_changes(comma=closing.comma)]
    if space is not None and (space.first_line.comment is not None or space.empty_lines):
        # a comment after the new last argument: keep its comma and line break, close at the statement's indent
        space = space.with_changes(indent=True, last_line=cst.SimpleWhitespace(""))
        return [*kept[:-1], last.with_changes(comma=cast(cst.Comma, last.comma).with_changes(whitespace_after=space))]
    return [
        *kept[:-1],
        last.with_changes(comma=cst.MaybeSentinel.DEFAULT, whitespace_after_arg=closing.whitespace_after_arg),
    ]


def append_arg(
    args: Sequence[cst.Arg], new: cst.Arg, lead: cst.BaseParenthesizableWhitespace | None = None
) -> list[cst.Arg]:
    """``args`` with ``new`` at the end, in the layout of the call: on a line of its own, with the trailing
    comma, when the arguments are on lines of their own (``lead``: the call's whitespace before them)."""
    args = list(args)
    if not args:
        return [new]
    last = args[-1]
    end = _broken(last.comma)
    if end is not None:
        step = _broken(args[-2].comma) if len(args) > 1 else lead
        if not isinstance(step, cst.ParenthesizedWhitespace):
            return [*args, new]
        between = end.with_changes(indent=step.indent, last_line=step.last_line)
        closing = cst.Comma(whitespace_after=end.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=[]))
        return [
            *args[:-1],
            last.with_changes(comma=cast(cst.Comma, last.comma).with_changes(whitespace_after=between)),
            new.with_changes(comma=closing),
        ]
    if isinstance(last.comma, cst.Comma):
        return [*args, new]
    return [
        *args[:-1],
        last.with_changes(comma=_SPACE, whitespace_after_arg=cst.SimpleWhitespace("")),
        new.with_changes(whitespace_after_arg=last.whitespace_after_arg),
    ]


def realign(args: list[cst.Arg], column: int, indent: int, delta: int) -> list[cst.Arg]:
    """Shift by ``delta`` the continuation lines aligned at ``column`` (the first argument's, after the
    opening parenthesis), where ``indent`` is the width of the statement's own indentation."""
    if not delta:
        return args
    out = []
    for arg in args:
        space = _broken(arg.comma)
        if space is not None and (indent if space.indent else 0) + len(space.last_line.value) == column:
            width = len(space.last_line.value) + delta
            if width >= 0:
                arg = arg.with_changes(
                    comma=cast(cst.Comma, arg.comma).with_changes(
                        whitespace_after=space.with_changes(last_line=cst.SimpleWhitespace(" " * width))
                    )
                )
        out.append(arg)
    return out
