"""``if os.path.exists(ckpt): saver.restore(sess, path) else: init = tf.global_variables_initializer();
sess.run(init)``: the initializer op named in a branch (Ar4enal/learn-tensorflow's save/restore lesson).

Why: the only graph op such a statement builds is the one that initialises every variable, which the eager program
does where each variable is made; its run (``sess.run(init)``) is read as every initializer run is. So the binding
goes like a module-level ``init = tf.global_variables_initializer()`` does, rather than counting as the graph being
built in a branch. Only outside a loop: an initializer bound again on every pass is left to the usual refusal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms._checkpoint import INITIALIZERS

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program


def binding(program: Program, line: cst.SimpleStatementLine) -> bool:
    """``name = tf.global_variables_initializer()`` (or ``tf.initialize_all_variables()``), with no argument."""
    small = line.body[0] if len(line.body) == 1 else None
    if not (
        isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)
    ):
        return False
    call = small.value
    return isinstance(call, cst.Call) and not call.args and program.tf_path(call.func) in INITIALIZERS


def sole(program: Program, name: str, statement: cst.CSTNode) -> bool:
    """``statement`` is the initializer binding and the only binding of ``name``: no other binding's order to
    tell, so the branch binds it as a module-level line would."""
    sites = program.scope.sites.get(name, [])
    return (
        len(sites) == 1
        and sites[0] is statement
        and isinstance(statement, cst.SimpleStatementLine)
        and binding(program, statement)
    )
