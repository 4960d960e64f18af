"""A dict filled by key and then handed on whole under a second name: ``all_weights = dict()``,
``all_weights['w1'] = tf.get_variable(...)``, ``return all_weights`` and ``self.weights = network_weights``, read as
``self.weights['w1']`` (tensorflow/models' research/autoencoder, copied into a great many repositories). Read as the
class proof's module program, that is ``model__weights = all_weights`` after the stores.

keyed_dicts.py reads each slot of the filled dict as a name of its own. The second name is the same dict object, so
``model__weights['w1']`` is that slot too, provided the dict is complete when the second name is bound: every use
of the first name comes before that binding, the binding is the second name's only one (straight-line code, no
scope rebinding it), and every other use of the second name is a read by a string-literal key already stored, at
module level after the binding or in a function (which the module calls after the construction that binds it).
The binding itself becomes the dict display of the slots, so the second name still holds the variables by key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import Bindings, descendants
from tfmigrate.transforms.session.functions import local_names, references
from tfmigrate.transforms.session.renames import lone_assignment

SCOPES = (cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


@dataclass
class Alias:
    """``alias = name``: the statement, the Name node read there, the alias's key reads (each subscript)."""

    name: str
    statement: cst.CSTNode
    value: cst.Name
    reads: list[tuple[cst.Subscript, str]] = field(default_factory=list)

    def slots(self, stored: set[str]) -> list[tuple[cst.Subscript, str]] | None:
        """The key reads, when each key is one the first name stored; else None (a KeyError as written)."""
        return self.reads if all(key in stored for _, key in self.reads) else None


def empty_dict(value: cst.BaseExpression, scope: Bindings) -> bool:
    """``{}``, or ``dict()`` of the builtin (no module binding of ``dict``)."""
    if isinstance(value, cst.Dict):
        return not value.elements
    return (
        isinstance(value, cst.Call)
        and not value.args
        and isinstance(value.func, cst.Name)
        and value.func.value == "dict"
        and "dict" not in scope.sites
    )


def find(
    module: cst.Module,
    name: str,
    uses: list[cst.Name],
    scope: Bindings,
    parents: dict[cst.CSTNode, cst.CSTNode],
    order: dict[int, int],
    straight: set[int],
    key_of: Callable[[cst.CSTNode | None, cst.Name], str | None],
) -> Alias | None:
    """The one ``alias = name`` among ``uses`` (the last use of ``name``, a lone assignment on a straight line) and
    the alias's key reads, when each is safe to read as the slot; else None. ``key_of`` gives the literal key of
    a subscript of a name, else None."""
    bare = [u for u in uses if not _subscripted(u, parents)]
    if len(bare) != 1 or bare[0] is not max(uses, key=lambda n: order[id(n)]):
        return None
    handed = _handed(bare[0], name, scope, parents, straight)
    if handed is None:
        return None
    found = Alias(handed[1].value, handed[0], bare[0])
    chain = {found.name}
    later = [u for u in references(module, found.name) if u is not handed[1]]
    while len(later) == 1 and (passed := _handed(later[0], found.name, scope, parents, straight)) is not None:
        # ``result = all_weights`` then ``network_weights = result``: a helper's return bound by its caller
        if order[id(later[0])] < order[id(handed[0])]:
            return None
        handed = passed
        found.name = handed[1].value
        chain.add(found.name)
        later = [u for u in references(module, found.name) if u is not handed[1]]
    alias, target, line = found.name, handed[1], handed[0]
    for use in references(module, alias):
        if use is target:
            continue
        subscript = parents.get(use)
        key = key_of(subscript, use)
        if key is None or _stored_into(cast(cst.CSTNode, subscript), parents):
            return None
        inside = _in_scope(use, parents)
        if isinstance(inside, cst.FunctionDef) and alias in local_names(inside):
            return None
        if inside is None and order[id(use)] < order[id(line)]:
            return None  # read before the binding at module level: a NameError as written
        if inside is not None and not isinstance(inside, cst.FunctionDef):
            return None
        found.reads.append((cast(cst.Subscript, subscript), key))
    for node in descendants(module):  # ``global weights`` in a function would rebind it where we cannot see
        if isinstance(node, (cst.Global, cst.Nonlocal)) and any(n.name.value in chain for n in node.names):
            return None
    return found


def _handed(
    value: cst.Name,
    name: str,
    scope: Bindings,
    parents: dict[cst.CSTNode, cst.CSTNode],
    straight: set[int],
) -> tuple[cst.CSTNode, cst.Name] | None:
    """The line and target of ``alias = name`` where ``value`` is that read of ``name``: a lone assignment on a
    straight line, the alias's one binding; else None."""
    held = parents.get(value)
    line = parents.get(held) if held is not None else None  # Name -> Assign -> SimpleStatementLine
    assign = lone_assignment(line) if line is not None else None
    if line is None or assign is None or assign.value is not value or id(line) not in straight:
        return None
    target = assign.targets[0].target
    if not isinstance(target, cst.Name) or target.value == name:
        return None
    if len(scope.sites.get(target.value, ())) != 1 or target.value in scope.loose:
        return None
    return line, target


def _subscripted(use: cst.Name, parents: dict[cst.CSTNode, cst.CSTNode]) -> bool:
    parent = parents.get(use)
    return isinstance(parent, cst.Subscript) and parent.value is use


def _stored_into(subscript: cst.CSTNode, parents: dict[cst.CSTNode, cst.CSTNode]) -> bool:
    node, parent = subscript, parents.get(subscript)
    while isinstance(parent, (cst.Element, cst.Tuple, cst.List, cst.StarredElement)):
        node, parent = parent, parents.get(parent)
    return (
        isinstance(parent, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.Del, cst.AsName))
        and getattr(parent, "target", getattr(parent, "name", None)) is node
    )


def _in_scope(node: cst.CSTNode, parents: dict[cst.CSTNode, cst.CSTNode]) -> cst.CSTNode | None:
    parent = parents.get(node)
    while parent is not None:
        if isinstance(parent, SCOPES):
            return parent
        parent = parents.get(parent)
    return None


def display(keys: dict[str, str]) -> cst.Dict:
    """``{'w1': all_weights_w1, ...}``: the slots by key, in the order they were stored."""
    return cst.Dict([cst.DictElement(cst.SimpleString(repr(key)), cst.Name(slot)) for key, slot in keys.items()])
