"""A graph class derived from a base class only it uses: the project template's ``class ExampleModel(BaseModel)``,
whose ``__init__`` calls ``super(ExampleModel, self).__init__(config)`` and whose base builds the step and epoch
counters (``with tf.variable_scope('global_step'): self.global_step_tensor = tf.Variable(0, ...)``).

With one instance of the derived class and no other use of the base, the instance's methods are the derived class's
and, where it does not override them, the base's (Python's method resolution order), and the base constructor's body
runs where ``super().__init__(...)`` stands. So the class proof (classes.py) reads one class: the base's methods the
derived class does not override, the base constructor as a builder method called where the ``super()`` call stood,
then the derived class's members. That holds when the ``super()`` call passes each base parameter, positionally,
the derived constructor's parameter of the same name, which neither constructor binds again, and no name is private
(``__x`` is mangled per class); a derived class without a constructor runs the base's as its own. The rewrite is
then put back: the base's methods and constructor in the base class as written, the ``super()`` call where it
stood, the overridden base methods untouched (the instance never runs them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

import libcst as cst

from tfmigrate.cstfields import remember
from tfmigrate.transforms._tf1 import is_docstring
from tfmigrate.transforms.session import metaclasses, super_methods
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants, loaded_names
from tfmigrate.transforms.session.builder_arguments import passes_own_names, rebinds
from tfmigrate.transforms.session.class_sugar import body_of, rewritten_class, self_name, unguarded_lookups
from tfmigrate.transforms.session.functions import local_names
from tfmigrate.transforms.session.loops import Origins

_PASSED: dict[int, tuple[cst.CSTNode, frozenset[str]]] = {}


def passed_parameters(method: cst.FunctionDef) -> frozenset[str]:
    """The parameters of a base constructor read as the merged class's builder (``self.Model__init__()``): each is the
    derived constructor's parameter of that name, passed by the ``super()`` call and bound again by neither, so the
    builder's reads of them are the derived constructor's (constructor_methods.py reads its body there)."""
    known = _PASSED.get(id(method))
    return known[1] if known is not None and known[0] is method else frozenset()


@dataclass
class Hierarchy:
    """What the merge took apart, to put the rewrite back."""

    base: cst.ClassDef
    derived: cst.ClassDef
    builder: str  # the base constructor's name as a builder of the merged class ("" when the base has none)
    call: cst.SimpleStatementLine | None  # the ``super().__init__(...)`` statement
    merged: list[str]  # the base's members the merged class holds, by name, in order
    extended: list[super_methods.Extended]  # the derived methods' ``super().method(...)`` calls
    between: list[str]  # the classes and functions defined between the base and the derived class, by name


def _plain(module: cst.Module, definition: cst.ClassDef) -> bool:
    """Undecorated, an indented body, and no keyword but ``metaclass=ABCMeta`` (metaclasses.py: it changes nothing
    an instance whose abstract methods are all defined runs)."""
    return (
        not definition.decorators
        and (not definition.keywords or metaclasses.inert_keywords(module, definition))
        and isinstance(definition.body, cst.IndentedBlock)
    )


def _members(definition: cst.ClassDef) -> list[cst.BaseStatement]:
    return list(cast(cst.IndentedBlock, definition.body).body)


def _pair(module: cst.Module, definition: cst.ClassDef) -> tuple[cst.ClassDef, cst.ClassDef] | None:
    """(base, derived): ``definition`` and the one module-level class it derives from or that derives from it."""
    classes = {s.name.value: s for s in module.body if isinstance(s, cst.ClassDef)}

    def base_of(definition: cst.ClassDef) -> cst.ClassDef | None:
        bases = [b.value for b in definition.bases]
        if len(bases) == 1 and isinstance(bases[0], cst.Name) and bases[0].value in classes:
            return classes[bases[0].value]
        return None

    base = base_of(definition)
    if base is not None:
        return base, definition
    derived = [c for c in classes.values() if base_of(c) is definition]
    return (definition, derived[0]) if len(derived) == 1 else None


def _undecorated_or_property(member: cst.FunctionDef) -> bool:
    """A plain method, or a ``@property`` (the derived class reads it as its own: the class proof reads properties,
    class_properties.py)."""
    decorators = [d.decorator for d in member.decorators]
    return (
        not decorators
        or len(decorators) == 1
        and isinstance(decorators[0], cst.Name)
        and decorators[0].value == "property"
    )


def _private(definition: cst.ClassDef) -> bool:
    """A ``__name`` (not ``__name__``) anywhere in the class: Python mangles it per class."""
    return any(
        isinstance(n, cst.Name) and n.value.startswith("__") and not n.value.endswith("__")
        for n in descendants(definition)
    )


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, Hierarchy] | None:
    """The module with the base class gone and the derived class holding what its instance runs; None when the
    hierarchy is not that shape (the class proof then names it)."""
    pair = _pair(module, definition)
    if pair is None:
        return None
    base, derived = pair
    if not (_plain(module, base) and _plain(module, derived) and len(derived.bases) == 1):
        return None
    if _private(base) or _private(derived) or not all(metaclasses.inert_base(module, b.value) for b in base.bases):
        return None
    body = list(module.body)
    if body.index(base) > body.index(derived) or not all(
        isinstance(s, (cst.ClassDef, cst.FunctionDef)) for s in body[body.index(base) + 1 : body.index(derived)]
    ):
        return None
    inside = {id(n) for n in descendants(derived)}
    if any(
        isinstance(n, cst.Name) and n.value == base.name.value and n is not base.name and id(n) not in inside
        for n in descendants(module)
    ):
        return None  # the base named outside the derived class: another use of it
    members = _members(base)
    methods: dict[str, cst.FunctionDef] = {}
    abstract: set[str] = set()
    for index, member in enumerate(members):
        if index == 0 and is_docstring(member):
            continue
        if not isinstance(member, cst.FunctionDef) or member.asynchronous:
            return None
        if metaclasses.abstract(module, member):
            abstract.add(member.name.value)
        elif not _undecorated_or_property(member):
            return None
        if member.name.value in methods or self_name(member) is None:
            return None
        methods[member.name.value] = member
    own = _members(derived)
    overridden = {m.name.value for m in own if isinstance(m, cst.FunctionDef)}
    if not abstract <= overridden - {"__init__"}:  # an abstract method left undefined: ABCMeta refuses the instance
        return None
    init = next((m for m in own if isinstance(m, cst.FunctionDef) and m.name.value == "__init__"), None)
    base_init = methods.get("__init__")
    if any(isinstance(n, cst.Name) and n.value == "super" for n in descendants(base)):
        return None
    made = Origins()
    read = super_methods.extended(module, base, derived, methods, own, made)
    if read is None:
        return None
    extended, builders, callers = read
    allowed = [c.statement for c in extended]  # where the derived class may name ``super`` and the base
    if base_init is None:  # the course's ``class Model(object)`` of builders: the derived constructor is the one run
        if not _only_super(derived, allowed, base.name.value):
            return None
        as_builder, new_init, builder, statement = None, None, "", None
    elif init is None:  # the derived class runs the base constructor itself (which calls its ``build_model()``)
        if _only_super(derived, allowed, base.name.value):
            as_builder, new_init, builder, statement = base_init, None, "", None
        else:
            return None
    else:
        found = _constructor(module, base, derived, base_init, init, made, allowed)
        if found is None:
            return None
        as_builder, new_init, builder, statement = found
    inherited: list[cst.BaseStatement] = []
    merged: list[str] = []
    for name, method in methods.items():
        if name == "__init__" and as_builder is not None:
            inherited.append(as_builder)
        elif name in builders:
            inherited.append(builders[name])
        elif name not in overridden:
            inherited.append(method)
        else:
            continue
        merged.append(name)
    docstring = own[:1] if own and is_docstring(own[0]) else []
    rest = [new_init if m is init and new_init is not None else callers.get(id(m), m) for m in own[len(docstring) :]]
    inherited = [m.with_changes(leading_lines=[]) if i == 0 and not docstring else m for i, m in enumerate(inherited)]
    for old, new in zip([methods[n] for n in merged], inherited, strict=True):
        if new is not old and not made.has(new):
            made.keep(new, old)
    block = cast(cst.IndentedBlock, derived.body)
    new_class = derived.with_changes(
        bases=[],
        lpar=cst.MaybeSentinel.DEFAULT,
        rpar=cst.MaybeSentinel.DEFAULT,
        body=block.with_changes(body=[*docstring, *inherited, *rest]),
    )
    made.keep(new_class, derived)
    made.keep(new_class.body, derived.body)
    if base_init is not None and builder:
        placed = next(m for m in inherited if isinstance(m, cst.FunctionDef) and m.name.value == builder)
        remember(_PASSED, placed, frozenset(p.name.value for p in base_init.params.params[1:]))
    resolve_made, line_of_made = unguarded_lookups(
        lambda node: resolve(made.of(node)), lambda node: line_of(made.of(node)), derived
    )
    rebuilt = [new_class if s is derived else s for s in module.body if s is not base]
    between = [cast(cst.ClassDef, s).name.value for s in body[body.index(base) + 1 : body.index(derived)]]
    hierarchy = Hierarchy(base, derived, builder, statement, merged, extended, between)
    return module.with_changes(body=rebuilt), resolve_made, line_of_made, new_class, hierarchy


def _constructor(
    module: cst.Module,
    base: cst.ClassDef,
    derived: cst.ClassDef,
    base_init: cst.FunctionDef,
    init: cst.FunctionDef,
    made: Origins,
    allowed: list[cst.SimpleStatementLine],
) -> tuple[cst.FunctionDef, cst.FunctionDef, str, cst.SimpleStatementLine] | None:
    """The base constructor as a builder without parameters, the derived constructor calling it where its
    ``super().__init__(...)`` stood, the builder's name and that statement; None when the call is not that shape."""
    if not isinstance(init.body, cst.IndentedBlock):
        return None
    owner = self_name(init) or ""
    calls = [
        (cast(cst.SimpleStatementLine, s), c)
        for s in init.body.body
        if (c := super_methods.super_call(s, base.name.value, derived.name.value, owner, "__init__"))
    ]
    if len(calls) != 1 or not _only_super(derived, [calls[0][0], *allowed], base.name.value):
        return None
    statement, call = calls[0]
    if not _passed_by_name(call, base_init, init):
        return None
    builder = f"{base.name.value}__init__"
    if any(isinstance(n, cst.Name) and n.value == builder for n in descendants(module)):
        return None
    as_builder = base_init.with_changes(
        name=cst.Name(builder), params=base_init.params.with_changes(params=[base_init.params.params[0]])
    )
    made.keep(as_builder, base_init)
    made.keep(as_builder.name, base_init.name)
    made.keep(as_builder.params, base_init)
    invoked = cst.SimpleStatementLine(
        body=[cst.Expr(cst.Call(func=cst.Attribute(value=cst.Name(owner), attr=cst.Name(builder))))],
        leading_lines=statement.leading_lines,
    )
    for node in descendants(invoked):
        made.keep(node, statement)
    new_init = init.with_changes(
        body=init.body.with_changes(body=[invoked if s is statement else s for s in init.body.body])
    )
    made.keep(new_init, init)
    made.keep(new_init.body, init.body)
    return as_builder, new_init, builder, statement


def _only_super(derived: cst.ClassDef, statements: list[cst.SimpleStatementLine], base: str) -> bool:
    """``super`` and the base's name appear in the derived class only in the ``super()`` calls read."""
    inside = {id(n) for s in statements for n in descendants(s)} | {id(derived.bases[0].value)}
    return not any(
        isinstance(n, cst.Name) and n.value in ("super", base) and id(n) not in inside for n in descendants(derived)
    )


def _passed_by_name(call: cst.Call, base_init: cst.FunctionDef, init: cst.FunctionDef) -> bool:
    """Each base constructor parameter is passed the derived constructor's parameter of the same name (``config``
    to ``config``), which neither constructor binds again: the base body reads the same value either way."""
    names = {p.name.value for p in base_init.params.params[1:]}
    if not passes_own_names(call, base_init) or rebinds(init, names):
        return False
    if not names <= {p.name.value for p in init.params.params[1:]}:
        return False
    base_locals = set(local_names(base_init))
    derived_locals = set(local_names(init)) - names
    read = {n.value for s in body_of(base_init) for n in loaded_names(s)} - base_locals
    return not (read & derived_locals)  # a global the base reads, shadowed by a local of the derived constructor


def spelled(name: str, hierarchy: Hierarchy, message: str) -> str:
    """A reason naming the merged class's ``BaseModel__init__`` or ``RNNLearn__setup_training`` as the program
    spells it: the base's method, ``BaseModel.__init__``, ``RNNLearn.setup_training``."""
    base = hierarchy.base.name.value
    if hierarchy.builder and f"method `{hierarchy.builder}`, which opens the Session, is not called" in message:
        # the program calls no such method: the base constructor runs through the derived one's ``super()`` call
        return (
            f"the Session is opened by the constructor of base class `{base}`, run by the base constructor call "
            f"in the constructor of class `{hierarchy.derived.name.value}` (a base constructor opening the Session "
            "is read where its call stands only when it binds and reads no local of the derived constructor but "
            "the parameters the call passes, and holds no `return`, `yield`, `global` or `nonlocal`)"
        )
    renamed = {c.builder: c.method for c in hierarchy.extended}
    if hierarchy.builder:
        renamed[hierarchy.builder] = "__init__"
    for builder, method in renamed.items():
        message = re.sub(rf"\b{re.escape(builder)}\b", f"{base}.{method}", message)
    return message


def resugar(module: cst.Module, name: str, hierarchy: Hierarchy, line: int) -> cst.Module:
    """The merged class's rewrite put back in the base class and the derived class (``name``, the one it is read
    as)."""
    refused = Blocked(
        f"the rewrite of class `{hierarchy.derived.name.value}` could not be put back into its base class "
        f"`{hierarchy.base.name.value}`",
        line,
    )
    merged_class = rewritten_class(module, hierarchy.derived.name.value, refused)
    members = list(cast(cst.IndentedBlock, merged_class.body).body)
    docstring = members[:1] if members and is_docstring(members[0]) else []
    count = len(hierarchy.merged)
    inherited, own = members[len(docstring) : len(docstring) + count], members[len(docstring) + count :]
    names = [m.name.value if isinstance(m, cst.FunctionDef) else "" for m in inherited]
    renamed = {c.method: c.builder for c in hierarchy.extended} | {"__init__": hierarchy.builder or "__init__"}
    expected = [renamed.get(n, n) for n in hierarchy.merged]
    if names != expected:
        raise refused
    rewritten = dict(zip(hierarchy.merged, inherited, strict=True))
    base_members: list[cst.BaseStatement] = []
    for member in _members(hierarchy.base):
        member_name = member.name.value if isinstance(member, cst.FunctionDef) else None
        if member_name is None or member_name not in rewritten:
            base_members.append(member)
            continue
        new = cast(cst.FunctionDef, rewritten[member_name])
        if member_name == "__init__" and hierarchy.builder:  # a builder in the merged class: its parameters back
            new = cast(cst.FunctionDef, member).with_changes(body=new.body)
        elif member_name in {
            c.method for c in hierarchy.extended
        }:  # a ``super()`` call's builder: the method as written, the body rewritten
            new = super_methods.base_method_back(cast(cst.FunctionDef, member), new, refused)
        base_members.append(new.with_changes(leading_lines=cast(cst.FunctionDef, member).leading_lines))
    base = hierarchy.base.with_changes(
        body=cast(cst.IndentedBlock, hierarchy.base.body).with_changes(body=base_members)
    )
    if hierarchy.builder:
        own = _super_back(own, hierarchy, refused)
    own = super_methods.super_calls_back(own, hierarchy.extended, refused)
    if own and not docstring:
        first = cast(cst.FunctionDef, _members(hierarchy.derived)[0])
        own[0] = own[0].with_changes(leading_lines=first.leading_lines)
    derived = merged_class.with_changes(
        bases=hierarchy.derived.bases,
        lpar=hierarchy.derived.lpar,
        rpar=hierarchy.derived.rpar,
        body=merged_class.body.with_changes(body=[*docstring, *own]),
    )
    body: list[cst.BaseStatement] = []
    pending: cst.ClassDef | None = base
    for statement in module.body:  # the base back before what stood between it and the derived class
        named = statement.name.value if isinstance(statement, (cst.ClassDef, cst.FunctionDef)) else None
        if pending is not None and (statement is merged_class or named in hierarchy.between):
            body.append(pending)
            pending = None
        if statement is merged_class:
            body.append(derived.with_changes(leading_lines=hierarchy.derived.leading_lines))
        else:
            body.append(statement)
    return module.with_changes(body=body)


def _super_back(own: list, hierarchy: Hierarchy, refused: Blocked) -> list:
    """The derived constructor's ``self.BaseModel__init__()`` back as the ``super().__init__(...)`` it stood for."""
    init = next((m for m in own if isinstance(m, cst.FunctionDef) and m.name.value == "__init__"), None)
    call = hierarchy.call
    if init is None or call is None or not isinstance(init.body, cst.IndentedBlock):
        raise refused
    placed = super_methods.placed_calls(list(init.body.body), hierarchy.builder, "")
    passed = {n.value for n in loaded_names(call)} - {"super", hierarchy.derived.name.value, hierarchy.base.name.value}
    params = {p.name.value for p in init.params.params}
    if len(placed) != 1 or not passed <= params:  # a parameter the super call passes was dropped by the rewrite
        raise refused
    init_body = [
        call.with_changes(leading_lines=placed[0].leading_lines) if s is placed[0] else s for s in init.body.body
    ]
    return [init.with_changes(body=init.body.with_changes(body=init_body)) if m is init else m for m in own]
