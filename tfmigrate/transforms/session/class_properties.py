"""A graph class's computed read-only properties (the GAN collection's ``@property def model_dir(self): return
"{}_{}_{}".format(self.model_name, self.dataset_name, self.batch_size)``, the checkpoint and result directories'
name): host data computed from attributes the constructor binds once, at its own level, to a parameter given host
data or to a literal (a class constant, class_constants.py), and that nothing stores again or changes in place.

Every read of the property after those bindings gives the same value, so for the one instance it is the attribute
the constructor would bind right after the last of them: the class proof (classes.py) reads ``self.model_dir =
<the expression>`` there, and the rewrite is put back with the property where it stood and without that statement.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import cast

import libcst as cst

from tfmigrate.transforms.session import property_bodies, settled_attributes
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants, loaded_names
from tfmigrate.transforms.session.class_constants import constructor_of, with_constructor
from tfmigrate.transforms.session.class_sugar import attribute_of, body_of, self_name
from tfmigrate.transforms.session.functions import bound_names, opens_session
from tfmigrate.transforms.session.host_attributes import LITERALS, HostAttributes
from tfmigrate.transforms.session.loops import Origins

HOST_CALLS = ("str", "int", "float", "repr", "format", "len", "os.path.join")  # of host data, to host data
# What a property's folder creation may test (property_bodies.py): host facts of the file system, read per access.
HOST_TESTS = ("os.path.exists", "os.path.isdir")
Properties = list[tuple[int, cst.FunctionDef, str]]  # index in the class body, the property, its binding's code


@dataclass
class Computed:
    """The class the stage read (a base class's proof reads the derived class merged with it, class_hierarchy.py)
    and its properties."""

    name: str
    properties: Properties


def _computed(function: cst.FunctionDef) -> tuple[cst.BaseExpression, list[cst.BaseExpression]] | str | None:
    """``@property def model_dir(self): return <expression>``, the expression other than one attribute (classes.py
    reads ``return self.attr`` itself), or the value a body of several statements returns and what its folder
    creation reads (property_bodies.py); why a body of several statements is not read; else None."""
    body = body_of(function)
    last = body[-1]
    only = last.body[0] if isinstance(last, cst.SimpleStatementLine) and len(last.body) == 1 else None
    params = function.params
    if not (
        len(function.decorators) == 1
        and isinstance(function.decorators[0].decorator, cst.Name)
        and function.decorators[0].decorator.value == "property"
        and len(params.params) == 1
        and not params.kwonly_params
        and not params.posonly_params
        and params.star_arg in (None, cst.MaybeSentinel.DEFAULT)
        and params.star_kwarg is None
        and function.asynchronous is None
    ):
        return None
    folded = property_bodies.fold(function)
    if folded is not None:
        return folded
    if not (
        isinstance(only, cst.Return) and only.value is not None and not attribute_of(only.value, self_name(function))
    ):
        return None
    return only.value, []


def _dotted(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        inner = _dotted(node.value)
        return None if inner is None else f"{inner}.{node.attr.value}"
    return None


def _host_expression(value: cst.BaseExpression, owner: str, module_bound: set[str], tests: bool = False) -> str | None:
    """Why the expression is not host code over ``self.attr`` reads and literals (each call a string method on a
    literal, ``"{}_{}".format``, a builtin the module does not rebind, or ``os.path.join``; with ``tests``, also
    ``os.path.exists``); None when it is."""
    for node in [value, *descendants(value)]:
        if isinstance(node, (cst.Lambda, cst.GeneratorExp, cst.ListComp, cst.SetComp, cst.DictComp, cst.Await)):
            return f"a `{type(node).__name__}`"
        if isinstance(node, cst.Call):
            func = node.func
            literal = isinstance(func, cst.Attribute) and isinstance(func.value, LITERALS)
            if not literal and _dotted(func) not in HOST_CALLS and not (tests and _dotted(func) in HOST_TESTS):
                return f"a call of `{cst.Module([]).code_for_node(func)}`"
    reads = {id(cast(cst.Attribute, n).value) for n in descendants(value) if attribute_of(n, owner)}
    for name in loaded_names(value):
        if name.value == owner:
            if id(name) not in reads:
                return f"`{owner}` other than through an attribute"
        elif name.value in module_bound or not (hasattr(builtins, name.value) or name.value == "os"):
            return f"`{name.value}`"
    return None


def _imports_os(module: cst.Module) -> bool:
    """``import os`` at module level, and ``os`` bound by nothing else (an assignment, an alias, a parameter)."""
    imports = [
        alias
        for s in module.body
        if isinstance(s, cst.SimpleStatementLine)
        for i in s.body
        if isinstance(i, cst.Import)
        for alias in i.names
        if _dotted(alias.name) == "os" and alias.asname is None
    ]
    for node in descendants(module):
        target = node.target if isinstance(node, (cst.AssignTarget, cst.For, cst.AugAssign)) else None
        target = node.asname.name if isinstance(node, cst.ImportAlias) and node.asname else target
        if isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
            target = next((a.name for a in node.names if a.asname is None and _dotted(a.name) == "os"), target)
        target = node.name if isinstance(node, (cst.Param, cst.FunctionDef, cst.ClassDef)) else target
        if isinstance(target, cst.Name) and target.value == "os":
            return False
    return len(imports) == 1


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, Computed] | None:
    """The class without its computed properties, its constructor binding each as an attribute right after the
    last binding it reads; None when it has none. Raises Blocked naming the property when one is not host data
    over plain attributes."""
    if not isinstance(definition.body, cst.IndentedBlock) or definition not in module.body:
        return None
    members = list(definition.body.body)
    found = [(i, s, v) for i, s in enumerate(members) if isinstance(s, cst.FunctionDef) and (v := _computed(s))]
    for _, function, held in found:
        if isinstance(held, str):
            raise Blocked(
                f"class `{definition.name.value}` builds graph ops and its @property `{function.name.value}` "
                f"{_opens_session(resolve, function) or held + _host_code(module, resolve, function)}",
                line_of(function),
            )
    init = next((s for s in members if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"), None)
    if not found or init is None or not init.params.params or not isinstance(init.body, cst.IndentedBlock):
        return None
    name = definition.name.value
    hosts = HostAttributes(module, resolve, line_of, name, init)
    statements, stores, plain = hosts.statements, hosts.stores, hosts.binding
    module_bound = bound_names(list(module.body))
    if _imports_os(module):
        module_bound.discard("os")  # ``os.path.join`` is the standard library's

    made = Origins()
    inserted: dict[int, list[cst.BaseStatement]] = {}
    properties: Properties = []
    positions: dict[str, int] = {}  # a property bound so far -> the index it is bound after
    for index, function, (value, effects) in _in_reading_order(found):
        owner = self_name(function) or ""
        prop = function.name.value
        cached = property_bodies.cache_of(function)
        if cached is not None:
            _cache(definition, function, cached, hosts.known, line_of, module)
        why = _host_expression(value, owner, module_bound)
        why = why or next((w for e in effects if (w := _host_expression(e, owner, module_bound, tests=True))), None)
        read = [value, *effects]
        attrs = sorted(
            {cast(cst.Attribute, n).attr.value for r in read for n in descendants(r) if attribute_of(n, owner)}
        )
        if why is None:
            unplain = next((a for a in attrs if a not in positions and plain(a) is None), None)
            if unplain is not None:
                why = f"`{owner}.{unplain}`, which is not one constructor binding of host data"
        if why is None and stores.get(prop):
            why = f"a store to `{prop}`"
        if why is not None:
            raise Blocked(
                f"class `{name}` builds graph ops and its @property `{prop}` reads {why} (only host data computed "
                "from attributes the constructor binds once is read as data)",
                line_of(function),
            )
        at = max((positions[a] if a in positions else cast(int, plain(a)) for a in attrs), default=-1)
        positions[prop] = at
        init_owner = self_name(init) or "self"
        renamed = value.visit(_Owner(owner, init_owner)) if owner != init_owner else value
        target = cst.Attribute(value=cst.Name(init_owner), attr=cst.Name(prop))
        bound = cst.SimpleStatementLine(
            body=[cst.Assign(targets=[cst.AssignTarget(target)], value=cast(cst.BaseExpression, renamed))]
        )
        for node in [bound, *descendants(bound)]:
            made.keep(node, function, first=True)
        where = statements[at] if at >= 0 else init  # the binding stands there: a later reader (a Saver's
        assign = cast(cst.Assign, bound.body[0])
        for node in [bound, assign, *descendants(assign.targets[0])]:  # directory) sees it bound
            made.keep(node, where)
        inserted.setdefault(at, []).append(bound)
        properties.append((index, function, cst.Module([]).code_for_node(bound).strip()))
    body: list[cst.BaseStatement] = [*inserted.get(-1, [])]
    for index, statement in enumerate(statements):
        body.extend([statement, *inserted.get(index, [])])
    new_init = init.with_changes(body=init.body.with_changes(body=body))
    gone = {id(f) for _, f, _ in found}
    kept = [s for s in members if id(s) not in gone]
    return (
        *with_constructor(module, resolve, line_of, definition, kept, (init, new_init), made),
        Computed(name, properties),
    )


class _Owner(cst.CSTTransformer):
    """The property's ``self`` spelled as the constructor's."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return updated_node.with_changes(value=self.new) if original_node.value == self.old else updated_node

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.Attribute:
        return updated_node.with_changes(attr=original_node.attr)


def resugar(module: cst.Module, name: str, computed: Computed, line: int) -> cst.Module:
    """The rewritten class with its properties back where they stood and their bindings out of the constructor;
    refused when the rewrite changed a binding."""
    refused = Blocked(f"class `{name}` builds graph ops and holds a computed @property", line)
    definition, members, init = constructor_of(module, computed.name, refused)
    properties = computed.properties
    statements = list(cast(cst.IndentedBlock, init.body).body)
    for _, _, code in properties:
        at = [i for i, s in enumerate(statements) if cst.Module([]).code_for_node(s).strip() == code]
        if len(at) != 1:
            raise refused
        del statements[at[0]]
    init_body = cast(cst.IndentedBlock, init.body).with_changes(
        body=statements or [cst.SimpleStatementLine([cst.Pass()])]
    )
    members = [init.with_changes(body=init_body) if s is init else s for s in members]
    for index, function, _ in sorted(properties, key=lambda p: p[0]):
        members.insert(index, function)
    rebuilt = definition.with_changes(body=definition.body.with_changes(body=members))
    return module.with_changes(body=[rebuilt if s is definition else s for s in module.body])


def _cache(
    definition: cst.ClassDef,
    function: cst.FunctionDef,
    cached: tuple[str, cst.BaseExpression],
    known: Resolve,
    line_of: LineOf,
    module: cst.Module,
) -> None:
    """A lazily computed property (property_bodies.cache_of) is its value when nothing else stores its cache but
    ``None`` (a reset: the next read computes the same host value again) and nothing else reads the cache. Raises
    Blocked naming a TensorFlow object created on the first read (a Session, a Saver, a FileWriter), or a cache
    used otherwise."""
    cache, value = cached
    made = next(
        (n for n in [value, *descendants(value)] if isinstance(n, cst.Call) and known(n.func) is not None), None
    )
    where = f"class `{definition.name.value}` builds graph ops and its @property `{function.name.value}`"
    if made is not None:
        raise Blocked(
            f"{where} creates `{cst.Module([]).code_for_node(made.func)}(...)` where it is first read (a Session, "
            "Saver or FileWriter created on first access is not modelled)",
            line_of(function),
        )
    if not settled_attributes.reset_only(module, definition, cache, function):
        raise Blocked(
            f"{where} caches its value in `self.{cache}`, which the program stores other than `None` or reads "
            "elsewhere",
            line_of(function),
        )


def _opens_session(resolve: Resolve, function: cst.FunctionDef) -> str | None:
    """``if self._sess is None: self._sess = tf.Session()``: a Session opened when the property is first read."""
    for node in descendants(function.body):
        if opens_session(node, resolve):
            return "opens a Session where it is first read (a lazily opened Session is not modelled)"
    return None


def _host_code(module: cst.Module, resolve: Resolve, function: cst.FunctionDef) -> str:
    """What a property body the fold does not read is when it builds nothing: no TensorFlow name, no call of the
    module's functions or the class's methods (the ed_mlp BaseModel's ``model_dir`` looping over its config to
    name a folder). The proof reads no such body; the reason says it is host code, not graph building."""
    module_bound = bound_names(list(module.body))
    owner = self_name(function)
    for node in descendants(function.body):
        if isinstance(node, (cst.Name, cst.Attribute)) and resolve(node) is not None:
            return ""
        func = node.func if isinstance(node, cst.Call) else None
        if isinstance(func, cst.Name) and (func.value in module_bound or not hasattr(builtins, func.value)):
            return ""
        if isinstance(func, cst.Attribute) and attribute_of(func, owner):
            return ""
    return (
        " (host code naming no TensorFlow, but a property is read as data only when its statements fold into one value)"
    )


def _in_reading_order(found: list) -> list:
    """The properties, each after the host properties it reads (``model_dir`` reading ``self.model_name``)."""
    pending = [f for f in found if not isinstance(f[2], str)]
    names = {f[1].name.value for f in pending}
    done: list = []
    while pending:
        bound = {f[1].name.value for f in done}
        ready = next(
            (
                f
                for f in pending
                if all(
                    cast(cst.Attribute, n).attr.value in bound or cast(cst.Attribute, n).attr.value not in names
                    for r in [f[2][0], *f[2][1]]
                    for n in descendants(r)
                    if attribute_of(n, self_name(f[1]))
                )
            ),
            pending[0],  # properties reading each other: the first, whose read is then not plain (refused)
        )
        pending.remove(ready)
        done.append(ready)
    return done
