"""Where a class stage moves a method's call and body, and puts them back: the statement lists a call of a method
may stand in (the module's, those of its functions and ``if`` blocks), the module with one of them and the class
replaced, lookups through the moved nodes' originals, and the methods put back in the class where they stood.
Shared by class_session_methods.py (a method's body read at its call) and fit_constructors.py (``fit``'s body read
as the constructor's)."""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import LineOf, Resolve
from tfmigrate.transforms.session.loops import Origins


def blocks(module: cst.Module) -> list[list[cst.BaseStatement]]:
    """The statement lists a call may stand in: the module's, and those of its functions and ``if`` blocks."""
    found: list[list[cst.BaseStatement]] = [list(module.body)]
    for statement in module.body:
        if isinstance(statement, (cst.FunctionDef, cst.If)) and isinstance(statement.body, cst.IndentedBlock):
            found.append(list(statement.body.body))
    return found


def replaced_block(
    module: cst.Module,
    definition: cst.ClassDef,
    new_class: cst.ClassDef,
    statements: list[cst.BaseStatement],
    replaced: list[cst.BaseStatement],
    origins: Origins | None = None,
) -> cst.Module:
    """The module with the class ``new_class`` and the block ``statements`` (one of ``blocks``) ``replaced``; each
    rebuilt function or ``if`` noted in ``origins`` as its original."""
    if statements == list(module.body):
        return module.with_changes(body=[new_class if s is definition else s for s in replaced])
    body_out: list[cst.BaseStatement] = []
    for statement in module.body:
        if statement is definition:
            statement = new_class
        elif isinstance(statement, (cst.FunctionDef, cst.If)) and isinstance(statement.body, cst.IndentedBlock):
            if list(statement.body.body) == statements:
                rebuilt = statement.with_changes(body=statement.body.with_changes(body=replaced))
                if origins is not None:
                    origins.keep(rebuilt, statement)
                statement = rebuilt
        body_out.append(statement)
    return module.with_changes(body=body_out)


def lookups(resolve: Resolve, line_of: LineOf, origins: Origins, fallback: int) -> tuple[Resolve, LineOf]:
    """``resolve`` and ``line_of`` of the moved module: a made node means its original, on its line (``fallback``
    for one without)."""

    def resolve_new(node: cst.CSTNode) -> str | None:
        try:
            return resolve(origins.of(node))
        except KeyError:
            return None

    def line_of_new(node: cst.CSTNode) -> int:
        try:
            return line_of(origins.of(node))
        except KeyError:
            return fallback

    return resolve_new, line_of_new


def member_before(members: list[cst.BaseStatement], method: cst.FunctionDef) -> str | None:
    """The method the class defines before ``method``, where it is put back."""
    at = members.index(method)
    return next((m.name.value for m in reversed(members[:at]) if isinstance(m, cst.FunctionDef)), None)


def put_back(members: list[cst.BaseStatement], puts: list[tuple[cst.FunctionDef, str | None]]) -> None:
    """Each method of ``puts`` inserted after the method it followed (first when it followed none)."""
    for member, before in puts:
        after = next(
            (i + 1 for i, m in enumerate(members) if isinstance(m, cst.FunctionDef) and m.name.value == before),
            0 if before is None else len(members),
        )
        members.insert(after, member)
