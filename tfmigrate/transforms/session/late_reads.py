"""Module-level functions the walk read as host code at their ``def`` that read a graph value or a Session the
module binds only after it (``def show_result(): ... sess.run(G_z, {z: z_})`` above ``G_z = generator(z)`` and
``sess = tf.InteractiveSession()``): the ``def`` runs first, the body when called, after them. Read at the ``def``,
such a function looked like plain Python and was kept as written while the Session it runs was removed (the
migrated program stopped with a NameError); it is the graph tier's, named at its line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session.analysis import loaded_names

if TYPE_CHECKING:
    from tfmigrate.transforms.session.proof import Proof


def check(proof: Proof, definitions: list[cst.FunctionDef]) -> None:
    """Raises Blocked at the first name such a function reads that the whole walk bound to a graph value or a
    Session (its own parameters and locals are its own)."""
    from tfmigrate.transforms.session.functions import local_names  # functions.py imports the proof

    program = proof.program
    for definition in definitions:
        own = set(local_names(definition))
        for node in loaded_names(definition.body):
            if node.value not in own and (node.value in program.nodes or node.value in proof.sessions):
                raise proof.deny(
                    f"`{node.value}` is used inside function `{definition.name.value}`, bound to a graph value or "
                    "Session only after the function is defined (the function is not plain Python)",
                    node,
                )
