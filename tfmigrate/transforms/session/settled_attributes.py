"""Where a graph class's constructor binds the host attributes its computed properties read (class_properties.py).

The GAN collection binds its sizes in the dataset branch: ``if dataset_name == "mnist" or ...: self.z_dim = z_dim
... else: raise NotImplementedError``. A construction that returns ran the branch that does not raise, so each of
its statements ran once, right after the statements before the ``if``; likewise the body of a branch the one
construction decides (constructor_branches.py reads it as the builder ``self.tfmigrate_branch_1()``), and of a base
class's constructor (the stock-RNN ``BaseModelMixin``, read by class_hierarchy.py as ``self.Base__init__()``). Those
are the statements that settle attributes, each at the index of the constructor statement holding it.

A data class beside the model (the stock-RNN programs' ``StockDataSet`` with its own ``self.input_size =
input_size``) stores attributes of its own instances: stores through another class's ``self`` are not this class's,
unless the two classes derive one from the other.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

import libcst as cst

from tfmigrate.cstfields import remember
from tfmigrate.transforms.session.analysis import descendants
from tfmigrate.transforms.session.constructor_branches import PREFIX

STORES = (cst.AssignTarget, cst.AugAssign, cst.AnnAssign)


def _block(suite: cst.BaseSuite) -> list[cst.BaseStatement]:
    return list(suite.body) if isinstance(suite, cst.IndentedBlock) else []


def _raises(block: list[cst.BaseStatement]) -> bool:
    last = block[-1] if block else None
    return isinstance(last, cst.SimpleStatementLine) and isinstance(last.body[-1], cst.Raise)


def _going_on(statement: cst.If) -> list[cst.BaseStatement]:
    """The branch of ``if ...: <bindings> else: raise ...`` (or the reverse) a returning construction ran."""
    if not isinstance(statement.orelse, cst.Else):
        return []
    body, other = _block(statement.body), _block(statement.orelse.body)
    if _raises(other) and not _raises(body):
        return body
    if _raises(body) and not _raises(other):
        return other
    return []


def builders(members: list[cst.BaseStatement]) -> dict[str, cst.FunctionDef]:
    """The constructor's builders whose body runs once where the constructor calls them: a decided branch
    (``tfmigrate_branch_1``, constructor_branches.py) and a base class's constructor (``Base__init__``,
    class_hierarchy.py, whose parameters are the derived constructor's of the same names)."""
    return {
        m.name.value: m
        for m in members
        if isinstance(m, cst.FunctionDef)
        and (m.name.value.startswith(PREFIX) or m.name.value.endswith("__init__") and m.name.value != "__init__")
        and len(m.params.params) == 1
    }


def settling(
    statements: list[cst.BaseStatement], members: list[cst.BaseStatement], owner: str
) -> Iterator[tuple[int, cst.BaseStatement]]:
    """(index of the constructor statement, a statement every returning construction ran there), in order."""
    found = builders(members)
    for index, statement in enumerate(statements):
        yield index, statement
        if isinstance(statement, cst.If):
            for inner in _going_on(statement):
                yield index, inner
        lone = isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1
        small = cast(cst.SimpleStatementLine, statement).body[0] if lone else None
        call = small.value if isinstance(small, cst.Expr) else None
        func = call.func if isinstance(call, cst.Call) and not call.args else None
        if (
            isinstance(func, cst.Attribute)
            and isinstance(func.value, cst.Name)
            and func.value.value == owner
            and func.attr.value in found
        ):
            builder = found[func.attr.value]
            yield from ((index, inner) for inner in _block(builder.body))


def _related(module: cst.Module, definition: cst.ClassDef) -> set[str]:
    """``definition``, the module's classes it derives from and those deriving from it, at any depth (two classes
    sharing only a base hold different instances)."""
    classes = [s for s in module.body if isinstance(s, cst.ClassDef)]
    bases = {c.name.value: {b.value.value for b in c.bases if isinstance(b.value, cst.Name)} for c in classes}
    up, down = {definition.name.value}, {definition.name.value}
    while True:
        more_up = up | {b for n in up for b in bases.get(n, ())}
        more_down = down | {n for n, b in bases.items() if b & down}
        if more_up == up and more_down == down:
            return up | down
        up, down = more_up, more_down


def foreign(module: cst.Module, definition: cst.ClassDef) -> set[int]:
    """The nodes (by id) of unrelated module-level classes' methods that hold ``self.attr`` through their own
    ``self``: their stores and in-place changes are of that class's instances."""
    related = _related(module, definition)
    spelled = {
        n.value.value for n in descendants(module) if isinstance(n, cst.Attribute) and isinstance(n.value, cst.Name)
    }
    held: set[int] = set()
    for other in module.body:
        if not isinstance(other, cst.ClassDef) or other.name.value in related | spelled:
            continue  # ``Other.method(model)`` would run a method of it on another instance
        for method in _block(other.body):
            if not isinstance(method, cst.FunctionDef) or not method.params.params or method.decorators:
                continue
            owner = method.params.params[0].name.value
            if any(isinstance(n, (cst.Global, cst.Nonlocal)) for n in descendants(method.body)):
                continue
            nodes = list(descendants(method.body))
            for node in nodes:
                base = node
                while isinstance(base, (cst.Attribute, cst.Subscript)):
                    base = base.value
                if base is not node and isinstance(base, cst.Name) and base.value == owner:
                    held.add(id(node))
            held |= {id(n) for n in nodes if isinstance(n, (*STORES, cst.Del)) and id(n.target) in held}
    return held


_STORES: dict[int, tuple[cst.CSTNode, dict[int, tuple[cst.ClassDef | None, dict[str, int], set[str]]]]] = {}


def stores_and_changes(module: cst.Module, definition: cst.ClassDef | None) -> tuple[dict[str, int], set[str]]:
    """Attribute name -> how many statements store it, and the attributes changed in place (``self.dims.append``,
    ``self.d[k] = v``), by name, leaving out those of other classes' own instances.

    Counted once per module and class until the engine forgets the file's memos: the class passes ask it of the
    same unchanged module for each attribute's settling (host_attributes.py, host_state.py)."""
    known = _STORES.get(id(module))
    if known is None or known[0] is not module:
        known = (module, {})
        remember(_STORES, module, known[1])
    counted = known[1].get(id(definition))
    if counted is None or counted[0] is not definition:
        counted = (definition, *_stores_and_changes(module, definition))
        known[1][id(definition)] = counted
    return dict(counted[1]), set(counted[2])


def _stores_and_changes(module: cst.Module, definition: cst.ClassDef | None) -> tuple[dict[str, int], set[str]]:
    skipped = foreign(module, definition) if definition is not None else set()
    modules = _modules(module)
    stores: dict[str, int] = {}
    changed: set[str] = set()
    for node in descendants(module):
        if id(node) in skipped:
            continue
        if isinstance(node, STORES) and isinstance(node.target, cst.Attribute):
            stores[node.target.attr.value] = stores.get(node.target.attr.value, 0) + 1
        if isinstance(node, (cst.AssignTarget, cst.For, cst.CompFor, cst.WithItem)):
            target = node.asname.name if isinstance(node, cst.WithItem) and node.asname else node
            inner = target.target if isinstance(target, (cst.AssignTarget, cst.For, cst.CompFor)) else target
            elements = descendants(inner) if isinstance(inner, (cst.Tuple, cst.List)) else ()
            held = [e.value for e in elements if isinstance(e, cst.Element) and isinstance(e.value, cst.Attribute)]
            if isinstance(inner, cst.Attribute) and not isinstance(node, cst.AssignTarget):
                held.append(inner)  # ``for self.i in ...``, ``with ... as self.f``
            for attribute in held:  # ``self.data_X, self.data_y = load_mnist(...)``
                stores[attribute.attr.value] = stores.get(attribute.attr.value, 0) + 1
        if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.Del)) and isinstance(node.target, cst.Subscript):
            if isinstance(node.target.value, cst.Attribute):
                changed.add(node.target.value.attr.value)
        if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Attribute):
            if not (isinstance(node.value.value, cst.Name) and node.value.value.value in modules):
                changed.add(node.value.attr.value)  # a method of the value, or an attribute of it, read or stored
    return stores, changed


def _modules(module: cst.Module) -> set[str]:
    """Names bound by imports alone (``tf``): ``tf.layers.dense`` reads the module's ``layers``, no instance's."""
    imported: set[str] = set()
    other: set[str] = set()
    for node in descendants(module):
        if isinstance(node, cst.ImportAlias):
            name: cst.BaseExpression = node.asname.name if node.asname is not None else node.name
            while isinstance(name, cst.Attribute):  # ``import tensorflow.compat.v1`` binds ``tensorflow``
                name = name.value
            if isinstance(name, cst.Name):
                imported.add(name.value)
        if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor)):
            other.update(n.value for n in descendants(node.target) if isinstance(n, cst.Name))
        elif isinstance(node, cst.WithItem) and node.asname is not None:
            other.update(n.value for n in descendants(node.asname.name) if isinstance(n, cst.Name))
        elif isinstance(node, (cst.Param, cst.FunctionDef, cst.ClassDef)):
            other.add(node.name.value)
        elif isinstance(node, cst.NamedExpr):
            other.update(n.value for n in descendants(node.target) if isinstance(n, cst.Name))
        elif isinstance(node, cst.ExceptHandler) and node.name is not None:
            other.update(n.value for n in descendants(node.name.name) if isinstance(n, cst.Name))
        elif isinstance(node, (cst.Global, cst.Nonlocal)):
            other.update(n.name.value for n in node.names)
    return imported - other


def reset_only(module: cst.Module, definition: cst.ClassDef, cache: str, keeper: cst.FunctionDef) -> bool:
    """Outside ``keeper`` (the property computing it), the class's instances have ``cache`` only stored ``None``
    (``self._this_model_name = None`` in the constructor), never read or changed."""
    skipped = foreign(module, definition) | {id(n) for n in descendants(keeper)}
    stored: set[int] = set()
    for node in descendants(module):
        if id(node) in skipped:
            continue
        if isinstance(node, cst.Assign):
            for target in node.targets:
                if isinstance(target.target, cst.Attribute) and target.target.attr.value == cache:
                    if len(node.targets) > 1 or not (isinstance(node.value, cst.Name) and node.value.value == "None"):
                        return False
                    stored.add(id(target.target))
    return not any(
        isinstance(n, cst.Attribute) and n.attr.value == cache and id(n) not in skipped | stored
        for n in descendants(module)
    )


def pairs(assigned: cst.Assign) -> list[tuple[cst.BaseExpression, cst.BaseExpression]]:
    """``self.a = a`` and ``self.a, self.b = a, b`` (no starred element, as many values as targets): each target
    with the value it gets; else nothing."""
    target, value = assigned.targets[0].target, assigned.value
    if not isinstance(target, (cst.Tuple, cst.List)):
        return [(target, value)]
    if not isinstance(value, (cst.Tuple, cst.List)) or len(value.elements) != len(target.elements):
        return []
    if any(isinstance(e, cst.StarredElement) for e in (*target.elements, *value.elements)):
        return []
    return [(t.value, v.value) for t, v in zip(target.elements, value.elements, strict=True)]
