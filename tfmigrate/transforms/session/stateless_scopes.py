"""A ``tf.variable_scope`` entered more than once whose blocks build no variable: an activation helper read at each
call (``def lrelu(x): with tf.variable_scope('leakyReLU'): return tf.maximum(x, 0.2 * x)``, called per layer).

TF1 numbered the second entry's name scope (``leakyReLU_1``), which names ops only; its variable scope is the
same. Where every block of that scope is straight-line code calling stateless ops alone (the generated eager op
table, tools/gen_eager_ops.py: no variable, layer, summary or helper call that could make one), the numbering
reaches no variable name and the scope changes no value; ``.name`` reads anywhere keep refusing (variables.py).

The first entry may build variables where it runs first: a stacked autoencoder's ``encoder(x, 'encoder2')`` makes
``encoder2/en2_W``, then ``loss(x, y, 'encoder2')`` enters the scope again for a ``reduce_mean`` alone. TF1 named
only that second block's ops ``encoder2_1/...``; the first block's names were not numbered, so its variables are named
as eagerly. Which entry runs first is told by source order only where every block is a module-level statement or
nested in such ``with`` blocks alone (no function, loop or branch between).
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms._checkpoint import callable_params, eager_ops, literal_string
from tfmigrate.transforms.session.analysis import Program, descendants

SCOPES = frozenset({"variable_scope", "name_scope"})


def stateless(program: Program, name: str | None) -> bool:
    """Every ``with tf.variable_scope(name)`` / ``tf.name_scope(name)`` block builds stateless ops only."""
    blocks = _blocks(program, name)
    return bool(blocks) and all(_stateless_block(program, block) for block in blocks)


def stateless_after_first(program: Program, name: str | None) -> bool:
    """Every entry of the scope but the one that runs first builds stateless ops only (all of them, or the first
    may build variables where the blocks run in source order)."""
    blocks = _blocks(program, name)
    if not blocks or not all(_stateless_block(program, block) for block in blocks[1:]):
        return False
    if _stateless_block(program, blocks[0]):
        return True
    ordered = [block for block in _module_withs(program.module.body) if _scope(program, block) == name]
    return len(blocks) > 1 and [id(b) for b in ordered] == [id(b) for b in blocks]


def _blocks(program: Program, name: str | None) -> list[cst.With]:
    """The blocks entering scope ``name``, in source order: the module walked once per program for every scope,
    as the proof asks of each variable and layer name."""
    if name is None:
        return []
    if program.scope_blocks is None:
        found: dict[str, list[cst.With]] = {}
        for statement in descendants(program.module):
            scope = _scope(program, statement)
            if scope is not None:
                found.setdefault(scope, []).append(cast(cst.With, statement))
        program.scope_blocks = found
    return program.scope_blocks.get(name, [])


def _module_withs(statements) -> list[cst.With]:
    """The ``with`` blocks run once, in source order: module-level ones and those nested in them."""
    found: list[cst.With] = []
    for statement in statements:
        if isinstance(statement, cst.With):
            found.append(statement)
            if isinstance(statement.body, cst.IndentedBlock):
                found += _module_withs(statement.body.body)
    return found


def _scope(program: Program, statement: cst.CSTNode) -> str | None:
    if not (isinstance(statement, cst.With) and len(statement.items) == 1):
        return None
    call = statement.items[0].item
    if not (isinstance(call, cst.Call) and len(call.args) == 1 and call.args[0].keyword is None):
        return None
    if program.tf1_path(call.func) not in SCOPES:
        return None
    return literal_string(call.args[0].value)


def _stateless_block(program: Program, block: cst.With) -> bool:
    body = block.body.body if isinstance(block.body, cst.IndentedBlock) else ()
    if not body or not all(isinstance(statement, cst.SimpleStatementLine) for statement in body):
        return False
    ops = eager_ops()
    for node in descendants(block.body):
        if isinstance(node, cst.Call):
            path = program.tf1_path(node.func)
            if path not in ops or callable_params(path):
                return False
    return True
