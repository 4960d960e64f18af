"""The sentinel statements the session rewrite marks places with (a bare name as a statement: ``__tfmigrate_guard__``),
in a module of their own with no imports, so that any session module can read them without an import cycle through
class_sugar.py, which writes most of them."""

from __future__ import annotations

import libcst as cst

# Where each part of a class stood in the module program (class_sugar.py); named after the class, so a class proved
# inside another's program (a holder's graph class) leaves the outer sentinels alone.
BEGIN, END, CLASS = "__tfmigrate_begin_{}__{}", "__tfmigrate_end_{}__{}", "__tfmigrate_class__{}"
BEGIN_PREFIX, END_PREFIX = BEGIN.split("{}")[0], END.split("{}")[0]


def sentinel(name: str) -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine(body=[cst.Expr(cst.Name(name))])


def sentinel_name(statement: cst.CSTNode) -> str | None:
    if (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, cst.Name)
        and statement.body[0].value.value.startswith("__tfmigrate_")
    ):
        return statement.body[0].value.value
    return None
