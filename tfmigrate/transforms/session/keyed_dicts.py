"""A dict filled by subscript with graph values: ``w = {}``, then ``w['w_recog'] = {'h1': tf.Variable(...), ...}``
and reads ``w["w_recog"]['h1']`` (variational autoencoders keep their layers so).

The proof models graph values bound to plain names (a dict of variables bound to a name is a container it knows);
an entry stored by subscript is not a name. Where the dict is only ever used as a set of named slots (each read and
each store a string-literal key), each slot holds one value at a time exactly as a name would, so ``w['w_recog']``
is read as the name ``w_w_recog`` (its store the binding, its reads the reads) and the program computes the same.
Read so only where that is certain: the dict is bound once, to ``{}``, in straight-line code; every other use of
its name is a subscript by a string literal; each key is stored once, by a plain assignment on its own line in
straight-line code, before any read of it; no function, class, lambda or comprehension uses the name. Tried only
for a program refused as written.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session import dict_aliases
from tfmigrate.transforms.session.analysis import Bindings, LineOf, Resolve, descendants, loaded_names, parents_of
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.functions import references
from tfmigrate.transforms.session.renames import Renamer, lone_assignment, read_by_a_scope


def slots(module: cst.Module, resolve: Resolve, line_of: LineOf) -> tuple[cst.Module, Resolve, LineOf, list] | None:
    """The module with each slot of such a dict as a name of its own, and a note per dict; None when none is."""
    scope = Bindings(module)
    taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    parents = parents_of(module)
    straight = {id(line) for line in _straight_lines(module)}
    order = {id(n): i for i, n in enumerate(descendants(module))}
    renames: dict[int, str] = {}
    displays: dict[int, cst.Dict] = {}
    notes: list[tuple[int, str]] = []
    for name, sites in scope.sites.items():
        if len(sites) != 1 or name in scope.loose or not _bound_to_empty_dict(sites[0], name, scope):
            continue
        if read_by_a_scope(module, name):
            continue
        uses = [n for n in references(module, name) if not _is_target_of(n, sites[0])]
        handed = dict_aliases.find(
            module, name, uses, scope, parents, order, straight, _literal_key
        )  # ``self.weights = w``
        keys: dict[str, str] = {}
        stored: set[str] = set()
        found: dict[int, str] = {}
        for use in uses:
            if handed is not None and use is handed.value:
                continue
            key = _literal_key(parents.get(use), use)
            if key is None:
                break
            subscript = parents[use]
            kind = _store(subscript, parents, straight)
            if kind == "other" or kind == "store" and key in stored:
                break
            if kind == "store":
                stored.add(key)
            elif key not in stored:
                break  # read before its store (or never stored): a KeyError the program raises as written
            if key not in keys:
                keys[key] = numbered(taken, f"{handed.name if handed is not None else name}_{key}")
            found[id(subscript)] = keys[key]
        else:
            if handed is not None:
                reads = handed.slots(stored)
                if reads is None:
                    continue
                found.update({id(subscript): keys[key] for subscript, key in reads})
                displays[id(handed.value)] = dict_aliases.display(keys)
            if found:
                renames.update(found)
                listed = ", ".join(f"`{name}[{key!r}]` as `{new}`" for key, new in keys.items())
                notes.append((line_of(sites[0]), f"the dict `{name}` is filled by key: read {listed}"))
    if not renames:
        return None
    rewrite = _Slots(module, resolve, line_of, renames, displays)
    module = module.visit(rewrite)
    return (module, *rewrite.remapped(), notes)


def _bound_to_empty_dict(site: cst.CSTNode, name: str, scope: Bindings) -> bool:
    """``w = {}`` (or ``w = dict()``) or ``w, n_input, n_z = {}, image_size, 20``."""
    assign = lone_assignment(site)
    if assign is None:
        return False
    target, value = assign.targets[0].target, assign.value
    pairs: list[tuple[cst.BaseExpression, cst.BaseExpression]]
    if isinstance(target, cst.Name):
        pairs = [(target, value)]
    elif isinstance(target, cst.Tuple) and isinstance(value, cst.Tuple) and len(target.elements) == len(value.elements):
        pairs = [(t.value, v.value) for t, v in zip(target.elements, value.elements)]
    else:
        return False
    return any(isinstance(t, cst.Name) and t.value == name and dict_aliases.empty_dict(v, scope) for t, v in pairs)


def _is_target_of(use: cst.Name, site: cst.CSTNode) -> bool:
    assign = lone_assignment(site)
    assert assign is not None
    return any(use is t for t in loaded_names(assign.targets[0].target))


def _literal_key(subscript: cst.CSTNode | None, use: cst.Name) -> str | None:
    """``'w_recog'`` of ``w['w_recog']`` when ``use`` is the subscripted value and the key an identifier-like
    string literal."""
    if not (isinstance(subscript, cst.Subscript) and subscript.value is use and len(subscript.slice) == 1):
        return None
    index = subscript.slice[0].slice
    if not (isinstance(index, cst.Index) and isinstance(index.value, cst.SimpleString)):
        return None
    key = index.value.evaluated_value
    return key if isinstance(key, str) and key.isidentifier() else None


def _store(subscript: cst.CSTNode, parents: dict[cst.CSTNode, cst.CSTNode], straight: set[int]) -> str:
    """ "store" for ``w['k'] = value`` alone on its line in straight-line code, "read" for a load, else "other"
    (an augmented store, a store in a tuple or a loop, a ``del``)."""
    node, parent = subscript, parents.get(subscript)
    nested = False
    while isinstance(parent, (cst.Element, cst.Tuple, cst.List, cst.StarredElement)):
        node, parent, nested = parent, parents.get(parent), True
    if isinstance(parent, cst.AssignTarget) and parent.target is node:
        assign = parents.get(parent)
        line = parents.get(assign) if assign is not None else None
        plain = isinstance(assign, cst.Assign) and len(assign.targets) == 1 and id(line) in straight
        return "store" if plain and not nested else "other"
    if isinstance(parent, (cst.AugAssign, cst.AnnAssign, cst.For)) and parent.target is node:
        return "other"
    return "other" if isinstance(parent, (cst.Del, cst.AsName)) else "read"


def _straight_lines(module: cst.Module) -> list[cst.SimpleStatementLine]:
    """The lines of the module body and of ``with`` bodies in it, in order: each runs once."""
    found: list[cst.SimpleStatementLine] = []

    def walk(body) -> None:
        for statement in body:
            if isinstance(statement, cst.SimpleStatementLine):
                found.append(statement)
            elif isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
                walk(statement.body.body)

    walk(module.body)
    return found


class _Slots(Renamer):
    """``renames`` holds the ids of the ``w['k']`` subscripts, each replaced by the Name of its slot; ``displays``
    the ids of the ``w`` handed to a second name, each replaced by the display of the slots."""

    def __init__(
        self, module: cst.Module, resolve: Resolve, line_of: LineOf, renames: dict[int, str], displays: dict
    ) -> None:
        super().__init__(module, resolve, line_of, renames)
        self.displays = displays

    def leave_Name(  # type: ignore[override]
        self, original_node: cst.Name, updated_node: cst.Name
    ) -> cst.BaseExpression:
        shown = self.displays.get(id(original_node))
        if shown is not None:
            return self.traced(shown, original_node)
        return super().leave_Name(original_node, updated_node)

    def leave_Subscript(self, original_node: cst.Subscript, updated_node: cst.Subscript) -> cst.BaseExpression:
        new = self.renames.get(id(original_node))
        return updated_node if new is None else cst.Name(new)
