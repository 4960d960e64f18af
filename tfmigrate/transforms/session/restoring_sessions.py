"""A second Session bound by assignment whose first use restores every variable: ``sess = tf.Session(); ckpt =
tf.train.get_checkpoint_state(self.ckpt_path); if ckpt and ckpt.model_checkpoint_path: saver.restore(sess,
ckpt.model_checkpoint_path)`` (a GAN's ``restore_last_session()``, run after ``train()`` saved).

TF1's new Session holds every variable uninitialised: with the restore it holds the checkpoint's values, which the
eager variables hold too when the checkpoint is the one the program just saved from them; without it (no
checkpoint found) every later run of a variable fails (FailedPreconditionError), so a TF1 program that works took
the restore. The eager program then goes on with the values it restored, as TF1's did. The conditions are those of
``Savers.restart`` (a ``with`` Session): a Saver over every variable and optimizer slot, and no seeded stream read
after the restart (TF1 restarts it with the Session)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import libcst as cst

from tfmigrate.transforms.session.analysis import LOOKUPS, descendants, parents_of
from tfmigrate.transforms.session.savers import _draws_once, has_op_seeds

if TYPE_CHECKING:
    from tfmigrate.transforms.session.proof import Proof


def restores_everything(proof: Proof, where: cst.CSTNode) -> bool:
    """``where``, ``sess = tf.Session()``, followed in its block by checkpoint lookups bound to names, then by a
    restore of every variable into ``sess`` (alone, or as the one statement of an ``if`` without ``else`` whose test
    reads no graph value or Session)."""
    program = proof.program
    small = where.body[0] if isinstance(where, cst.SimpleStatementLine) and len(where.body) == 1 else None
    if not (
        isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)
    ):
        return False
    if (program.seeds or has_op_seeds(program)) and not _draws_once(program):
        return False
    session = small.targets[0].target.value
    block = parents_of(program.module).get(where)
    statements = list(getattr(block, "body", ()))
    if where not in statements:
        return False
    graph = set(program.nodes) | proof.sessions | {session}
    for statement in statements[statements.index(where) + 1 :]:
        if _lookup(proof, statement):
            continue
        if isinstance(statement, cst.If) and statement.orelse is None:
            if {n.value for n in descendants(statement.test) if isinstance(n, cst.Name)} & graph:
                return False
            body = statement.body.body
            statement = body[0] if len(body) == 1 else statement
        return _restore(proof, statement, session)
    return False


def _lookup(proof: Proof, statement: cst.BaseStatement) -> bool:
    small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
    return (
        isinstance(small, cst.Assign)
        and len(small.targets) == 1
        and isinstance(small.targets[0].target, cst.Name)
        and isinstance(small.value, cst.Call)
        and proof.program.tf_path(small.value.func) in LOOKUPS
    )


def _restore(proof: Proof, statement: cst.BaseStatement, session: str) -> bool:
    small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
    call = small.value if isinstance(small, cst.Expr) else None
    return (
        isinstance(call, cst.Call)
        and proof.savers.owns(call)
        and cast(cst.Attribute, call.func).attr.value == "restore"
        and proof.savers.restores_everything(call, session)
    )
