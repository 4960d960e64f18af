"""Module functions a graph class's one instance is passed to: ``train_linreg(sess, model, X_train, y_train)`` and
``predict_linreg(sess, model, X_test)`` (Raschka's ch. 13 ``TfLinreg``), each reading ``model.optimizer`` and
feeding ``model.X``.

TF1 runs such a function's body where it is called, its parameter the instance: so the function read at its one
call (inlined_helpers.py, as a Session function is read: its parameters bound to the arguments, its return value
to the call's place) is the same program, one in which the instance is used only through its attributes, which the
class proof (classes.py) models. A function called other than once by a module-level statement, or of another
shape, is left as it was and the class keeps the reason it had.
"""

from __future__ import annotations

import re

import libcst as cst

from tfmigrate.transforms.session import inlined_helpers
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants
from tfmigrate.transforms.session.class_sugar import reguard, unguard, unguarded_lookups
from tfmigrate.transforms.session.public_builders import _site

READ = "read where it is called"


def _taking(module: cst.Module, instance: str) -> list[str]:
    """The module functions some call passes the instance's bare name, in the order they are defined."""
    functions = [s.name.value for s in module.body if isinstance(s, cst.FunctionDef)]
    passed = {
        n.func.value
        for n in descendants(module)
        if isinstance(n, cst.Call)
        and isinstance(n.func, cst.Name)
        and any(isinstance(a.value, cst.Name) and a.value.value == instance for a in n.args)
    }
    return [f for f in functions if f in passed]


def read_at_calls(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, list[tuple[int, str]]] | None:
    """The module with each function the instance is passed to read at its one call, and a change line per call;
    None when there is none or one cannot be read so."""
    unguarded, guard = unguard(module)
    site = _site(unguarded, definition.name.value, last=True)
    names = _taking(unguarded, site[0]) if site is not None else []
    if site is None or not names:
        return None
    resolve, line_of = unguarded_lookups(resolve, line_of, guard)
    notes: list[tuple[int, str]] = []
    for name in names:
        function = next(s for s in unguarded.body if isinstance(s, cst.FunctionDef) and s.name.value == name)
        expanded = inlined_helpers.inline_function(unguarded, resolve, line_of, function, printed=True)
        if expanded is None:
            return None
        unguarded, resolve, line_of, lines = expanded
        notes += [(line, f"function `{name}` {READ}, with instance `{site[0]}`") for line in lines]
    return reguard(unguarded, guard), resolve, line_of, notes


def truer(behind: Blocked, blocked: Blocked, notes: list[tuple[int, str]]) -> Blocked:
    """Where the program with the functions read at their calls stops: its reason, unless it has no line or names
    a value the reading made (``train_model_result``, ``train_model_cost``), which the program does not spell."""
    made = [re.escape(n.split("`")[1]) + "_" for _, n in notes]
    if not behind.line or (made and re.search(rf"`(?:{'|'.join(made)})\w*`", behind.construct)):
        return blocked
    return behind
