"""``with tf.name_scope('model'): model = Model()`` at module level (a trainer that wraps each stage of its program
in a name scope, held-out set 25's cv_house_price_train): the class proof reads the block's body as module-level
statements, the construction as the module's one ``x = Model(...)``.

A name scope changes the names of the ops built under it, nothing else (get_variable's names and every value stay);
it is read as its body only where that changes no name at all: nothing under it builds an op (the block's statements,
the constructor and the methods and module functions it calls read no TensorFlow and no name the module bound to a
graph value, on which an operator would build one), so the one name left is the
scope's own, which TF1 took in the graph and a later scope, variable or summary tag of that name would have been
uniquified against (``model_1``): the name is not an op's default one and no other string of the module spells it.
"""

from __future__ import annotations

import re
from typing import cast

import libcst as cst

from tfmigrate.transforms._checkpoint import literal_string
from tfmigrate.transforms.session import class_sugar  # a module: class_sugar imports this one
from tfmigrate.transforms.session.analysis import Resolve, descendants, loaded_names, stored_names
from tfmigrate.transforms.session.graph_blocks import constructs, graph_users, reads_tf
from tfmigrate.transforms.session.summaries import DEFAULT_NAMES


def flattened(module: cst.Module, name: str, resolve: Resolve) -> cst.Module:
    """The module with the name-scope block constructing class ``name`` replaced by its body; else unchanged."""
    read = _read(module, name, resolve)
    if not isinstance(read, cst.With):
        return module
    body: list[cst.BaseStatement] = []
    for statement in module.body:
        body.extend(cast(cst.IndentedBlock, read.body).body if statement is read else [statement])
    return module.with_changes(body=body)


def kept(module: cst.Module, name: str, resolve: Resolve) -> tuple[str, cst.CSTNode] | None:
    """Why the name-scope block constructing class ``name`` is not read as its body, for the refusal's words, and the
    node that says so; None without such a block."""
    read = _read(module, name, resolve)
    return read if isinstance(read, tuple) else None


def _read(module: cst.Module, name: str, resolve: Resolve) -> cst.With | tuple[str, cst.CSTNode] | None:
    found = [
        (s, scope)
        for s in module.body
        if isinstance(s, cst.With) and (scope := _scope(s, resolve)) is not None and constructs(s, name)
    ]
    if len(found) != 1:
        return None
    block, scope = found[0]
    where = f" (it is constructed inside a `with tf.name_scope({scope!r}):` block, read as its body only "
    if scope.lower() in DEFAULT_NAMES or scope.lower() == "variable":
        return (
            where + "when the scope's name is no op's default name, which later ops would be numbered against)",
            block,
        )
    own = cast(cst.Call, block.items[0].item).args[0].value
    spelled = re.compile(rf"{re.escape(scope)}(_\d+)?(/.*)?", re.DOTALL)
    for node in descendants(module):
        if node is own:
            continue
        if (isinstance(node, cst.SimpleString) and spelled.fullmatch(literal_string(node) or "")) or (
            isinstance(node, (cst.FormattedString, cst.ConcatenatedString)) and scope in module.code_for_node(node)
        ):
            return where + "when no other string names that scope: this one does, numbered against it)", node
    users = graph_users(module, resolve) - {name}
    values = _graph_values(module, resolve, users)
    for part in [*_statements(block, name), *_built_at_construction(module, name)]:
        used = [n for n in loaded_names(part) if n.value in users or n.value in values]
        read = [n for n in descendants(part) if isinstance(n, (cst.Name, cst.Attribute)) and reads_tf(n, resolve)]
        if used or read:
            first: cst.CSTNode = (read or used)[0]
            return where + "when nothing under it builds an op or reads a graph value: this line does)", first
    return block


def _graph_values(module: cst.Module, resolve: Resolve, users: set[str]) -> set[str]:
    """The names module-level code binds to what TensorFlow or a function of the module reading it made (``x * 2``
    on such a value builds an op with no TensorFlow name in sight): each binding in a block, loop or branch too."""
    found: set[str] = set()

    def walk(node: cst.CSTNode) -> None:
        for child in node.children:
            if isinstance(child, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
                continue
            if isinstance(child, cst.SimpleStatementLine):
                if reads_tf(child, resolve) or any(n.value in users for n in loaded_names(child)):
                    for small in child.body:
                        targets = [t.target for t in getattr(small, "targets", ())] + [getattr(small, "target", None)]
                        found.update(n.value for t in targets if t is not None for n in stored_names(t))
                continue
            if isinstance(child, cst.WithItem) and child.asname is not None and reads_tf(child.item, resolve):
                found.update(n.value for n in stored_names(child.asname.name))
            walk(child)

    walk(module)
    return found


def _scope(statement: cst.With, resolve: Resolve) -> str | None:
    """The literal name of ``with tf.name_scope('x'):`` (one item, no ``as``, an indented body); else None."""
    if len(statement.items) != 1 or statement.items[0].asname is not None:
        return None
    call = statement.items[0].item
    if not (isinstance(call, cst.Call) and isinstance(statement.body, cst.IndentedBlock) and len(call.args) == 1):
        return None
    if (resolve(call.func) or "").removeprefix("compat.v1.") != "name_scope" or call.args[0].keyword is not None:
        return None
    return literal_string(call.args[0].value)


def _statements(block: cst.With, name: str) -> list[cst.CSTNode]:
    """The block's statements, of the construction only its arguments (the constructor is read on its own)."""
    parts: list[cst.CSTNode] = []
    for statement in cast(cst.IndentedBlock, block.body).body:
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) else None
        call = small.value if isinstance(small, cst.Assign) else None
        if isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == name:
            parts.extend(call.args)
        else:
            parts.append(statement)
    return parts


def _built_at_construction(module: cst.Module, name: str) -> list[cst.CSTNode]:
    """What runs when class ``name`` is constructed: its constructor's body and the bodies of the methods it calls
    through ``self`` (transitively), with the class's bases and keywords; the whole class where it is not one plain
    module-level class."""
    classes = [s for s in module.body if isinstance(s, cst.ClassDef) and s.name.value == name]
    if len(classes) != 1:
        return list(classes)
    definition = classes[0]
    methods = {s.name.value: s for s in cast(cst.IndentedBlock, definition.body).body if isinstance(s, cst.FunctionDef)}
    parts: list[cst.CSTNode] = [*definition.bases, *definition.keywords, *definition.decorators]
    pending, seen = ["__init__"], set()
    while pending:
        method = methods.get(pending.pop())
        if method is None or method.name.value in seen:
            continue
        seen.add(method.name.value)
        parts.append(method.body)
        owner = class_sugar.self_name(method)
        pending.extend(
            cast(cst.Attribute, n).attr.value for n in descendants(method.body) if class_sugar.attribute_of(n, owner)
        )
    return parts
