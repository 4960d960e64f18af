"""A graph class whose one training method opens its own Session: ``def train(self): saver = tf.train.Saver();
with tf.Session() as sess: sess.run(init); ... sess.run(self.optimizer, {self.x: x})``, the class built once and the
method called once by a statement, ``model = Model(); model.train()`` (kvfrans' VAE, the course trainers).

The method runs once, where it is called, after the constructor built the graph: its body is the program there (as
a ``main()`` body is), ``self`` spelled as the instance, each parameter bound to what the call passes. The class proof
(classes.py) reads it so, the constructor's ``self.`` attributes its inputs; the rewrite is put back in the method
(``resugar``), the call where the body stood. Only a plain method (no decorator, ``return``, ``yield``, ``global``,
nested class or lambda, ``*args``; a plain nested ``def`` stands at the call too: method_closures.py) that reads
``self`` only through attributes, the one method of the class opening a Session, named by that one call (a name that
cannot reach it aside: other_owners.py); its locals named nowhere else in the block the call stands in (nor in the
module, at module level), its free names bound nowhere in that block. The rewrite is not put back (the program keeps
the graph tier) when it binds in the body a name read outside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import libcst as cst

from tfmigrate.transforms._checkpoint import SESSIONS
from tfmigrate.transforms.session import fit_constructors, host_state, method_closures, none_branches, other_owners
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants, loaded_names
from tfmigrate.transforms.session.class_sugar import (
    attribute_of,
    body_of,
    rewritten_class,
    self_name,
    sentinel,
    sentinel_name,
)
from tfmigrate.transforms.session.functions import bound_names, local_names, module_references, references_to
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.method_calls import blocks, lookups, member_before, put_back, replaced_block
from tfmigrate.transforms.session.run_calls import run_receiver

CALLED, RETURNED = "__tfmigrate_session_method_called__", "__tfmigrate_session_method_returned__"


@dataclass
class Inlined:
    method: cst.FunctionDef  # as written
    before: str | None  # the member it followed in the class
    call: cst.BaseStatement  # the statement calling it
    instance: str
    bindings: list[str]  # the parameters' bindings put before the body, as code
    setter: Setter | None = None
    renames: dict[str, str] = field(default_factory=dict)  # a local named where it is called -> its name at the call
    returned: str | None = None  # ``return losses``, the method's last statement
    target: str | None = None  # ``losses`` of ``losses = model.train()``


@dataclass
class Setter:
    """``def set_session(self, session): self.session = session``, called as ``ann.set_session(session)`` right
    before the method, ``session = tf.InteractiveSession()`` before that: the method's ``self.session`` is that
    Session, spelled by its name in the body read at the call."""

    method: cst.FunctionDef
    before: str | None
    call: cst.BaseStatement
    attr: str
    session: str = ""


def _setter(members: list[cst.FunctionDef]) -> tuple[Setter, cst.FunctionDef] | Refusal | None:
    """A host setter ``def set_session(self, session): self.session = session`` whose attribute no other method
    binds, and the one other method reading the attribute (a Refusal naming a second one)."""
    for member in members:
        params = member.params.params
        body = body_of(member)
        small = body[0].body[0] if len(body) == 1 and isinstance(body[0], cst.SimpleStatementLine) else None
        if (
            len(params) == 2
            and not member.name.value.startswith("__")
            and not member.decorators
            and params[1].default is None
            and isinstance(small, cst.Assign)
            and len(small.targets) == 1
            and attribute_of(small.targets[0].target, params[0].name.value)
            and isinstance(small.value, cst.Name)
            and small.value.value == params[1].name.value
        ):
            attr = cast(cst.Attribute, small.targets[0].target).attr.value
            readers = [
                m
                for m in members
                if m is not member
                and any(
                    isinstance(n, cst.Attribute) and n.attr.value == attr and isinstance(n.value, cst.Name)
                    for n in descendants(m)
                )
            ]
            if len(readers) > 1:
                return Refusal(
                    f"the Session that setter `{member.name.value}` stores (`self.{attr}`) is run by more than one "
                    f"method (`{readers[0].name.value}`, `{readers[1].name.value}`): a graph one method builds and "
                    "another runs later is not modelled",
                    readers[1],
                )
            if len(readers) == 1 and readers[0].params.params:
                reader = readers[0]
                owner = reader.params.params[0].name.value
                reads = [n for n in descendants(reader) if attribute_of(n, owner) and n.attr.value == attr]
                runs = {  # ``self.session.run(...)``: the attribute is a Session
                    id(receiver) for c in descendants(reader) if (receiver := run_receiver(c)) is not None
                }
                if reads and all(id(n) in runs for n in reads):
                    return Setter(member, None, cst.SimpleStatementLine([cst.Pass()]), attr), reader
    return None


@dataclass
class Refusal:
    """The one condition of the shape that fails, and the node it fails at (as called_functions.py names a
    function's), so that the class proof's reason names it rather than listing every condition."""

    reason: str
    node: cst.CSTNode
    other: cst.FunctionDef | None = None  # the class's other Session method, read at its own call (a pair)


def _session_method(
    definition: cst.ClassDef, resolve: Resolve, deferred: frozenset[str] = frozenset()
) -> tuple[cst.FunctionDef, Setter | None] | Refusal:
    """The one method of the class that opens a Session (or runs the one a host setter stored), if it is a plain
    method of positional parameters; ``deferred``: Session methods read at their own calls after this one
    (session_method_pairs.py)."""
    members = [
        m
        for m in cast(cst.IndentedBlock, definition.body).body
        if isinstance(m, cst.FunctionDef) and m.name.value not in deferred
    ]
    opens = {
        id(m): [n for n in descendants(m) if isinstance(n, cst.Call) and resolve(n.func) in SESSIONS] for m in members
    }
    opening = [m for m in members if opens[id(m)]]
    setter = None
    if not opening and (found := _setter(members)) is not None:
        if isinstance(found, Refusal):
            return found
        setter, reader = found
        opening = [reader]
    if not opening:
        return Refusal("the class opens no Session in a method", definition)
    if len(opening) > 1:
        second = opening[1]
        return Refusal(
            f"the class opens a Session in more than one method (`{opening[0].name.value}`, `{second.name.value}`)",
            opens[id(second)][0],
        )
    method = opening[0]
    name = method.name.value
    params = method.params
    if name == "__init__":
        return Refusal("the constructor opens a Session other than as its attribute `self.sess = tf.Session()`", method)
    if name.startswith("__"):
        return Refusal(f"the Session is opened in special method `{name}`", method)
    if method.decorators:
        return Refusal(f"method `{name}`, which opens the Session, is decorated", method.decorators[0])
    if method.asynchronous is not None or not isinstance(method.body, cst.IndentedBlock):
        return Refusal(f"method `{name}`, which opens the Session, is async or a one-line body", method)
    if (
        not params.params
        or params.kwonly_params
        or params.posonly_params
        or params.star_kwarg is not None
        or params.star_arg not in (None, cst.MaybeSentinel.DEFAULT)
    ):
        return Refusal(
            f"method `{name}`, which opens the Session, takes other than plain positional parameters", method
        )
    last = _returned(method)
    nested = method_closures.own_returns(method)
    for node in descendants(method.body):
        if isinstance(node, cst.Return) and node is not last and node not in nested:
            return Refusal(
                f"method `{name}`, which opens the Session, returns other than by one `return <name>` as its last "
                "statement (its body is read at its call)",
                node,
            )
        if isinstance(node, (cst.Yield, cst.Await, cst.Global, cst.Nonlocal)):
            word = type(node).__name__.lower()
            return Refusal(
                f"method `{name}`, which opens the Session, uses `{word}` (its body is read at its call)", node
            )
        if isinstance(node, (cst.ClassDef, cst.Lambda)) or (
            isinstance(node, cst.FunctionDef) and not method_closures.plain(node)
        ):
            kind = "lambda" if isinstance(node, cst.Lambda) else f"`{node.name.value}`"
            return Refusal(f"method `{name}`, which opens the Session, holds a nested scope ({kind})", node)
    owner = params.params[0].name.value
    held = {id(a.value) for a in descendants(method.body) if isinstance(a, cst.Attribute)}
    bare = next(
        (n for n in descendants(method.body) if isinstance(n, cst.Name) and n.value == owner and id(n) not in held),
        None,
    )
    if bare is not None:
        return Refusal(f"method `{name}`, which opens the Session, reads `{owner}` bare (passed or stored)", bare)
    return method, setter


def _returned(method: cst.FunctionDef) -> cst.Return | None:
    """``return losses`` (or a bare ``return``), the method's last statement; else None."""
    body = body_of(method)
    last = body[-1].body[0] if body and isinstance(body[-1], cst.SimpleStatementLine) else None
    if isinstance(last, cst.Return) and (last.value is None or isinstance(last.value, cst.Name)):
        return last
    return None


def _target(statement: cst.BaseStatement) -> str | None:
    """``losses`` of ``losses = model.train()``."""
    small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) else None
    if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
        return small.targets[0].target.value
    return None


def _call_of(statement: cst.BaseStatement, method: str) -> cst.Call | None:
    small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
    if (
        isinstance(small, (cst.Expr, cst.Assign))
        and (not isinstance(small, cst.Assign) or _target(statement) is not None)
        and isinstance(call := small.value, cst.Call)
        and isinstance(call.func, cst.Attribute)
        and isinstance(call.func.value, cst.Name)
        and call.func.attr.value == method
    ):
        return call
    return None


def _bindings(method: cst.FunctionDef, call: cst.Call) -> list[tuple[str, cst.BaseExpression]] | None:
    """Each parameter after ``self`` and what the call passes it (its default when not passed); None when the call
    passes something else (``*args``, an unknown keyword, a parameter twice)."""
    names = [p.name.value for p in method.params.params[1:]]
    given: dict[str, cst.BaseExpression] = {}
    for index, arg in enumerate(call.args):
        if arg.star:
            return None
        key = arg.keyword.value if arg.keyword is not None else (names[index] if index < len(names) else None)
        if key is None or key not in names or key in given:
            return None
        given[key] = arg.value
    found = []
    for param in method.params.params[1:]:
        value = given.get(param.name.value, param.default)
        if value is None:
            return None
        found.append((param.name.value, value))
    return found


def _set_call(
    statements: list[cst.BaseStatement], index: int, instance: str, setter: Setter, resolve: Resolve
) -> Setter | None:
    """The setter with its call ``ann.set_session(session)`` right before the method's, passed a name bound once in
    the block, before it, to a new Session; else None."""
    if index < 1:
        return None
    call = _call_of(statements[index - 1], setter.method.name.value)
    if (
        call is None
        or not (isinstance(call.func, cst.Attribute) and attribute_of(call.func, instance))
        or len(call.args) != 1
        or call.args[0].keyword is not None
        or call.args[0].star
        or not isinstance(call.args[0].value, cst.Name)
    ):
        return None
    session = call.args[0].value.value
    opened = [
        s
        for s in statements[: index - 1]
        if (small := s.body[0] if isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1 else None) is not None
        and isinstance(small, cst.Assign)
        and len(small.targets) == 1
        and isinstance(small.targets[0].target, cst.Name)
        and small.targets[0].target.value == session
        and isinstance(small.value, cst.Call)
        and resolve(small.value.func) in SESSIONS
    ]
    binds = [s for s in statements if session in bound_names([s])]
    if len(opened) != 1 or binds != opened:
        return None
    setter.call, setter.session = statements[index - 1], session
    return setter


@dataclass
class _Site:
    """Where the method is read: its one call statement in ``statements`` (from ``start``, its setter's call), the
    instance, the parameters' bindings (``passed``: those the call passes a name of their own spelling), the
    method's locals and the block it stands in (``holder``: the module, else None)."""

    method: cst.FunctionDef
    setter: Setter | None
    statements: list[cst.BaseStatement]
    index: int
    start: int
    call: cst.Call
    instance: str
    bindings: list[tuple[str, cst.BaseExpression]]
    passed: set[str]
    holder: cst.Module | None
    renames: dict[str, str]


def _read(
    module: cst.Module, resolve: Resolve, definition: cst.ClassDef, deferred: frozenset[str] = frozenset()
) -> _Site | Refusal:
    """The shape, read once: the site the desugaring rewrites, or the one condition that fails."""
    found = _session_method(definition, resolve, deferred)
    if isinstance(found, Refusal):
        return found
    method, setter = found
    name, owner, cls = method.name.value, method.params.params[0].name.value, definition.name.value
    library = {id(a.attr) for a in descendants(module) if isinstance(a, cst.Attribute) and resolve(a)}
    defined = {  # ``def train(self)`` of another class (a copy of this one, instance_copies.py) names no call
        id(m.name)
        for c in module.body
        if isinstance(c, cst.ClassDef) and c is not definition and isinstance(c.body, cst.IndentedBlock)
        for m in c.body.body
        if isinstance(m, cst.FunctionDef)
    }
    named = [
        n
        for n in descendants(module)
        if isinstance(n, cst.Name) and n.value == name and id(n) not in library and id(n) not in defined
    ]
    sites = [
        (index, statements, call)
        for statements in blocks(module)
        for index, statement in enumerate(statements)
        if (call := _call_of(statement, name)) is not None
    ]
    foreign = other_owners.unreachable(
        module, resolve, definition, [cast(cst.Attribute, c.func).attr for *_, c in sites]
    )
    sites = [s for s in sites if cast(cst.Attribute, s[2].func).attr not in foreign]  # ``b.run()`` of `B`'s ``b``
    built = [
        n
        for n in descendants(module)
        if isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value == cls
    ]
    inlined = any(isinstance(n, cst.Name) and n.value == CALLED for n in descendants(module))
    if not sites and inlined and built:  # one instance's call read already: this is another instance
        return Refusal(
            f"class `{cls}` is constructed more than once, and method `{name}`, which opens the Session, is read at "
            "the call of one instance only",
            built[0],
        )
    if not sites:
        return Refusal(
            f"method `{name}`, which opens the Session, is not called by a statement `instance.{name}(...)` of the "
            "module program, of a module-level function or of an `if` block",
            method,
        )
    if len(sites) > 1:
        return Refusal(f"method `{name}`, which opens the Session, is called by more than one statement", sites[1][2])
    index, statements, call = sites[0]
    inside = {id(n) for n in descendants(call.func)}
    other = [n for n in named if n is not method.name and id(n) not in inside]
    other = [n for n in other if n not in other_owners.unreachable(module, resolve, definition, other)]
    if other:
        return Refusal(
            f"method `{name}`, which opens the Session, is named other than by its `def` and its one call", other[0]
        )
    instance = cast(cst.Name, cast(cst.Attribute, call.func).value).value
    constructions = [
        s
        for s in statements[:index]
        if isinstance(s, cst.SimpleStatementLine)
        and len(s.body) == 1
        and isinstance(a := s.body[0], cst.Assign)
        and len(a.targets) == 1
        and isinstance(a.targets[0].target, cst.Name)
        and a.targets[0].target.value == instance
        and isinstance(a.value, cst.Call)
        and isinstance(a.value.func, cst.Name)
        and a.value.func.value == cls
    ]
    if not constructions:
        others = [
            n
            for n in descendants(module)
            if isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value == cls
        ]
        bound = [
            n
            for n in descendants(module)
            if isinstance(n, cst.Assign)
            and len(n.targets) == 1
            and isinstance(n.targets[0].target, cst.Name)
            and n.targets[0].target.value == instance
            and any(n.value is c for c in others)
        ]
        if len(others) == 1 and len(bound) == 1:  # ``net = Net()`` around an ``if train: net.fit(...)``
            return Refusal(
                f"method `{name}`, which opens the Session, is called in a block nested in the one holding the one "
                f"binding `{instance} = {cls}(...)` (the construction and the call are read in one block only)",
                call,
            )
        if others:  # the method runs on another instance: the class is constructed more than once
            return Refusal(
                f"method `{name}`, which opens the Session, runs on `{instance}` only, and the class is constructed "
                "again (a Session per instance is not modelled)",
                others[0],
            )
    if len(constructions) != 1:
        return Refusal(
            f"`{instance}`, whose method `{name}` opens the Session, is bound other than once by `{instance} = "
            f"{cls}(...)` before the call, in the block of the call",
            call,
        )
    bindings = _bindings(method, call)
    if bindings is None:
        return Refusal(
            f"the call of method `{name}` passes other than its parameters (a `*args`, an unknown keyword, a "
            "parameter twice or a parameter without default left out)",
            call,
        )
    last = _returned(method)
    if _target(statements[index]) is not None and (last is None or last.value is None):
        return Refusal(f"the call binds what method `{name}` returns, and the method returns no name", call)
    if last is not None and not body_of(method)[:-1]:
        return Refusal(f"method `{name}` holds only its `return`", method)
    start = index
    if setter is not None:  # ``session = tf.InteractiveSession(); ann.set_session(session)`` right before the call
        setter_name = setter.method.name.value
        setter = _set_call(statements, index, instance, setter, resolve)
        if setter is None:
            return Refusal(
                f"method `{name}` runs the Session its setter `{setter_name}` stores, and the setter is called other "
                f"than right before `{instance}.{name}(...)`, passed a name bound once to a new Session",
                call,
            )
        start = index - 1
    own = set(local_names(method)) - {owner}
    rebound = bound_names(body_of(method))
    passed = {p for p, v in bindings if isinstance(v, cst.Name) and v.value == p and p not in rebound}
    later = _later_reader(module, definition, method, instance)
    if later is not None:
        return later
    if (
        store := _attribute_store(method, host_state.state_attributes(module, resolve, definition, method))
    ) is not None:
        return store
    if instance in own or (spelled := references_to(method, {instance})):
        at = spelled[0] if instance not in own else local_names(method)[instance]
        return Refusal(f"method `{name}` names `{instance}`, the instance it is called on", at)
    for _, value in bindings:
        if instance in {n.value for n in loaded_names(value)}:
            return Refusal(f"the call of method `{name}` passes the instance `{instance}`", value)
    holder = module if statements == list(module.body) else None
    if holder is None:  # the call in a function or an ``if`` block: the method's names against that block's
        scope = cst.Module(body=cast(list[cst.SimpleStatementLine], statements))
        outside_locals = bound_names(statements)
    else:
        scope = module.with_changes(body=[s for s in module.body if s is not definition])
        outside_locals = set()
    shared = references_to(scope, own - passed)
    parameters = {p.name.value for p in method.params.params}
    target = _target(statements[index])
    shared = [n for n in shared if n.value != target or n.value not in parameters or _reads(bindings, target)]
    taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    renames: dict[str, str] = {}
    returned = last.value.value if last is not None and isinstance(last.value, cst.Name) else None
    kept = {target} if target is not None and target == returned and not _reads(bindings, target) else set()
    # ``_`` of ``_, l = sess.run(...)``; a parameter too (``X`` of a second method, bound from its call's value)
    for local in sorted({n.value for n in shared} - kept):
        fresh = f"{local}__{name}_local"
        while fresh in taken:
            fresh += "_"
        renames[local] = fresh
        taken.add(fresh)
    free = {n.value for n in loaded_names(method.body)} - own - {owner}
    if free & outside_locals:
        global_name = sorted(free & outside_locals)[0]
        return Refusal(
            f"method `{name}` reads the global `{global_name}`, which the function calling it binds as a local",
            call,
        )
    if setter is not None and (setter.session in own or setter.session in free):
        return Refusal(f"method `{name}` names `{setter.session}`, the Session its setter stores", method)
    return _Site(method, setter, statements, index, start, call, instance, bindings, passed, holder, renames)


def refusal(module: cst.Module, resolve: Resolve, definition: cst.ClassDef) -> Refusal | None:
    """Why the class's Session, opened in a method, is not read at the method's call; None when it is."""
    if not isinstance(definition.body, cst.IndentedBlock) or definition not in module.body:
        return Refusal("the class is not defined at module level", definition)
    found = _read(module, resolve, definition)
    opening = openers(definition, resolve)
    if len(opening) == 2:  # read as a pair (session_method_pairs.py): the condition either reading fails names
        first, second = (_read(module, resolve, definition, frozenset({name})) for name in reversed(opening))
        methods = {m.name.value: m for m in definition.body.body if isinstance(m, cst.FunctionDef)}
        for read, other in ((first, opening[1]), (second, opening[0])):
            if isinstance(read, Refusal):
                found = Refusal(read.reason, read.node, methods[other])
                break
    return _course(module, resolve, definition, found) if isinstance(found, Refusal) else None


def openers(definition: cst.ClassDef, resolve: Resolve) -> list[str]:
    """The methods of the class that open a Session, in the class's order."""
    members = [m for m in cast(cst.IndentedBlock, definition.body).body if isinstance(m, cst.FunctionDef)]
    return [
        m.name.value
        for m in members
        if any(isinstance(n, cst.Call) and resolve(n.func) in SESSIONS for n in descendants(m))
    ]


def _course(module: cst.Module, resolve: Resolve, definition: cst.ClassDef, found: Refusal) -> Refusal:
    """The course ``fit`` keeping its graph on the instance is read as the constructor's (fit_constructors.py):
    where that reading is refused, its condition is the one to name; else ``found``."""
    course = fit_constructors.refusal(module, resolve, definition) if definition in module.body else None
    return Refusal(*course) if course is not None else found


def _reads(bindings: list[tuple[str, cst.BaseExpression]], name: str) -> bool:
    """A parameter's value at the call reads ``name``: bound first, a parameter of that name would change it."""
    return any(name in {n.value for n in loaded_names(value)} for _, value in bindings)


def desugar(
    module: cst.Module,
    resolve: Resolve,
    line_of: LineOf,
    definition: cst.ClassDef,
    deferred: frozenset[str] = frozenset(),
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, Inlined] | None:
    """The module with the method's one call replaced by its body (``self`` spelled as the instance, the parameters
    bound first) and the method taken out of the class; None when the shape is not this one."""
    if not isinstance(definition.body, cst.IndentedBlock) or definition not in module.body:
        return None
    site = _read(module, resolve, definition, deferred)
    if isinstance(site, Refusal):
        return None
    method, setter, statements, index, start = site.method, site.setter, site.statements, site.index, site.start
    call, instance, bindings, passed = site.call, site.instance, site.bindings, site.passed
    owner = method.params.params[0].name.value
    body = body_of(method)
    last = _returned(method)
    returned = last.value.value if last is not None and isinstance(last.value, cst.Name) else None
    target = _target(statements[index])
    body = body[:-1] if last is not None else body
    renames = site.renames
    made = [
        cst.parse_statement(f"{renames.get(p, p)} = {cst.Module([]).code_for_node(v)}")
        for p, v in bindings
        if p not in passed
    ]
    origins = Origins()
    for statement in made:
        for node in descendants(statement):
            origins.keep(node, call)
        origins.keep(statement, statements[index])
    spelled = {id(n): n for n in descendants(method.body) if isinstance(n, cst.Name) and n.value == owner}
    locals_ = {id(n) for n in references_to(method.body, set(renames))}

    class Spell(cst.CSTTransformer):
        def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
            if setter is not None and attribute_of(original_node, owner) and original_node.attr.value == setter.attr:
                session = cst.Name(setter.session)
                origins.keep(session, original_node)
                return session
            return updated_node

        def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
            if id(original_node) in spelled or id(original_node) in locals_:
                value = instance if id(original_node) in spelled else renames[original_node.value]
                renamed = updated_node.with_changes(value=value)
                origins.keep(renamed, original_node)
                return renamed
            return updated_node

        def on_leave(self, original_node, updated_node):
            updated = super().on_leave(original_node, updated_node)
            if updated is not original_node and isinstance(updated, cst.CSTNode):
                origins.keep(updated, original_node, first=True)
            return updated

    inner = [cast(cst.BaseStatement, s.visit(Spell())) for s in body]
    nones = {
        renames.get(p, p) for p, v in bindings if p not in passed and isinstance(v, cst.Name) and v.value == "None"
    }
    inner = none_branches.taken_branches(inner, nones) if nones else inner
    inner[0] = inner[0].with_changes(leading_lines=[])
    origins.keep(inner[0], body[0], first=True)
    kept_value = []  # ``losses = losses``: the call's target bound to what the method returned
    if target is not None and returned is not None and target != renames.get(returned, returned):
        kept_value = [cst.parse_statement(f"{target} = {renames.get(returned, returned)}")]
        for node in descendants(kept_value[0]):
            origins.keep(node, statements[index])
        origins.keep(kept_value[0], statements[index])
    region = [sentinel(CALLED), *made, *inner, *kept_value, sentinel(RETURNED)]
    replaced = [*statements[:start], *region, *statements[index + 1 :]]
    members = list(definition.body.body)
    before = member_before(members, method)
    if setter is not None:
        setter.before = member_before(members, setter.method)
    kept = [m for m in members if m is not method and (setter is None or m is not setter.method)]
    kept = kept or [cst.SimpleStatementLine([cst.Pass()])]
    new_class = definition.with_changes(body=definition.body.with_changes(body=kept))
    origins.keep(new_class, definition)
    new_module = replaced_block(module, definition, new_class, statements, replaced, origins)
    resolve_new, line_of_new = lookups(resolve, line_of, origins, line_of(statements[index]))

    code = [cst.Module([]).code_for_node(s) for s in made]
    inlined = Inlined(method, before, statements[index], instance, code, setter, renames, returned, target)
    return new_module, resolve_new, line_of_new, new_class, inlined


def resugar(module: cst.Module, name: str, inlined: Inlined, line: int, last: bool = False) -> cst.Module:
    """The rewritten body back in the method (the instance spelled ``self`` again), the call where it stood."""
    method = inlined.method.name.value
    refused = Blocked(f"class `{name}`: the body of its method `{method}`, read where it is called, put back", line)
    definition = rewritten_class(module, name, refused)
    owner = inlined.method.params.params[0].name.value
    for statements in blocks(module):
        names = [sentinel_name(s) for s in statements]
        if CALLED in names:
            break
    else:
        raise refused
    if RETURNED not in names:
        raise refused
    if last:  # the later of two methods read at their calls (session_method_pairs.py)
        start, end = len(names) - 1 - names[::-1].index(CALLED), len(names) - 1 - names[::-1].index(RETURNED)
    else:
        start, end = names.index(CALLED), names.index(RETURNED)
    inner = statements[start + 1 : end]
    count = len(inlined.bindings)
    if [cst.Module([]).code_for_node(s) for s in inner[:count]] != inlined.bindings:
        raise refused
    inner = inner[count:]
    value = inlined.renames.get(inlined.returned or "", inlined.returned)
    if inlined.target is not None and inlined.returned is not None and inlined.target != value:  # ``losses = losses``
        if not inner or cst.Module([]).code_for_node(inner[-1]).strip() != f"{inlined.target} = {value}":
            raise refused
        inner = inner[:-1]
    rest = [*statements[:start], *statements[end + 1 :]]
    outside = cst.Module(body=cast(list[cst.SimpleStatementLine], rest))  # the block's other statements
    bound_target = inlined.target if inlined.target is not None and inlined.target == value else None
    leaked = sorted(n for n in bound_names(inner) if n != bound_target and module_references(outside, n))
    if leaked or owner in bound_names(inner):
        raise Blocked(
            f"`{(leaked or [owner])[0]}`, which the rewrite binds in method `{method}`, is named outside it", line
        )

    setter = inlined.setter
    back = {fresh: local for local, fresh in inlined.renames.items()}
    if any(local in bound_names(inner) for local in inlined.renames):
        raise refused  # the rewrite bound a local under the name the rename kept it from

    class Spell(cst.CSTTransformer):
        def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
            if setter is not None and updated_node.value == setter.session:  # the stored Session, if still read
                return cst.Attribute(value=cst.Name(owner), attr=cst.Name(setter.attr))
            if updated_node.value in back:  # the local's own name again, in the method's scope
                return updated_node.with_changes(value=back[updated_node.value])
            return updated_node.with_changes(value=owner) if updated_node.value == inlined.instance else updated_node

    body = [cast(cst.BaseStatement, s.visit(Spell())) for s in inner] or [cst.SimpleStatementLine([cst.Pass()])]
    original = cast(cst.IndentedBlock, inlined.method.body)
    gone = bound_target is not None and value not in bound_names(inner) and not _read_in(outside, bound_target)
    if _returned(inlined.method) is not None and not gone:  # the method's ``return losses`` as written
        if inlined.returned is not None and inlined.returned not in bound_names(body):
            raise refused
        body.append(original.body[-1])
    body[0] = body[0].with_changes(leading_lines=getattr(original.body[0], "leading_lines", ()))
    restored = inlined.method.with_changes(body=original.with_changes(body=body))
    members = list(cast(cst.IndentedBlock, definition.body).body)
    members = [m for m in members if not (isinstance(m, cst.SimpleStatementLine) and isinstance(m.body[0], cst.Pass))]
    puts = [(restored, inlined.before)]
    if setter is not None:  # the setter back too, the one defined first first
        first = setter.method.name.value == inlined.before
        puts = [(setter.method, setter.before), *puts] if first else [*puts, (setter.method, setter.before)]
    put_back(members, puts)
    new_class = definition.with_changes(body=definition.body.with_changes(body=members))
    calls = [_unbound(inlined.call) if gone else inlined.call]
    if setter is not None and setter.session in bound_names(rest):  # the rewrite kept the Session: stored again
        calls = [setter.call, *calls]
    replaced = [*statements[:start], *calls, *statements[end + 1 :]]
    return replaced_block(module, definition, new_class, statements, replaced)


def _read_in(block: cst.Module, name: str) -> bool:
    """``name`` read in ``block`` (bound there by a plain assignment is no read)."""
    stores = {id(t.target) for n in descendants(block) if isinstance(n, cst.Assign) for t in n.targets}
    return any(isinstance(n, cst.Name) and n.value == name and id(n) not in stores for n in descendants(block))


def _unbound(statement: cst.BaseStatement) -> cst.BaseStatement:
    """``gan.restore_last_session()`` of ``sess = gan.restore_last_session()`` whose Session the rewrite took out
    (the method returns it no more, nothing reads the name)."""
    small = cast(cst.SimpleStatementLine, statement).body[0]
    return cast(cst.SimpleStatementLine, statement).with_changes(body=[cst.Expr(cast(cst.Assign, small).value)])


def setter_refusal(definition: cst.ClassDef, resolve: Resolve, module: cst.Module) -> Refusal | None:
    """Why a class running the Session a host setter stores is not read at its method's call, where the class
    opens no Session itself (the class proof would name the setter, which is host code); else None."""
    if not isinstance(definition.body, cst.IndentedBlock):
        return None
    members = [m for m in definition.body.body if isinstance(m, cst.FunctionDef)]
    if any(isinstance(n, cst.Call) and resolve(n.func) in SESSIONS for m in members for n in descendants(m)):
        return None
    found = _setter(members)
    if found is None or isinstance(found, Refusal):
        return found if found is None else _course(module, resolve, definition, found)
    read = _read(module, resolve, definition) if definition in module.body else None  # the setter's method's shape
    return _course(module, resolve, definition, read) if isinstance(read, Refusal) else None


def _later_reader(
    module: cst.Module, definition: cst.ClassDef, method: cst.FunctionDef, instance: str
) -> Refusal | None:
    """A method the module calls on the instance (``ann.score(X, Y)``, and what it calls through ``self``) that
    reads an attribute the Session method stores (``self.predict_op``, ``self.session``): the graph the method
    builds is run again after it, which the body read at its call does not model."""
    members = {m.name.value: m for m in cast(cst.IndentedBlock, definition.body).body if isinstance(m, cst.FunctionDef)}
    owner = method.params.params[0].name.value
    stored = {
        t.target.attr.value
        for n in descendants(method.body)
        if isinstance(n, cst.Assign)
        for t in n.targets
        if isinstance(t.target, cst.Attribute) and attribute_of(t.target, owner)
    }
    inside = {id(n) for n in descendants(definition)}
    pending = [
        (n.attr.value, n.attr.value)
        for n in descendants(module)
        if id(n) not in inside
        and attribute_of(n, instance)
        and isinstance(n, cst.Attribute)
        and n.attr.value in members
        and members[n.attr.value] is not method
    ]
    seen: set[str] = set()
    while pending:
        name, called = pending.pop(0)  # the method, and the one the module calls that reaches it
        if name in seen:
            continue
        seen.add(name)
        member = members[name]
        member_owner = self_name(member)
        for node in descendants(member.body):
            if not (isinstance(node, cst.Attribute) and attribute_of(node, member_owner)):
                continue
            if node.attr.value in stored:
                return Refusal(
                    f"method `{name}` (run by `{instance}.{called}(...)`, which the module calls besides "
                    f"`{instance}.{method.name.value}(...)`) reads `self.{node.attr.value}` that method "
                    f"`{method.name.value}` stores: a graph one method builds and another runs later is not modelled",
                    node,
                )
            if node.attr.value in members and members[node.attr.value] is not method:
                pending.append((node.attr.value, called))
    return None


def _attribute_store(method: cst.FunctionDef, state: set[str]) -> Refusal | None:
    """``self.W = tf.Variable(...)`` in the method (the course ``fit()``: weights, placeholder and ``predict_op``
    kept on the instance): read at the call it is ``ann.W = ...``, the instance changed outside its constructor,
    which the class proof (reading the constructor's attributes as the instance's) does not model. Said here, at the
    store, rather than as the instance bound again. Host state (``self.eps *= decay``, host_state.py) is stored."""
    owner = method.params.params[0].name.value
    for node in descendants(method.body):
        targets = (
            [t.target for t in node.targets]
            if isinstance(node, cst.Assign)
            else [node.target]
            if isinstance(node, (cst.AugAssign, cst.AnnAssign))
            else []
        )
        for target in targets:
            if (element := _stored_attribute(target, owner)) is not None and element.attr.value not in state:
                return Refusal(
                    f"method `{method.name.value}`, which runs the Session (its body read at its call), stores "
                    f"`{owner}.{element.attr.value}` on the instance: an attribute bound outside the constructor "
                    "is not modelled (the class proof reads the constructor's attributes as the instance's)",
                    node,
                )
    return None


def _stored_attribute(target: cst.BaseExpression, owner: str) -> cst.Attribute | None:
    """``self.W`` of a store into ``self.W``, ``self.W[i]`` or ``a, self.W``; not of ``feed[self.x]`` (the key is
    read)."""
    if isinstance(target, (cst.Tuple, cst.List)):
        return next((a for e in target.elements if (a := _stored_attribute(e.value, owner)) is not None), None)
    if isinstance(target, cst.StarredElement):
        return _stored_attribute(target.value, owner)
    if isinstance(target, cst.Attribute):
        return target if attribute_of(target, owner) else _stored_attribute(target.value, owner)
    if isinstance(target, cst.Subscript):
        return _stored_attribute(target.value, owner)
    return None
