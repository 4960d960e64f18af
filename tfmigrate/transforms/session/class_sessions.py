"""A graph class constructed in a ``with tf.Session(config=...) as sess:`` block and given that Session (the
GAN collection's and DCGAN's ``with tf.Session(config=run_config) as sess: gan = GAN(sess, epoch=...)``, then
``gan.train()`` running ``self.sess.run``), as a statement of the block itself (after a host check, class_choice.py).

TF1 opens the Session on the default graph and builds the class's graph into it afterwards; a Session bound to a
name does the same (``sess = tf.Session(config=...)``, the shape the class proof reads, classes.py), and the block's
other statements run after the construction as they did. The ``with`` also made the Session the default one and
closed it after the block: a block or class asking for the default Session (``t.eval()``, the collection's
``tf.global_variables_initializer().run()``) binds ``tf.InteractiveSession(config=...)``, which installs itself as
the default; nothing after the block may read the Session's name or ask for a default Session. The eager program has no Session, so the
rewrite is the block's statements where the ``with`` stood, as for any Session block.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms._checkpoint import SESSIONS
from tfmigrate.transforms.session.analysis import Resolve, descendants, loaded_names
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.renames import lone_assignment
from tfmigrate.transforms.session.run_calls import run_receiver


def _asks_default(nodes: list[cst.CSTNode], session: str, held: set[str]) -> bool:
    """``t.eval()``, ``op.run()`` (a receiver other than the Session's name or ``self.sess``, ``held`` the
    attributes the constructor binds to it) or ``tf.get_default_session()``."""
    for node in nodes:
        for inner in [node, *descendants(node)]:
            if isinstance(inner, cst.Attribute) and inner.attr.value in ("eval", "get_default_session", "as_default"):
                return True
            receiver = run_receiver(inner)
            if (
                receiver is not None
                and not (isinstance(receiver, cst.Name) and receiver.value == session)
                and not (isinstance(receiver, cst.Attribute) and receiver.attr.value in held)
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
) -> tuple[cst.SimpleStatementLine, list[cst.BaseStatement], dict[int, str]] | None:
    """``with tf.Session(...) as sess: ...; m = Model(sess, ...); ...`` (``rest``: the module's statements after
    it) as the Session bound to its name and the block's statements, with the qualified name of a made node (a
    block asking for the default Session binds ``tf.InteractiveSession(config=...)``, which installs itself as
    the default as the ``with`` did); None for anything else."""
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
    ):
        return None
    session = item.asname.name.value
    calls = [
        call
        for inner in block.body
        if (assigned := lone_assignment(inner)) is not None
        and isinstance(call := assigned.value, cst.Call)
        and isinstance(call.func, cst.Name)
        and call.func.value == definition.name.value
        and any(isinstance(a.value, cst.Name) and a.value.value == session for a in call.args)
    ]
    if len(calls) != 1:
        return None
    call = calls[0]
    if any(n.value == session for s in rest for n in loaded_names(s)):
        return None  # read after the block, where TF1 had closed it
    if _asks_default(list(rest), session, set()):
        return None  # after the block TF1 had no default Session
    session_call = item.item
    paths: dict[int, str] = {}
    path = cast(str, resolve(session_call.func))
    if _asks_default([definition, *block.body], session, _held(definition, call, session)):
        if not isinstance(session_call.func, cst.Attribute) or not path.endswith("Session"):
            return None
        func = session_call.func.with_changes(attr=cst.Name("InteractiveSession"))
        paths[id(func)] = path.removesuffix("Session") + "InteractiveSession"
        session_call = session_call.with_changes(func=func)
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
        body=[cst.Assign(targets=[cst.AssignTarget(cst.Name(session))], value=session_call)],
        leading_lines=statement.leading_lines,
    )
    return bound, list(block.body), paths


def mark(origins: Origins, bound: cst.SimpleStatementLine, statement: cst.With) -> None:
    """The made ``sess = tf.Session(...)`` stands for the ``with`` statement: its line and its qualified names."""
    value = cast(cst.Assign, bound.body[0]).value
    for node in [bound, *descendants(bound)]:
        if node is not value and not any(node is d for d in descendants(value)):
            origins.add(node, statement)
    original = cast(cst.Call, statement.items[0].item)
    if value is not original:  # ``tf.InteractiveSession(config=...)``: its arguments are the block's
        origins.add(value, original)
        for made, old in zip(cast(cst.Call, value).args, original.args):
            origins.add(made, old)
