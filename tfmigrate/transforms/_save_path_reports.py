"""TFM307 on the ast model where all it would do is report: ``save_weights`` given a path it cannot rename.

Why: a library that saves through a variable (``self.model.save_weights(filepath, overwrite=True)`` in Keras's
own ``callbacks.py``) renames nothing, yet it sent TFM307 to libcst: a parse of the file as an earlier Keras rule
left it and a second scope analysis (about a tenth of the benchmark corpus's CPU, on that one file), to write
one follow-up per call. Here the module is read as the rule reads it and the same follow-ups are made, when every
call that may save is one whose outcome the text alone settles:

* ``x.save_weights(p)`` / ``x.save_weights(filepath=p)`` where ``p`` is a name that no module-level assignment
  binds to a string literal, or a dotted chain, written plainly (no parentheses or comments around it);
* ``x.save(p)`` whose path has no literal tail (a name, chain, subscript or call other than ``path.join``);
* no ``ModelCheckpoint``, no run of several files (``Options.run_paths``).

Anything else (a literal to rename, a module constant, a ``ModelCheckpoint``) returns None and the libcst rule
runs, so the plan only answers where it gives the rule's own reports (tests/test_save_path_reports.py, and
tests/test_engine_edits.py on the fixtures, compare both ways).
"""

from __future__ import annotations

import ast
import re

from tfmigrate.facts import full_name
from tfmigrate.model import Model
from tfmigrate.transforms._keras3_call_sites import CHECKPOINT, checkpoint_names

LEGACY_SWITCH = "TF_USE_LEGACY_KERAS"  # a module naming it runs Keras 2, which accepts any name
_BEFORE_POSITIONAL = re.compile(r"\s*\(\s*\Z")
_BEFORE_KEYWORD = re.compile(r"\s*\(\s*filepath\s*=\s*\Z")
_AFTER = re.compile(r"\s*[,)]")


def unseen_weights_message(shown: str) -> str:
    """The follow-up at a ``save_weights`` whose path tfmigrate cannot rename (the libcst rule writes it too)."""
    return (
        f"save_weights needs a name ending in .weights.h5 in Keras 3 (it raises ValueError otherwise), and "
        f"tfmigrate does not rename a path given as `{shown}`: give it that ending here and where it is loaded"
    )


def reported_saves(model: Model) -> tuple[str, list[tuple[int, str]]] | None:
    """(the text as it is, the follow-ups as (line, message)) where TFM307 would rename nothing; else None."""
    checkpoints = checkpoint_names(model)
    constants = _string_bound(model.tree)
    legacy = LEGACY_SWITCH in model.text
    notes: list[tuple[int, str]] = []
    for call in model.calls.values():
        func = call.func
        name = full_name(func)
        if name is not None and (name.rsplit(".", 1)[-1] == CHECKPOINT or name.split(".")[0] in checkpoints):
            return None
        if not isinstance(func, ast.Attribute) or func.attr not in ("save", "save_weights"):
            continue
        first = _first_argument(call)
        if first is None:
            continue
        if func.attr == "save":
            if not _no_literal_tail(first.value if isinstance(first, (ast.keyword, ast.Starred)) else first):
                return None
            continue
        if isinstance(first, ast.keyword) and first.arg not in ("filepath", None):
            continue  # the rule reads a first argument given by another keyword as no path
        if isinstance(first, ast.Starred) or isinstance(first, ast.keyword) and first.arg is None:
            return None
        path = first.value if isinstance(first, ast.keyword) else first
        shown = _plain_path(model, call, path, keyword=isinstance(first, ast.keyword))
        if shown is None or isinstance(path, ast.Name) and path.id in constants:
            return None
        if not _starts_its_line_as_in_libcst(model, call):
            return None
        if not legacy:
            notes.append((call.lineno, unseen_weights_message(shown)))
    return model.text, notes


def _first_argument(call: ast.Call) -> ast.AST | None:
    """The argument written first (libcst's ``call.args[0]``): a positional one, a starred one or a keyword."""
    given: list[ast.AST] = [*call.args, *call.keywords]
    return min(given, key=lambda a: (a.lineno, a.col_offset)) if given else None  # type: ignore[attr-defined]


def _no_literal_tail(value: ast.AST) -> bool:
    """Whether TFM307's ``_tail`` finds no literal at the end of this path (so a ``save`` there does nothing)."""
    if isinstance(value, (ast.Name, ast.Attribute, ast.Subscript)):
        return True
    if isinstance(value, ast.Call):
        name = full_name(value.func)
        return name is not None and not name.endswith("join")
    return False


def _plain_path(model: Model, call: ast.Call, path: ast.AST, keyword: bool) -> str | None:
    """The path as libcst prints it (the rule's ``shown``) when it is a name or chain written plainly: libcst
    would print parentheses around it as part of it, so those, comments and line breaks decline."""
    if not isinstance(path, (ast.Name, ast.Attribute)):
        return None
    dotted = full_name(path)
    start, end = model.span(path)
    if dotted is None or model.text[start:end] != dotted:
        return None
    func_end = model.span(call.func)[1]
    before = (_BEFORE_KEYWORD if keyword else _BEFORE_POSITIONAL).match(model.text[func_end:start])
    if before is None or "#" in model.text[func_end:start] or _AFTER.match(model.text, end) is None:
        return None
    return dotted


def _starts_its_line_as_in_libcst(model: Model, call: ast.Call) -> bool:
    """libcst's line of a call counts parentheses around it; ast's does not. They agree unless the call is the
    first thing on a line below its statement's first (where an opening parenthesis may sit on a line above)."""
    statement: ast.AST = call
    while not isinstance(statement, ast.stmt):
        statement = model.parents[statement]
    if call.lineno == statement.lineno:
        return True
    line_start = model.line_start(call.lineno)
    return model.text[line_start : model.offset(call.lineno, call.col_offset)].strip() != ""


def _string_bound(tree: ast.Module) -> set[str]:
    """Names a module-level assignment binds to a string literal: the rule reads such a constant's text (and
    may stay quiet), which the libcst rule decides."""
    return {
        target.id
        for statement in tree.body
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant)
        for target in statement.targets
        if isinstance(target, ast.Name) and isinstance(statement.value.value, (str, bytes))
    }
