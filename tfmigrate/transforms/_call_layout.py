"""Keep a rewritten call's layout: its line breaks, its comments, and continuation lines aligned with its paren.

A call's arguments are separated by whitespace that libcst keeps on the commas (and, before the first argument,
on the call): a rewrite that reuses those nodes keeps every line break and comment; one that builds fresh commas
joins the call onto one line and drops the comments. When the callee's name gets longer or shorter, lines that
were aligned with the opening paren are moved by the same amount.
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst
from libcst.metadata import CodeRange

Position = Callable[[cst.CSTNode], CodeRange]


def _shifted(whitespace: cst.BaseParenthesizableWhitespace, delta: int) -> cst.BaseParenthesizableWhitespace:
    if not isinstance(whitespace, cst.ParenthesizedWhitespace) or delta == 0:
        return whitespace
    spaces = whitespace.last_line.value
    spaces = spaces + " " * delta if delta > 0 else spaces[: max(0, len(spaces) + delta)]
    return whitespace.with_changes(last_line=cst.SimpleWhitespace(spaces))


def realign(call: cst.Call, aligned: set[int], delta: int) -> cst.Call:
    """Move the arguments in ``aligned`` (indexes of arguments that start a line at the paren's column + 1)
    by ``delta`` columns."""
    if not aligned or delta == 0:
        return call
    args = list(call.args)
    before = call.whitespace_before_args
    if 0 in aligned:
        before = _shifted(before, delta)
    for index in aligned - {0}:
        previous = args[index - 1]
        if isinstance(previous.comma, cst.Comma):
            comma = previous.comma.with_changes(whitespace_after=_shifted(previous.comma.whitespace_after, delta))
            args[index - 1] = previous.with_changes(comma=comma)
    return call.with_changes(args=args, whitespace_before_args=before)


def aligned(call: cst.Call, position: Position) -> tuple[set[int], int]:
    """Indexes of ``call``'s arguments that start a line aligned with its paren, and the callee's length.
    ``position`` gives a node's CodeRange (a transform's PositionProvider metadata); none known: nothing aligned."""
    try:
        func = position(call.func)
        spans = [position(arg) for arg in call.args]
    except KeyError:
        return set(), 0
    single = isinstance(call.whitespace_after_func, cst.SimpleWhitespace) and not call.whitespace_after_func.value
    if func.start.line != func.end.line or not single:
        return set(), 0
    found, line = set(), func.end.line
    for index, span in enumerate(spans):
        if span.start.line != line and span.start.column == func.end.column + 1:
            found.add(index)
        line = span.end.line
    return found, func.end.column - func.start.column


def follow_callee(original: cst.Call, updated: cst.Call, position: Position) -> cst.Call:
    """``updated`` with a longer or shorter callee: continuation lines aligned with the old paren follow the new one."""
    if len(original.args) != len(updated.args):
        return updated
    found, length = aligned(original, position)
    return realign(updated, found, len(cst.Module([]).code_for_node(updated.func)) - length)


def has_comment(node: cst.CSTNode) -> bool:
    return any(isinstance(child, cst.Comment) for child in _walk(node))


def _walk(node: cst.CSTNode):
    yield node
    for child in node.children:
        yield from _walk(child)


def keep_layout(original: cst.Call, kept: list[cst.Arg], added: list[cst.Arg]) -> tuple[list[cst.Arg], cst.Call]:
    """``kept`` (a subsequence of ``original.args``, possibly with new keywords) followed by ``added``, with the
    original separators: commas and comments of the kept arguments, a dropped leading argument's comment moved
    after the paren, the original trailing comma and closing whitespace, and new arguments separated like the
    last two old ones. Returns the arguments and the call with its whitespace before them."""
    call = original
    first = original.args[0] if original.args else None
    if first is not None and (not kept or kept[0].value is not first.value) and isinstance(first.comma, cst.Comma):
        if has_comment(first.comma):
            call = call.with_changes(whitespace_before_args=first.comma.whitespace_after)
    args = list(kept) + list(added)
    if not args:
        return [], call
    last = original.args[-1]
    separator: cst.Comma | cst.MaybeSentinel = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    for arg in kept[:-1]:
        if isinstance(arg.comma, cst.Comma) and not has_comment(arg.comma):
            separator = arg.comma
    out = []
    for index, arg in enumerate(args):
        final = index == len(args) - 1
        if final:
            comma = last.comma
            if isinstance(arg.comma, cst.Comma) and has_comment(arg.comma) and not isinstance(comma, cst.Comma):
                comma = arg.comma  # a comment on the last comma stays, as a trailing comma
            out.append(arg.with_changes(comma=comma, whitespace_after_arg=last.whitespace_after_arg))
        else:
            comma = arg.comma if index < len(kept) - 1 and isinstance(arg.comma, cst.Comma) else separator
            if index < len(kept) and isinstance(arg.comma, cst.Comma) and has_comment(arg.comma):
                comma = arg.comma
            out.append(arg.with_changes(comma=comma, whitespace_after_arg=cst.SimpleWhitespace("")))
    return out, call
