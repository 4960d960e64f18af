"""A module-level function defined in each branch of a module-level ``if`` (DCGAN's ``ops.py``: ``if "concat_v2" in
dir(tf): def concat(...) ... else: def concat(...) ...``): whichever branch runs, the name is one of these
functions, bound once. What holds for every one of them holds for the function the program calls.
"""

from __future__ import annotations

import libcst as cst


def definitions(module: cst.Module, name: str) -> list[cst.FunctionDef]:
    """The module-level ``def name``s, those directly in the branches of a module-level ``if`` included."""
    found: list[cst.FunctionDef] = []
    for statement in module.body:
        for block in _blocks(statement):
            found += [s for s in block if isinstance(s, cst.FunctionDef) and s.name.value == name]
    return found


def _blocks(statement: cst.BaseStatement) -> list[list[cst.BaseStatement]]:
    if not isinstance(statement, cst.If):
        return [[statement]]
    blocks = [list(statement.body.body)] if isinstance(statement.body, cst.IndentedBlock) else []
    orelse = statement.orelse
    if isinstance(orelse, cst.If):
        blocks += _blocks(orelse)
    elif isinstance(orelse, cst.Else) and isinstance(orelse.body, cst.IndentedBlock):
        blocks.append(list(orelse.body.body))
    return blocks
