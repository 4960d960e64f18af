"""A graph class owning its Session and entering it in a method (the char-RNN trainers' ``self.session =
tf.Session()`` in the constructor, then ``def train(self, ...): with self.session as sess: sess.run(...)``).

The ``with`` binds ``sess`` to the Session the attribute holds, makes it the default Session and closes it at the
end of the block. Inside the block ``sess`` is that attribute, so the class proof (classes.py), which reads a
constructor's Session attribute run by its methods (``self.session.run(...)``), reads the block's statements where
the ``with`` stood, ``sess`` spelled ``self.session``. The eager program has no Session to make default or close,
so nothing is put back. Only when the block neither binds the name again nor asks for a default Session
(``t.eval()``, ``op.run()``, ``tf.get_default_session()``), and the method reads the name nowhere else.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms._checkpoint import SESSIONS
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.class_sugar import attribute_of, unguarded_lookups
from tfmigrate.transforms.session.functions import bound_names, own_body
from tfmigrate.transforms.session.renames import lone_assignment


def _session_attributes(definition: cst.ClassDef, resolve: Resolve) -> set[str]:
    """``self.session = tf.Session()`` statements of the constructor's own level."""
    found: set[str] = set()
    for member in cast(cst.IndentedBlock, definition.body).body:
        if not (
            isinstance(member, cst.FunctionDef)
            and member.name.value == "__init__"
            and member.params.params
            and isinstance(member.body, cst.IndentedBlock)
        ):
            continue
        owner = member.params.params[0].name.value
        for statement in member.body.body:
            assigned = lone_assignment(statement)
            if assigned is None:
                continue
            target, value = assigned.targets[0].target, assigned.value
            if (
                attribute_of(target, owner)
                and isinstance(value, cst.Call)
                and (resolve(value.func) or "").removeprefix("compat.v1.") in SESSIONS
            ):
                found.add(cast(cst.Attribute, target).attr.value)
    return found


def _entered(statement: cst.CSTNode, owner: str, attributes: set[str]) -> str | None:
    """The name ``with self.session as sess:`` binds, for a Session attribute."""
    if not (isinstance(statement, cst.With) and len(statement.items) == 1 and statement.asynchronous is None):
        return None
    item = statement.items[0]
    if not (
        attribute_of(item.item, owner)
        and cast(cst.Attribute, item.item).attr.value in attributes
        and item.asname is not None
        and isinstance(item.asname.name, cst.Name)
        and isinstance(statement.body, cst.IndentedBlock)
    ):
        return None
    return item.asname.name.value


def _asks_default(block: cst.With, name: str, owner: str, attributes: set[str]) -> bool:
    """``t.eval()``, ``op.run()`` on other than the Session (its name or ``self.session``), or
    ``tf.get_default_session()``."""
    for node in descendants(block.body):
        if isinstance(node, cst.Attribute) and node.attr.value == "get_default_session":
            return True
        func = node.func if isinstance(node, cst.Call) else None
        if isinstance(func, cst.Attribute) and func.attr.value in ("eval", "run"):
            named = isinstance(func.value, cst.Name) and func.value.value == name
            held = attribute_of(func.value, owner) and cast(cst.Attribute, func.value).attr.value in attributes
            if not (named or held):
                return True
    return False


class _Spell(cst.CSTTransformer):
    """``sess`` -> ``self.session`` in the block; each block flattened where it stood; made nodes remembered."""

    def __init__(self, blocks: dict[cst.With, tuple[str, cst.Attribute]], made: dict[int, cst.CSTNode]) -> None:
        self.blocks = blocks
        self.made = made
        self.names: list[tuple[str, cst.Attribute]] = []

    def visit_With(self, node: cst.With) -> bool:
        if node in self.blocks:
            self.names.append(self.blocks[node])
        return True

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        if self.names and original_node.value == self.names[-1][0]:
            spelled = self.names[-1][1].deep_clone()
            for node in (spelled, *descendants(spelled)):
                self.made[id(node)] = self.names[-1][1]
            return spelled
        return updated_node

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        return updated_node.with_changes(attr=original_node.attr)

    def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg) -> cst.Arg:
        return updated_node.with_changes(keyword=original_node.keyword)

    def on_leave(self, original_node, updated_node):
        result = super().on_leave(original_node, updated_node)
        if isinstance(result, cst.CSTNode) and result is not original_node and id(result) not in self.made:
            self.made[id(result)] = original_node
        return result

    def leave_With(self, original_node: cst.With, updated_node: cst.With):
        if original_node not in self.blocks:
            return updated_node
        self.names.pop()
        return cst.FlattenSentinel(cast(cst.IndentedBlock, updated_node.body).body)


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, None] | None:
    """The module with each ``with self.session as sess:`` block of the class's methods read as its statements,
    ``sess`` spelled ``self.session``; None when the class enters no Session attribute so."""
    known, _ = unguarded_lookups(resolve, line_of, None)
    attributes = _session_attributes(definition, known)
    if not attributes:
        return None
    blocks: dict[cst.With, tuple[str, cst.Attribute]] = {}
    for member in cast(cst.IndentedBlock, definition.body).body:
        if not (isinstance(member, cst.FunctionDef) and member.name.value != "__init__" and member.params.params):
            continue
        owner = member.params.params[0].name.value
        for node in own_body(member.body):
            name = _entered(node, owner, attributes)
            if name is None or name == owner:
                continue
            block = cast(cst.With, node)
            inside = {id(n) for n in descendants(block.items[0])} | {id(n) for n in descendants(block.body)}
            stored = bound_names(list(cast(cst.IndentedBlock, block.body).body))
            outside = [
                n for n in own_body(member.body) if isinstance(n, cst.Name) and n.value == name and id(n) not in inside
            ]
            if name in stored or outside or _asks_default(block, name, owner, attributes):
                return None
            blocks[block] = (name, cast(cst.Attribute, block.items[0].item))
    if not blocks:
        return None
    made: dict[int, cst.CSTNode] = {}
    new_class = cast(cst.ClassDef, definition.visit(_Spell(blocks, made)))
    made[id(new_class)] = definition
    resolve_made, line_of_made = unguarded_lookups(
        lambda node: resolve(made.get(id(node), node)), lambda node: line_of(made.get(id(node), node)), definition
    )
    rebuilt = [new_class if s is definition else s for s in module.body]
    return module.with_changes(body=rebuilt), resolve_made, line_of_made, new_class, None


def resugar(module: cst.Module, name: str, state: None, line: int) -> cst.Module:
    """Nothing to put back: the eager program has no Session to enter, so the block's body stays where it stood."""
    return module
