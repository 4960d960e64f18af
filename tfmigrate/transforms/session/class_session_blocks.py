"""A graph class that opens its Session in the constructor and enters it in the one method that trains
(``self.session = tf.Session()`` in ``__init__``, ``def train(self): with self.session as sess: sess.run(...)``).

Entering a Session makes it the default Session and closes it at the block's end. Neither is seen by a body that
runs the graph only through the block's name (no ``.eval()``, ``op.run()`` nor ``tf.get_default_session()`` in
the module), in the one call of the one method holding the block, when no other method touches the Session: so
TF1 ran the body as ``self.session.run(...)`` would, which the class proof (classes.py) reads as a method running
the constructor's Session. The module program is read with the block's body in its place, the name spelled
``self.session``; the eager rewrite has no Session left to put back.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms._checkpoint import SESSIONS
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants, stored_names
from tfmigrate.transforms.session.class_sugar import attribute_of, body_of, self_name
from tfmigrate.transforms.session.functions import APP_RUN, absl_run
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.node_replace import Replace
from tfmigrate.transforms.session.public_builders import _site
from tfmigrate.transforms.session.run_calls import run_receiver

DEFAULTS = ("eval", "get_default_session", "as_default")  # what reads the default Session the block makes


def _opened(init: cst.FunctionDef, resolve: Resolve) -> set[str]:
    """The attributes of the constructor's own ``self.session = tf.Session(...)`` statements."""
    owner = init.params.params[0].name.value
    found = set()
    for statement in body_of(init):
        small = (
            statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
        )
        if (
            isinstance(small, cst.Assign)
            and len(small.targets) == 1
            and attribute_of(small.targets[0].target, owner)
            and isinstance(small.value, cst.Call)
            and resolve(small.value.func) in SESSIONS
        ):
            found.add(cast(cst.Attribute, small.targets[0].target).attr.value)
    return found


def _app_run(module: cst.Module, func: cst.BaseExpression, resolve: Resolve) -> bool:
    try:
        path = resolve(func) or ""
    except KeyError:
        path = ""
    return path.removeprefix("compat.v1.") == APP_RUN or absl_run(module, func)


def _binds(node: cst.CSTNode, name: str) -> bool:
    """A node of the body that binds ``name`` again (or a nested scope, where it could)."""
    if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
        return True
    target: cst.CSTNode | None = None
    if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor)):
        target = node.target
    elif isinstance(node, cst.WithItem) and node.asname is not None:
        target = node.asname.name
    elif isinstance(node, cst.NamedExpr):
        target = node.target
    elif isinstance(node, cst.ExceptHandler) and node.name is not None:
        target = node.name.name
    return target is not None and any(n.value == name for n in stored_names(target))


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, None] | None:
    """The module with the method's ``with self.session as sess:`` block replaced by its body (``sess`` spelled
    ``self.session``); None when the class has no such block or TF1 may have read the block otherwise."""
    if not isinstance(definition.body, cst.IndentedBlock) or definition not in module.body:
        return None
    methods = {s.name.value: s for s in definition.body.body if isinstance(s, cst.FunctionDef)}
    init = methods.get("__init__")
    if init is None or not init.params.params:
        return None
    opened = _opened(init, resolve)
    blocks = [
        (name, function, statement)
        for name, function in methods.items()
        if name != "__init__" and function.params.params
        for statement in body_of(function)
        if isinstance(statement, cst.With)
        and len(statement.items) == 1
        and attribute_of(statement.items[0].item, function.params.params[0].name.value)
        and cast(cst.Attribute, statement.items[0].item).attr.value in opened
    ]
    if len(blocks) != 1:
        return None
    method, function, block = blocks[0]
    attr = cast(cst.Attribute, block.items[0].item).attr.value
    owner = function.params.params[0].name.value
    item = block.items[0]
    alias = item.asname.name if item.asname is not None else None
    if (alias is not None and not isinstance(alias, cst.Name)) or block.asynchronous is not None:
        return None
    if not isinstance(block.body, cst.IndentedBlock):
        return None
    for node in descendants(module):  # the default Session the block makes is read nowhere
        if isinstance(node, cst.Attribute) and node.attr.value in DEFAULTS:
            return None
        receiver = run_receiver(node)
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and receiver is not None:
            if _app_run(module, node.func, resolve):  # ``tf.app.run()`` runs ``main``, not a Session
                continue
            if not (
                (isinstance(receiver, cst.Name) and alias is not None and receiver.value == alias.value)
                or (isinstance(receiver, cst.Attribute) and receiver.attr.value == attr)
            ):
                return None
    labels = {  # attribute and keyword names: not references
        *(n.attr for n in descendants(function) if isinstance(n, cst.Attribute)),
        *(n.keyword for n in descendants(function) if isinstance(n, cst.Arg) and n.keyword is not None),
    }
    inside = {n for n in descendants(block.body) if n not in labels}
    if alias is not None:
        name = alias.value
        if any(_binds(n, name) for n in inside):
            return None
        outside = [
            n
            for n in descendants(function)
            if isinstance(n, cst.Name) and n.value == name and n not in inside and n not in labels
        ]
        if outside != [alias]:  # the name is the block's alone in the method
            return None
    for other, member in methods.items():  # no other method touches the Session the block closes
        if other not in ("__init__", method) and any(
            attribute_of(n, self_name(member)) and cast(cst.Attribute, n).attr.value == attr
            for n in descendants(member)
        ):
            return None
    statements = body_of(function)
    after = statements[statements.index(block) + 1 :]
    if any(attribute_of(n, owner) and cast(cst.Attribute, n).attr.value == attr for s in after for n in descendants(s)):
        return None
    site = _site(module, definition.name.value, last=True)
    if site is None:
        return None
    calls = [
        n
        for n in descendants(module)
        if isinstance(n, cst.Attribute) and n.attr.value == method and isinstance(n.value, cst.Name)
        if n.value.value in (site[0], owner)
    ]
    if len(calls) != 1 or not attribute_of(calls[0], site[0]):  # the module's one call
        return None
    call = calls[0]
    for node in descendants(module):  # not in a loop: a second call would run a closed Session
        if isinstance(node, (cst.For, cst.While, cst.CompFor)) and call in set(descendants(node)):
            return None
    origins = Origins()
    renamed: dict = {}
    if alias is not None:
        name = alias.value
        for node in inside:
            if isinstance(node, cst.Name) and node.value == name:
                spelled = cst.Attribute(value=cst.Name(owner), attr=cst.Name(attr))
                for part in (spelled.value, spelled.attr):
                    origins.add(part, node)
                renamed[node] = spelled
    module = module.visit(Replace(renamed, origins, made=True))
    rebuilt_block = next(n for n in descendants(module) if isinstance(n, cst.With) and origins.of(n) is block)
    rebuilt_function = next(
        n for n in descendants(module) if isinstance(n, cst.FunctionDef) and origins.of(n) is function
    )
    body = cast(cst.IndentedBlock, rebuilt_function.body)
    lines = list(body.body)
    index = lines.index(rebuilt_block)
    inner = list(cast(cst.IndentedBlock, rebuilt_block.body).body)
    if inner:
        first = inner[0].with_changes(
            leading_lines=[*rebuilt_block.leading_lines, *getattr(inner[0], "leading_lines", ())]
        )
        origins.add(first, inner[0])
        inner[0] = first
    new_body = body.with_changes(body=[*lines[:index], *inner, *lines[index + 1 :]])
    module = module.visit(Replace({body: new_body}, origins, made=True))
    new_class = next(s for s in module.body if isinstance(s, cst.ClassDef) and origins.of(s) is definition)
    return (
        module,
        lambda node: resolve(origins.of(node)),
        lambda node: line_of(origins.of(node)),
        new_class,
        None,
    )


def resugar(module: cst.Module, name: str, state: None, line: int) -> cst.Module:
    """Nothing to put back: the eager program has no Session to enter, so the block's body stays where it stood."""
    return module
