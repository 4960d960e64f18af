"""Module-level ``tf.variable_scope`` blocks written with other context managers or through a scope object, read as
the plain literal blocks variable_scopes.py models.

``with tf.name_scope("model"), tf.variable_scope("D") as scope:`` is Python's ``with tf.name_scope("model"):``
holding ``with tf.variable_scope("D") as scope:`` (the items enter left to right and leave in reverse, as nested
blocks do). And a scope object entered again for reuse (the MNIST and GAN tutorials' ``with
tf.variable_scope("mnist") as scope: train = cnn(x)`` then ``with tf.variable_scope(scope, reuse=True): test =
cnn(x)``) gives ``get_variable`` the names ``tf.variable_scope("mnist", reuse=True)`` gives: the scope's name, its
variables shared. The two differ only in the name scope the block opens for ops and ``tf.Variable``s (the object
re-enters ``mnist/``, the string opens ``mnist_1/``), so the object is read as its name only where nothing tells the
two apart: no ``tf.Variable``, summary or name scope built in the block or a module function it calls, and no
``.name`` read in the module but a variable's in a comprehension (``[v for v in t_vars if v.name.startswith("D/")]``,
the same either way). ``scope`` must be bound once, by the first block, and read only to enter the scope again, neither block inside
another variable scope (the object holds its full name, ``outer/D``; a literal is read inside the scope around it).
"""

from __future__ import annotations

import re

import libcst as cst

from tfmigrate.transforms._checkpoint import argument, literal_string
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.functions import local_names
from tfmigrate.transforms.session.loops import Origins

UNTOLD = ("Variable", "summary.", "name_scope")  # what the name scope a block opens shows in
SCOPE_NAME = re.compile(r"[\w.\-/]+")  # written back as a plain string literal


def desugar(module: cst.Module, resolve: Resolve, line_of: LineOf) -> tuple[cst.Module, Resolve, LineOf] | None:
    """The module with its top-level ``with`` statements of several items nested, and its scope objects entered
    again read as their names; None where it has neither."""
    origin = Origins()
    body = [_nested(statement, resolve, origin) for statement in module.body]
    named = _scope_names(module, body, resolve)
    if named:
        body = [_by_name(statement, named, origin) for statement in body]
    if all(new is old for new, old in zip(body, module.body)):
        return None
    return module.with_changes(body=body), *origin.lookups(resolve, line_of)


def _path(resolve: Resolve, node: cst.CSTNode) -> str:
    return (resolve(node) or "").removeprefix("compat.v1.")


def _nested(statement: cst.BaseStatement, resolve: Resolve, origin: Origins) -> cst.BaseStatement:
    """``with a, b:`` holding a ``tf.variable_scope`` as ``with a:`` holding ``with b:``."""
    if not (isinstance(statement, cst.With) and len(statement.items) > 1 and statement.asynchronous is None):
        return statement
    if not any(
        isinstance(item.item, cst.Call) and _path(resolve, item.item.func) == "variable_scope"
        for item in statement.items
    ):
        return statement
    inner: cst.With = statement.with_changes(
        items=[statement.items[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)], leading_lines=[]
    )
    origin.add(inner, statement)
    for item in reversed(statement.items[:-1]):
        body = cst.IndentedBlock(body=[inner])
        inner = statement.with_changes(
            items=[item.with_changes(comma=cst.MaybeSentinel.DEFAULT)], body=body, leading_lines=[]
        )
        origin.add(inner, statement)
    inner = inner.with_changes(leading_lines=statement.leading_lines)
    origin.add(inner, statement)
    return inner


def _scope_names(module: cst.Module, body: list[cst.BaseStatement], resolve: Resolve) -> dict[str, str]:
    """Each ``as`` name of a top-level ``with tf.variable_scope("literal") as scope:`` that may be read as the
    literal where the scope is entered again (see the module's docstring)."""
    found: dict[str, str] = {}
    for statement in _withs(body, resolve):
        item = statement.items[0]
        call = item.item
        if item.asname is None or not isinstance(item.asname.name, cst.Name) or not isinstance(call, cst.Call):
            continue
        first = argument(call, 0, "name_or_scope")
        if _path(resolve, call.func) == "variable_scope" and len(call.args) == 1 and first is not None:
            literal = literal_string(first.value)
            if literal is not None and SCOPE_NAME.fullmatch(literal):
                found[item.asname.name.value] = literal
    if not found or not _names_untold(module):
        return {}
    entries = {name: 0 for name in found}
    for statement in module.body:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):  # a function's own ``scope`` parameter is not it
            own = set(local_names(statement)) if isinstance(statement, cst.FunctionDef) else set()
            if any(isinstance(n, cst.Name) and n.value in set(found) - own for n in descendants(statement.body)):
                return {}
            continue
        for node in descendants(statement):
            if isinstance(node, cst.Name) and node.value in found:
                entries[node.value] += 1
    reentered = {name: 0 for name in found}
    functions = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef)}
    for statement in _withs(body, resolve):
        name = _reentered(statement, found, resolve)
        if name is None:
            continue
        if not _untold(statement.body, functions, resolve, set()):
            return {}
        reentered[name] += 1
    # the ``as`` binding and the entries again, nothing else (no ``scope.name``, no ``scope.reuse_variables()``)
    return {
        name: literal for name, literal in found.items() if reentered[name] and entries[name] == reentered[name] + 1
    }


def _withs(body: list[cst.BaseStatement], resolve: Resolve):
    """Top-level ``with`` statements of one item, and those nested in them but not in a ``tf.variable_scope``: a
    scope object holds its full name (``outer/D``), which its literal reads as only at the top of the variable
    scopes (``tf.name_scope`` and other context managers leave that name alone)."""
    for statement in body:
        if isinstance(statement, cst.With) and len(statement.items) == 1:
            yield statement
            call = statement.items[0].item
            opens = isinstance(call, cst.Call) and _path(resolve, call.func) == "variable_scope"
            if isinstance(statement.body, cst.IndentedBlock) and not opens:
                yield from _withs(list(statement.body.body), resolve)


def _reentered(statement: cst.With, found: dict[str, str], resolve: Resolve) -> str | None:
    """``with tf.variable_scope(scope, reuse=True):`` of a scope object ``found`` holds: its name."""
    call = statement.items[0].item
    if statement.items[0].asname is not None or not isinstance(call, cst.Call):
        return None
    if _path(resolve, call.func) != "variable_scope" or len(call.args) != 2:
        return None
    first, reuse = argument(call, 0, "name_or_scope"), argument(call, 1, "reuse")
    if first is None or reuse is None or not isinstance(first.value, cst.Name) or first.value.value not in found:
        return None
    if not (isinstance(reuse.value, cst.Name) and reuse.value.value == "True"):
        return None
    return first.value.value


def _untold(block: cst.BaseSuite, functions: dict[str, cst.FunctionDef], resolve: Resolve, seen: set[str]) -> bool:
    """Nothing in the block, or in the module functions it calls, shows the name scope it opens."""
    for node in descendants(block):
        if not isinstance(node, cst.Call):
            continue
        if _path(resolve, node.func).startswith(UNTOLD):
            return False
        if isinstance(node.func, cst.Name) and node.func.value in functions and node.func.value not in seen:
            seen.add(node.func.value)
            if not _untold(functions[node.func.value].body, functions, resolve, seen):
                return False
    return True


def _names_untold(module: cst.Module) -> bool:
    """Every ``.name`` read is a comprehension's variable's (``v.name`` of ``for v in tf.trainable_variables()``)."""
    targets: set[str] = set()
    for node in descendants(module):
        if isinstance(node, cst.CompFor) and isinstance(node.target, cst.Name):
            targets.add(node.target.value)
    for node in descendants(module):
        if isinstance(node, cst.Attribute) and node.attr.value == "name":
            if not (isinstance(node.value, cst.Name) and node.value.value in targets):
                return False
    return True


def _by_name(statement: cst.BaseStatement, named: dict[str, str], origin: Origins) -> cst.BaseStatement:
    """The statement with each ``tf.variable_scope(scope, reuse=True)`` of a named scope object entering the name,
    and the object's ``as`` binding dropped (nothing reads it any more: variable_scopes.unread_as then reads the
    block as a literal one). Only the nodes that change are new, so resolve still reads every other one."""
    if not (isinstance(statement, cst.With) and len(statement.items) == 1):
        return statement
    item = statement.items[0]
    new_item = item
    asname = item.asname
    if asname is not None and isinstance(asname.name, cst.Name) and asname.name.value in named:
        new_item = item.with_changes(asname=None)
    elif asname is None and isinstance(item.item, cst.Call) and len(item.item.args) == 2:
        call = item.item
        first = call.args[0]
        if first.keyword is None and isinstance(first.value, cst.Name) and first.value.value in named:
            string = cst.SimpleString('"' + named[first.value.value] + '"')
            new_first = first.with_changes(value=string)
            new_call = call.with_changes(args=[new_first, *call.args[1:]])
            for copy, original in ((string, first.value), (new_first, first), (new_call, call)):
                origin.add(copy, original)
            new_item = item.with_changes(item=new_call)
    body = statement.body
    if isinstance(body, cst.IndentedBlock):
        inner = [_by_name(s, named, origin) for s in body.body]
        if any(a is not b for a, b in zip(inner, body.body)):
            body = body.with_changes(body=inner)
            origin.add(body, statement.body)
    if new_item is item and body is statement.body:
        return statement
    origin.add(new_item, item)
    new = statement.with_changes(items=[new_item], body=body)
    origin.add(new, statement)
    return new
