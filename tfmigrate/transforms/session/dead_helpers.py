"""The helpers of a dead Session function (dead_code.py): held-out set 24's kw_char_rnn defines ``def rnn(inputs,
state, ...)``, sized by ``inputs.shape[1].value``, called only from ``def rnn_example()``, which nothing calls.

Why: code the run never reaches must not decide the tier. A module-level function that opens no Session, has no
decorator, whose name no string spells, and that only functions the program never runs refer to, never runs either:
it is left out of the proof with the dead Session function that calls it and kept as written (no graph of its own:
that function's ``with tf.Graph().as_default():`` is the graph it builds into, as TF1's default graph was). The
reading stays dead_code's: only for a module refused as written, and only what it reads (imports, builtins, its own
names, other such helpers). A helper reading TF1's ``Dimension.value`` would not run as written in TF2 (the dead
function, called by another module, must still run): once the program the run reaches is proved, that is the reason
the module keeps the graph tier (``unrunnable``), rather than a refusal inside code the run never reaches.
"""

from __future__ import annotations

from collections.abc import Collection

import libcst as cst

from tfmigrate.transforms.session.analysis import Resolve, descendants
from tfmigrate.transforms.session.functions import references


def candidates(
    module: cst.Module, defined: list[cst.FunctionDef], resolve: Resolve, strings: str, sessions: Collection[str]
) -> set[str]:
    """The module-level functions that may be a dead function's helper: referred to only inside other
    module-level functions, opening no Session, undecorated, named in no string."""
    names = set()
    for function in defined:
        name = function.name.value
        if function.decorators or name == "main" or name.startswith("__") or name in strings:
            continue
        if any(isinstance(n, cst.Call) and resolve(n.func) in sessions for n in descendants(function)):
            continue
        uses = [n for n in references(module, name) if n is not function.name]
        if uses and all(_holder(module, use) not in (None, name) for use in uses):
            names.add(name)
    return names


def reached_only_from(module: cst.Module, helpers: set[str], dead: set[str]) -> set[str]:
    """The helpers every use of which lies in a dead function or another of these helpers."""
    kept = set(helpers)
    while True:
        allowed = dead | kept
        still = {h for h in kept if all(_holder(module, use) in allowed for use in _uses(module, h))}
        if still == kept:
            return kept
        kept = still


def _uses(module: cst.Module, name: str) -> list[cst.Name]:
    return [n for n in references(module, name) if not _defines(module, n)]


def _defines(module: cst.Module, node: cst.Name) -> bool:
    return any(isinstance(s, cst.FunctionDef) and s.name is node for s in module.body)


def _holder(module: cst.Module, node: cst.CSTNode) -> str | None:
    """The module-level function whose body holds ``node``; None at module level."""
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef) and any(n is node for n in descendants(statement.body)):
            return statement.name.value
    return None


def unrunnable(function: cst.FunctionDef) -> cst.CSTNode | None:
    """The first ``x.shape[1].value`` (TF1's Dimension, an int in TF2) in a dead helper: kept as written it would not
    run when another module calls the dead function, so the module keeps the graph tier, saying so."""
    return next((n for n in descendants(function.body) if _dimension_value(n)), None)


def refusal(name: str, callers: list[str]) -> str:
    """Why a dead helper reading ``Dimension.value`` keeps the module in graph tier, once the live program is proved."""
    return (
        f"function `{name}`, called only from {', '.join(f'`{c}`' for c in callers)}, which the program never runs, "
        "reads TF1's `Dimension.value` (an int in TF2): kept as written, it would not run if another module called it"
    )


def callers(module: cst.Module, name: str) -> list[str]:
    """The module-level functions that refer to ``name``."""
    return sorted({h for use in _uses(module, name) if (h := _holder(module, use)) is not None})


def _dimension_value(node: cst.CSTNode) -> bool:
    """``x.shape[1].value`` / ``x.get_shape()[1].value``: TF1's Dimension, an int in TF2."""
    return isinstance(node, cst.Attribute) and node.attr.value == "value" and isinstance(node.value, cst.Subscript)
