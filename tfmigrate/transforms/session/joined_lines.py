"""Statements joined on one line by ``;`` (``a = tf.zeros((2, 2)); b = tf.ones((2, 2))``), read one per line.

The proof models a graph definition as a line holding one ``name = <value>``; Python runs ``a; b`` exactly as
``a`` then ``b`` on two lines, so the joined line is split before the proof (each statement keeps its own line for
the report, the line's comment stays with the last). A one-line suite (``if x: a; b``) is left as written.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite


def split(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each joined line split, and no note (nothing changes meaning); None where there is none."""
    if ";" not in module_code(module):
        return None
    if not any(isinstance(n, cst.SimpleStatementLine) and len(n.body) > 1 for n in descendants(module)):
        return None  # the ``;`` is in a string or a comment: no line to split, no rewrite of the module to pay
    rewrite = _Split(module, resolve, line_of)
    done = rewrite.applied()
    return (*done, []) if rewrite.split else None


class _Split(TracedRewrite):
    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf) -> None:
        super().__init__(module, resolve, line_of)
        self.split = False

    def leave_SimpleStatementLine(self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine):
        if len(updated_node.body) < 2:
            return updated_node
        self.split = True
        last = len(updated_node.body) - 1
        lines = []
        for index, small in enumerate(updated_node.body):
            line = cst.SimpleStatementLine(
                body=[small.with_changes(semicolon=cst.MaybeSentinel.DEFAULT)],
                leading_lines=updated_node.leading_lines if index == 0 else (),
                trailing_whitespace=updated_node.trailing_whitespace if index == last else cst.TrailingWhitespace(),
            )
            lines.append(self.traced(line, original_node))
        return cst.FlattenSentinel(lines)
