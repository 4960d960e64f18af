"""A graph class constructed first in a ``with tf.Session(config=...) as sess:`` block and given that Session (the
GAN collection's and DCGAN's ``with tf.Session(config=run_config) as sess: gan = GAN(sess, epoch=...)``, then
``gan.train()`` running ``self.sess.run``).

TF1 opens the Session on the default graph and builds the class's graph into it afterwards; a Session bound to a
name does the same (``sess = tf.Session(config=...)``, the shape the class proof reads, classes.py), and the block's
other statements run after the construction as they did. The ``with`` also made the Session the default one and
closed it after the block: so only when nothing asks for a default Session (``t.eval()``, ``op.run()``,
``tf.get_default_session()``) and nothing after the block reads its name. The eager program has no Session, so the
rewrite is the block's statements where the ``with`` stood, as for any Session block.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms._checkpoint import SESSIONS
from tfmigrate.transforms.session.analysis import Resolve, descendants, loaded_names
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.renames import lone_assignment


def _asks_default(nodes: list[cst.CSTNode], session: str, held: set[str]) -> bool:
    """``t.eval()``, ``op.run()`` (a receiver other than the Session's name or ``self.sess``, ``held`` the
    attributes the constructor binds to it) or ``tf.get_default_session()``."""
    for node in nodes:
        for inner in [node, *descendants(node)]:
            if isinstance(inner, cst.Attribute) and inner.attr.value in ("eval", "get_default_session", "as_default"):
                return True
            if (
                isinstance(inner, cst.Call)
                and isinstance(inner.func, cst.Attribute)
                and inner.func.attr.value == "run"
                and not (isinstance(inner.func.value, cst.Name) and inner.func.value.value == session)
                and not (isinstance(inner.func.value, cst.Attribute) and inner.func.value.attr.value in held)
            ):
                return True
    return False


def _held(definition: cst.ClassDef, call: cst.Call, session: str) -> set[str]:
    """The attributes the constructor binds to the parameter the Session is passed to (``self.sess = sess``)."""
    init = next(
        (
            s
            for s in cast(cst.IndentedBlock, definition.body).body
            if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"
        ),
        None,
    )
    if init is None or not init.params.params:
        return set()
    names = [p.name.value for p in init.params.params[1:]]
    given = next((i for i, a in enumerate(call.args) if isinstance(a.value, cst.Name) and a.value.value == session))
    arg = call.args[given]
    param = arg.keyword.value if arg.keyword is not None else (names[given] if given < len(names) else None)
    held = set()
    for node in descendants(init.body):
        assigned = lone_assignment(node)
        target = assigned.targets[0].target if assigned is not None else None
        if isinstance(target, cst.Attribute) and isinstance(assigned.value, cst.Name) and assigned.value.value == param:  # type: ignore[union-attr]
            held.add(target.attr.value)
    return held


def opened(
    statement: cst.BaseStatement, rest: list[cst.BaseStatement], definition: cst.ClassDef, resolve: Resolve
) -> tuple[cst.SimpleStatementLine, cst.SimpleStatementLine, list[cst.BaseStatement]] | None:
    """``with tf.Session(...) as sess: m = Model(sess, ...); ...`` (``rest``: the module's statements after it)
    as the Session bound to its name, the construction and the block's other statements; None for anything else."""
    if not (isinstance(statement, cst.With) and len(statement.items) == 1 and statement.asynchronous is None):
        return None
    item = statement.items[0]
    block = statement.body
    if not (
        isinstance(item.item, cst.Call)
        and resolve(item.item.func) in SESSIONS
        and all(a.keyword is not None and a.keyword.value == "config" for a in item.item.args)
        and item.asname is not None
        and isinstance(item.asname.name, cst.Name)
        and isinstance(block, cst.IndentedBlock)
        and len(block.body) > 1
    ):
        return None
    session = item.asname.name.value
    first = block.body[0]
    assigned = lone_assignment(first)
    call = assigned.value if assigned is not None else None
    if not (
        isinstance(call, cst.Call)
        and isinstance(call.func, cst.Name)
        and call.func.value == definition.name.value
        and any(isinstance(a.value, cst.Name) and a.value.value == session for a in call.args)
    ):
        return None
    if any(n.value == session for s in rest for n in loaded_names(s)):
        return None  # read after the block, where TF1 had closed it
    if _asks_default([definition, *block.body], session, _held(definition, call, session)):
        return None
    stored = [
        n
        for n in descendants(block)
        if isinstance(n, (cst.AssignTarget, cst.AugAssign, cst.For, cst.WithItem))
        and any(
            isinstance(t, cst.Name) and t.value == session
            for t in descendants(n.target if not isinstance(n, cst.WithItem) else n)
        )
    ]
    if stored:
        return None
    bound = cst.SimpleStatementLine(
        body=[cst.Assign(targets=[cst.AssignTarget(cst.Name(session))], value=item.item)],
        leading_lines=statement.leading_lines,
    )
    return bound, cast(cst.SimpleStatementLine, first).with_changes(leading_lines=[]), list(block.body[1:])


def mark(origins: Origins, bound: cst.SimpleStatementLine, statement: cst.With) -> None:
    """The made ``sess = tf.Session(...)`` stands for the ``with`` statement: its line and its qualified names."""
    for node in [bound, *descendants(bound)]:
        if node is not cast(cst.Assign, bound.body[0]).value and not any(
            node is d for d in descendants(cast(cst.Assign, bound.body[0]).value)
        ):
            origins.add(node, statement)
