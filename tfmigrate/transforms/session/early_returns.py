"""Why a helper under ``tf.variable_scope`` is not read at its calls when it returns from a branch: ``def
fc_layer(x, n_in, n_out, name, relu=True): with tf.variable_scope(name): ...; if relu: return tf.nn.relu(y);
return y``.

The helper model refuses the variable scope ("only tf.name_scope(name) is modelled"), and the reading at the calls
(inlined_helpers.py), which models such scopes, copies only a body that runs straight through to one final
``return``. A ``return`` before that is what stops it, so the follow-up names that ``return``'s line and says so,
instead of the scope alone.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session import release_fallbacks
from tfmigrate.transforms.session.analysis import Blocked, LineOf, descendants
from tfmigrate.transforms.session.functions import own_body

SCOPED = "`with tf.variable_scope` in a helper"  # helpers.py's refusal of a helper's variable scope


def named(module: cst.Module, line_of: LineOf, blocked: Blocked) -> Blocked:
    """``blocked`` with the early ``return`` of the helper it names, where there is one; else ``blocked``."""
    if SCOPED not in blocked.construct:
        return blocked
    for statement in module.body:
        if not isinstance(statement, cst.FunctionDef) or not isinstance(statement.body, cst.IndentedBlock):
            continue
        lines = [line_of(n) for n in descendants(statement) if isinstance(n, cst.SimpleStatementLine)]
        if not lines or not line_of(statement) <= blocked.line <= max(lines):
            continue
        early = early_return(statement)
        if early is None:
            return blocked
        line = line_of(early)
        return Blocked(
            f"{blocked.construct}; it is read at its calls only as a body running straight through to one final "
            f"`return` (or a final `if`/`else` returning from both), and it returns from a branch first (line {line})",
            blocked.line,
        )
    return blocked


def early_return(function: cst.FunctionDef) -> cst.SimpleStatementLine | None:
    """The first ``return`` statement that is not the body's last statement (through the ``with`` blocks that end
    it); a final ``if``/``else`` returning from each branch is one final ``return`` (release_fallbacks.py reads it
    as ``return a if t else b``), so what stops such a helper is elsewhere."""
    last = function.body.body[-1] if isinstance(function.body, cst.IndentedBlock) and function.body.body else None
    while isinstance(last, cst.With) and isinstance(last.body, cst.IndentedBlock) and last.body.body:
        last = last.body.body[-1]
    if isinstance(last, cst.If) and release_fallbacks.two_way_return(last) is not None:
        return None
    for node in own_body(function.body):
        if (
            isinstance(node, cst.SimpleStatementLine)
            and node is not last
            and any(isinstance(small, cst.Return) for small in node.body)
        ):
            return node
    return None
