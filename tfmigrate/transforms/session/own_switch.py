"""A TF1 program that switches itself to TF1 behaviour: ``import tensorflow.compat.v1 as tf`` +
``tf.disable_v2_behavior()``, or tf_upgrade_v2's ``import tensorflow as tf`` + ``tf.compat.v1.disable_v2_behavior()``.

Under the switch such a module is the TF1 program the eager rewrite proves: ``tensorflow.compat.v1`` is TF1's API
and ``disable_v2_behavior()`` gives it TF1's graph mode, ref variables and control flow, which is exactly how a
TF1 program is run as the baseline. So the proof reads the module as that program: the compat binding as
``import tensorflow as tf`` and without the switch (a statement of its own at module level, or the first of the
``if __name__ == "__main__":`` block). The output is the migrated program, which binds ``tensorflow`` itself; what
the rewrite keeps as written is renamed by TFM101 as in any TF1 program. A module the proof refuses is left as it
came, and its graph-tier follow-up names the construct. A module bound only to ``tensorflow.compat.v1`` with no
switch at all is read the same way: it is TF1's API, and TFM102 gives such a Session program the switch. So is
``from tensorflow.compat import v1 as tf`` (read as ``import tensorflow as tf``), and a module that takes its names
from ``tensorflow.compat.v1`` (``from tensorflow.compat.v1 import Session, placeholder``) and binds no tensorflow
module: it is read with the ``import tensorflow as tf`` TFM102 adds after its imports, so that a second run, which
reads TFM102's import and switch, reads what this one did.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._tf1 import COMPAT_V1, dotted
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.class_sugar import unguarded_lookups
from tfmigrate.transforms.session.functions import is_main_guard
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.tfm102_graph_mode import SWITCH, SWITCHES


def read(module: cst.Module, resolve: Resolve, line_of: LineOf) -> tuple[cst.Module, Resolve, LineOf] | None:
    """``module`` read as the TF1 program its own switch makes, or None when it does not switch so."""
    made = Origins()  # each statement made here -> the one it stands for
    body: list[cst.BaseStatement] = []
    switches = 0
    for statement in module.body:
        if _switch(statement, resolve):
            switches += 1
            continue
        rebound = _tensorflow_import(statement)
        if rebound is not None:
            made.keep(rebound, statement)
            body.append(rebound)
            continue
        if isinstance(statement, cst.If) and is_main_guard(statement) and isinstance(statement.body, cst.IndentedBlock):
            block = statement.body
            if block.body and _switch(block.body[0], resolve):
                switches += 1
                rest = list(block.body[1:]) or [cst.SimpleStatementLine([cst.Pass()])]
                guard = statement.with_changes(body=block.with_changes(body=rest))
                made.keep(guard, statement)
                body.append(guard)
                continue
        body.append(statement)
    if not switches and not made.pairs:
        body = _with_tensorflow_import(module, body, made)
    if (
        switches > 1
        or switches == 0
        and not (made.pairs and _only_compat(body, made) and not _switched(module, resolve))
    ):
        return None
    if body and not made.pairs and not any(_binds_tensorflow(s) for s in body):
        return None
    return module.with_changes(body=body), *_lookups(resolve, line_of, made)


def _only_compat(body: list[cst.BaseStatement], made: Origins) -> bool:
    """The module binds tensorflow only as ``tensorflow.compat.v1``: with no switch of its own it is still the TF1
    program, the one TFM102 gives the switch (so a second run, which reads the switch, reads what this one did)."""
    return not any(_binds_tensorflow(s) for s in body if not made.has(s))


def _switched(module: cst.Module, resolve: Resolve) -> bool:
    """A switch anywhere (in a function, a branch): the module is not the plain TF1 program."""
    return any(
        isinstance(node, cst.Call) and (resolve(node.func) or "").rsplit(".", 1)[-1] in SWITCHES
        for node in descendants(module)
    )


def _with_tensorflow_import(
    module: cst.Module, body: list[cst.BaseStatement], made: Origins
) -> list[cst.BaseStatement]:
    """``body`` with ``import tensorflow as tf`` after the last of its ``from tensorflow.compat.v1 import ...``
    lines (standing on that line), when those are its only tensorflow imports: TFM102's import (its ``_free_alias``:
    ``tf``, or ``tensorflow`` where the module uses the name ``tf``)."""
    last = None
    for index, statement in enumerate(body):
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Import) and any(_tensorflow_name(a.name) for a in small.names):
                return body
            if isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative:
                if dotted(small.module) == COMPAT_V1:
                    last = index
                elif _tensorflow_name(small.module):
                    return body
    if last is None:
        return body
    paths = {
        id(n) for f in descendants(module) if isinstance(f, cst.ImportFrom) and f.module for n in descendants(f.module)
    }
    used = {node.value for node in descendants(module) if isinstance(node, cst.Name) and id(node) not in paths}
    alias = next((name for name in ("tf", "tensorflow") if name not in used), None)
    if alias is None:
        return body
    statement = cst.parse_statement(
        f"import tensorflow as {alias}\n" if alias != "tensorflow" else "import tensorflow\n"
    )
    made.keep(statement, body[last])
    return [*body[: last + 1], statement, *body[last + 1 :]]


def _tensorflow_name(name: cst.BaseExpression) -> bool:
    text = dotted(name) or ""
    return text == "tensorflow" or text.startswith("tensorflow.")


def _switch(statement: cst.CSTNode, resolve: Resolve) -> bool:
    """``tf.disable_v2_behavior()`` (or ``tf.compat.v1.``'s) as a statement of its own."""
    if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
        return False
    expr = statement.body[0]
    if not (isinstance(expr, cst.Expr) and isinstance(expr.value, cst.Call) and not expr.value.args):
        return False
    path = resolve(expr.value.func) or ""
    return path in (SWITCH, f"compat.v1.{SWITCH}")


def _tensorflow_import(statement: cst.BaseStatement) -> cst.SimpleStatementLine | None:
    """``import tensorflow.compat.v1 as tf`` and ``from tensorflow.compat import v1 as tf`` as ``import tensorflow
    as tf``; None for any other statement."""
    if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
        return None
    small = statement.body[0]
    if isinstance(small, cst.ImportFrom) and _compat_from(small):
        assert not isinstance(small.names, cst.ImportStar)  # _compat_from
        alias = small.names[0]
        name = alias.asname.name if alias.asname is not None else alias.name
        assert isinstance(name, cst.Name)  # an ``as`` target of an import is a name
        made = cst.Import(names=[cst.ImportAlias(cst.Name("tensorflow"), asname=cst.AsName(name))])
        return statement.with_changes(body=[made])
    if not (isinstance(small, cst.Import) and len(small.names) == 1):
        return None
    alias = small.names[0]
    if alias.asname is None or dotted(alias.name) != COMPAT_V1:
        return None
    return statement.with_changes(body=[small.with_changes(names=[alias.with_changes(name=cst.Name("tensorflow"))])])


def _compat_from(small: cst.ImportFrom) -> bool:
    """``from tensorflow.compat import v1`` (``as tf``), alone on its line."""
    return (
        small.module is not None
        and not small.relative
        and dotted(small.module) == "tensorflow.compat"
        and not isinstance(small.names, cst.ImportStar)
        and len(small.names) == 1
        and dotted(small.names[0].name) == "v1"
    )


def _binds_tensorflow(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and any(
        isinstance(small, cst.Import) and any(dotted(a.name) == "tensorflow" for a in small.names)
        for small in statement.body
    )


def _lookups(resolve: Resolve, line_of: LineOf, made: Origins) -> tuple[Resolve, LineOf]:
    """The made statements are none of the module's: their names mean nothing to the module's lookups (the
    nodes inside them are the module's own) and they stand on the line of the statement they replace."""

    resolve_read, _ = unguarded_lookups(resolve, line_of, None)

    def line_of_read(node: cst.CSTNode) -> int:
        return line_of(made.of(node))

    return resolve_read, line_of_read
