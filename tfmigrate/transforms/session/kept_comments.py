"""Comments a user wrote on the Session statements the rewrite removes, kept on the code that follows.

``sess = tf.Session()  # one session for the demo``, ``# initialise the variables`` above ``sess.run(init)`` and
``with tf.Session() as sess:  # train`` go when the program runs eagerly, but their comments often describe the
program (what the next lines do, why a seed is set) rather than the Session itself, and black or a libcst codemod
never drops a comment a user wrote. So each one moves, as a comment line of its own, to the statement that replaces
the removed one or to the next statement kept in the same block.
"""

from __future__ import annotations

from typing import TypeVar, cast

import libcst as cst

Statement = TypeVar("Statement", bound=cst.BaseStatement)


def comment_lines(statement: cst.CSTNode) -> list[cst.EmptyLine]:
    """The comments a statement carries: those on the lines above it, then the one ending its (first) line."""
    leading = [line for line in getattr(statement, "leading_lines", ()) if line.comment is not None]
    return [*leading, *trailing(statement)]


def trailing(statement: cst.CSTNode) -> list[cst.EmptyLine]:
    """The comment ending a simple statement's line, or a compound statement's header, as a line of its own."""
    if isinstance(statement, cst.SimpleStatementLine):
        comment = statement.trailing_whitespace.comment
    else:
        body = getattr(statement, "body", None)
        comment = body.header.comment if isinstance(body, cst.IndentedBlock) else None
    return [cst.EmptyLine(comment=comment)] if comment is not None else []


def carry(statement: Statement, comments: list[cst.EmptyLine]) -> Statement:
    """``statement`` with ``comments`` above it, after its blank lines and before its own comments."""
    if not comments:
        return statement
    leading = list(cast(cst.SimpleStatementLine, statement).leading_lines)  # every statement has them
    blank = 0
    while blank < len(leading) and leading[blank].comment is None:
        blank += 1
    return statement.with_changes(leading_lines=[*leading[:blank], *comments, *leading[blank:]])
