"""A new ``with tf.Session() as sess:`` that starts by restoring a Saver of some of the variables (the Udacity GAN's
sampling cell: ``saver = tf.train.Saver(var_list=g_vars)``, then ``saver.restore(sess,
tf.train.latest_checkpoint('checkpoints'))`` and a run of the generator).

TF1's new Session holds every variable uninitialised; the restore gives the listed ones the checkpoint's values,
and every run that reads any other variable fails (FailedPreconditionError: "Attempting to use uninitialized
value"), so in a TF1 program that works each run of the block reads the restored variables only. The eager
program's restore gives those variables the same values from the same file, and the other variables, which it keeps
from the first Session, are read by nothing the block runs: each run computes TF1's values. An initializer run in
the block would start the other variables over in TF1, which the eager program does not, and TF1's seeded random
streams restart with the Session (``_draws_once``: nothing draws after the initial values), so either keeps the
graph tier (second_sessions.py says why).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session.analysis import descendants

if TYPE_CHECKING:
    from tfmigrate.transforms.session.proof import Proof


def restores_what_runs_read(proof: Proof, where: cst.With, call: cst.Call, session: str) -> bool:
    """``call``, ``saver.restore(session, path)`` (a call the Savers own) as the first statement of ``where`` that
    reads the graph, with no initializer run in the block."""
    first = argument(call, 0, "sess")
    if first is None or not isinstance(first.value, cst.Name) or first.value.value != session:
        return False
    return not any(
        isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and proof.initializer_run(n)
        for n in descendants(where.body)
    )
