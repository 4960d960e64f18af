"""A list's first item appended before the layer loop that extends it: ``fc.append(dense(x, 4))`` then ``for layer
in range(1, 4): fc.append(dense(fc[layer - 1], 5))``. Unrolled (loops.py), the append is read as the loop's first
binding (``fc_1 = dense(x, 4)``); where the unrolling leaves the loop as written (a module binding its own
``range``), the proof meets the append first and would name its graph value (```x` is used outside Session.run``),
when what keeps the program in the graph tier is the loop: the report names the loop and why it was kept."""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session import loops
from tfmigrate.transforms.session.analysis import Blocked, Program, descendants


def truer(program: Program, statement: cst.CSTNode, blocked: Blocked) -> Blocked:
    """``blocked`` as the loop's reason where ``statement`` (module-level) appends to a list a later module-level
    loop the unrolling keeps appends to; else ``blocked`` itself."""
    small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
    appended = loops.append_of(small) if small is not None else None
    body = list(program.module.body)
    at = next((index for index, s in enumerate(body) if s is statement), None)
    if appended is None or at is None:
        return blocked
    name = appended[0]
    for loop in body[at + 1 :]:
        if isinstance(loop, cst.For) and any(
            isinstance(n, cst.SimpleStatementLine)
            and len(n.body) == 1
            and (loops.append_of(n.body[0]) or ("",))[0] == name
            for n in descendants(loop.body)
        ):
            why = loops.kept(program.module, loop, program.tf_path)
            if not why:
                return blocked
            return Blocked(
                f"the list `{name}` gets its first item before the `for` loop, which appends the rest and is not "
                f"unrolled into one copy of its body per pass, as TF1 built it: {why}",
                program.line_of(loop),
            )
    return blocked
