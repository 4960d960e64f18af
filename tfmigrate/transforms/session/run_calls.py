"""What a ``.run(...)`` call is, read one way by every rule: ``sess.run(train, feed_dict=...)`` of a Session the
program binds by name, or any receiver's run (``op.run()``, ``self.sess.run(...)``).

A Session's run and an op's run end in the same ``.run``: a rule that means the Session's asks ``session_run`` with
the names it knows are Sessions (the proof's, a ``with`` block's alias, a method's parameter); a rule that reads any
run asks ``run_receiver`` and judges the receiver itself. ``tf.app.run()`` has the same shape; the rules that can
meet it say so.
"""

from __future__ import annotations

from collections.abc import Container
from typing import TypeGuard

import libcst as cst


def run_receiver(node: cst.CSTNode) -> cst.BaseExpression | None:
    """``sess`` of ``sess.run(...)``, ``op`` of ``op.run()``: what ``node`` calls ``run`` on; None when it is no
    such call."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "run":
        return node.func.value
    return None


def run_name(node: cst.CSTNode) -> str | None:
    """``sess`` of ``sess.run(...)``: the plain name ``node`` calls ``run`` on; None for any other receiver."""
    receiver = run_receiver(node)
    return receiver.value if isinstance(receiver, cst.Name) else None


def session_run(node: cst.CSTNode, sessions: Container[str]) -> TypeGuard[cst.Call]:
    """``sess.run(...)`` with ``sess`` one of ``sessions``, the names bound to a Session."""
    name = run_name(node)
    return name is not None and name in sessions
