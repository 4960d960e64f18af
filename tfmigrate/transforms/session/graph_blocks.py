"""``with tf.Graph().as_default(): model = Model(config); ...`` around a program (CS224n's ``test_softmax_model``,
issue 16): the block gives the program a fresh default graph, which is what TF1 starts a program with, so the class
proof reads its body as module-level statements and the construction as the module's one ``x = Model(...)``. The
eager rewrite drops such a block anyway (graphs.py); only the reading of the class program is changed here.

Only when nothing outside the block could tell the two graphs apart: the module builds one ``tf.Graph``, the block
enters it alone and unnamed, holds the construction as a statement of its own body, and no other module-level
statement reads TensorFlow or calls a function or class of the module that does (a seed set, a variable made or a
collection read outside the block would be in the other graph)."""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms._checkpoint import GRAPH
from tfmigrate.transforms.session.analysis import Resolve, descendants, loaded_names


def flattened(module: cst.Module, name: str, resolve: Resolve) -> cst.Module:
    """The module with the one graph block constructing class ``name`` replaced by its body; else unchanged."""
    read = _read(module, name, resolve)
    if not isinstance(read, cst.With):
        return module
    inner = list(cast(cst.IndentedBlock, read.body).body)
    body: list[cst.BaseStatement] = []
    for statement in module.body:
        body.extend(inner if statement is read else [statement])
    return module.with_changes(body=body)


def kept(module: cst.Module, name: str, resolve: Resolve) -> tuple[str, cst.CSTNode] | None:
    """Why the graph block constructing class ``name`` is not read as the program, for the refusal's words, and
    the node that says so; None without such a block."""
    read = _read(module, name, resolve)
    return read if isinstance(read, tuple) else None


def _read(module: cst.Module, name: str, resolve: Resolve) -> cst.With | tuple[str, cst.CSTNode] | None:
    blocks = [s for s in module.body if isinstance(s, cst.With) and _fresh_graph(s, resolve) and constructs(s, name)]
    if len(blocks) != 1:
        return None
    block = blocks[0]
    where = " (it is constructed inside a `with tf.Graph().as_default():` block, read as the program's graph only "
    graphs = [n for n in descendants(module) if isinstance(n, cst.Call) and _path(n.func, resolve) == GRAPH]
    other = [n for n in graphs if not any(n is m for m in descendants(block.items[0]))]
    if other:
        return where + "when the program builds no other tf.Graph: eager TF2 has one)", other[0]
    users = graph_users(module, resolve)
    for statement in module.body:
        if statement is not block and any(_uses_graph(part, resolve, users) for part in _run_parts(statement)):
            return where + "when nothing outside it uses TensorFlow: this line does, in the other graph)", statement
    return block


def _run_parts(statement: cst.BaseStatement) -> list[cst.CSTNode]:
    """What runs where ``statement`` stands: of a ``def`` its decorators and defaults, of a ``class`` its bases
    (but a named one, which deriving does not call), decorators and the statements of its body (the methods' parts),
    of any other statement all of it."""
    if isinstance(statement, cst.FunctionDef):
        params = statement.params
        defaults = [p.default for p in (*params.params, *params.kwonly_params, *params.posonly_params) if p.default]
        return [*statement.decorators, *defaults]
    if isinstance(statement, cst.ClassDef):
        inner = statement.body.body if isinstance(statement.body, cst.IndentedBlock) else ()
        own = [part for s in inner for part in _run_parts(s)]
        bases = [b for b in statement.bases if not isinstance(b.value, cst.Name)]  # deriving calls no base
        return [*statement.decorators, *bases, *statement.keywords, *own]
    return [statement]


def _fresh_graph(statement: cst.With, resolve: Resolve) -> bool:
    """``with tf.Graph().as_default():``, one item, no ``as`` name, an indented body."""
    if not (len(statement.items) == 1 and statement.items[0].asname is None):
        return False
    call = statement.items[0].item
    return (
        isinstance(statement.body, cst.IndentedBlock)
        and isinstance(call, cst.Call)
        and not call.args
        and isinstance(call.func, cst.Attribute)
        and call.func.attr.value == "as_default"
        and isinstance(owner := call.func.value, cst.Call)
        and not owner.args
        and _path(owner.func, resolve) == GRAPH
    )


def constructs(block: cst.With, name: str) -> bool:
    """``x = name(...)`` is a statement of the block's own body."""
    return any(
        isinstance(s, cst.SimpleStatementLine)
        and len(s.body) == 1
        and isinstance(small := s.body[0], cst.Assign)
        and len(small.targets) == 1
        and isinstance(small.targets[0].target, cst.Name)
        and isinstance(small.value, cst.Call)
        and isinstance(small.value.func, cst.Name)
        and small.value.func.value == name
        for s in block.body.body
    )


def graph_users(module: cst.Module, resolve: Resolve) -> set[str]:
    """The module's functions and classes that read TensorFlow, or call one that does."""
    definitions = {s.name.value: s for s in module.body if isinstance(s, (cst.FunctionDef, cst.ClassDef))}
    users = {name for name, node in definitions.items() if reads_tf(node, resolve)}
    grown = True
    while grown:
        more = {
            name
            for name, node in definitions.items()
            if name not in users and any(n.value in users for n in loaded_names(node))
        }
        users |= more
        grown = bool(more)
    return users


def reads_tf(node: cst.CSTNode, resolve: Resolve) -> bool:
    return any(isinstance(n, (cst.Name, cst.Attribute)) and _path(n, resolve) is not None for n in descendants(node))


def _path(node: cst.CSTNode, resolve: Resolve) -> str | None:
    """The TensorFlow path ``node`` names; None for the sentinels the class program made (no node of the file)."""
    try:
        return resolve(node)
    except KeyError:
        return None


def _uses_graph(statement: cst.CSTNode, resolve: Resolve, users: set[str]) -> bool:
    if isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(s, (cst.Import, cst.ImportFrom)) for s in statement.body
    ):
        return False
    return reads_tf(statement, resolve) or any(n.value in users for n in loaded_names(statement))
