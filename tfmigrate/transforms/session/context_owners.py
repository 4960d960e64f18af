"""The Session-owning class used as a context manager: ``with Agent(env, lr) as agent: agent.train_network()`` where
``def __enter__(self): return self`` and ``def __exit__(self, *exc): self.sess.close()`` (a CartPole agent).

``__enter__`` hands back the instance itself and ``__exit__`` only closes the Session the instance opened (it
returns None: an exception in the block goes on), so the block is ``agent = Agent(env, lr)`` and its body, the close
at its end; the class proof (classes.py) reads it so (was "constructed inside a `with` block"). The eager class holds
no Session: the rewrite keeps ``agent = Agent(...)`` and the body, and puts the two methods back, ``__exit__``
doing nothing (``pass``) once the rewritten class binds no Session attribute. Only for a module-level class whose
bases are none or ``object`` alone (the same class in Python 3; a ``metaclass=`` keyword is the class proof's to
judge, metaclasses.py) and that no class of the module derives from, with one module-level ``with`` constructing it
(one item, ``as`` a name spelled nowhere outside the block; other constructions are the class proof's to count),
``__enter__`` only ``return self`` and ``__exit__`` only ``self.<attr>.close()`` of attributes the class binds to a
Session, both without decorators, defaults, keyword-only or ``**`` parameters, and neither method named elsewhere in
the module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants
from tfmigrate.transforms.session.class_sugar import attribute_of, body_of, rewritten_class, with_members
from tfmigrate.transforms.session.default_sessions import without_arguments
from tfmigrate.transforms.session.functions import opens_session
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.uncalled_methods import member_name, put_back

NOTE = (
    "`with {cls}(...) as {name}:` read as `{name} = {cls}(...)` and its body: `__enter__` returns the instance and "
    "`__exit__` only closed its Session, which the eager class does not hold (`__exit__` does nothing now)"
)


@dataclass
class Entered:
    methods: list[tuple[str | None, cst.FunctionDef]]  # (the member before it, ``__enter__`` / ``__exit__``)
    sessions: set[str]  # the Session attributes ``__exit__`` closes
    notes: list[tuple[int, str]] = field(default_factory=list)


def _docstring(method: cst.FunctionDef) -> cst.SimpleStatementLine | None:
    first = body_of(method)[0]
    if isinstance(first, cst.SimpleStatementLine) and len(first.body) == 1:
        small = first.body[0]
        if isinstance(small, cst.Expr) and isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString)):
            return first
    return None


def _statements(method: cst.FunctionDef) -> list[cst.BaseSmallStatement] | None:
    """The method's statements, one per line, a docstring left out; None for a compound one."""
    found = []
    docstring = _docstring(method)
    for line in body_of(method):
        if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1):
            return None
        if line is not docstring:
            found.append(line.body[0])
    return found


def _plain(method: cst.FunctionDef) -> str | None:
    """The ``self`` name of a method without decorators, defaults, keyword-only or ``**`` parameters."""
    params = method.params
    if method.decorators or method.asynchronous is not None or not params.params:
        return None
    if params.kwonly_params or params.posonly_params or params.star_kwarg or any(p.default for p in params.params):
        return None
    return params.params[0].name.value


def _returns_self(method: cst.FunctionDef) -> bool:
    owner = _plain(method)
    found = _statements(method)
    return (
        owner is not None
        and len(method.params.params) == 1
        and method.params.star_arg in (None, cst.MaybeSentinel.DEFAULT)
        and found is not None
        and len(found) == 1
        and isinstance(found[0], cst.Return)
        and isinstance(found[0].value, cst.Name)
        and found[0].value.value == owner
    )


def _closes(method: cst.FunctionDef, sessions: set[str]) -> set[str] | None:
    """The Session attributes ``__exit__`` closes, each line ``self.<attr>.close()``; None for anything else."""
    owner = _plain(method)
    found = _statements(method)
    if owner is None or not found:
        return None
    closed = set()
    for small in found:
        receiver = without_arguments(small.value, "close") if isinstance(small, cst.Expr) else None
        if receiver is None or not attribute_of(receiver, owner):
            return None
        attr = cast(cst.Attribute, receiver).attr.value
        if attr not in sessions:
            return None
        closed.add(attr)
    return closed


def _session_attributes(definition: cst.ClassDef, resolve: Resolve) -> set[str]:
    """``self.sess = tf.Session(...)`` anywhere in the class: ``sess``."""
    opening = [n for n in descendants(definition) if isinstance(n, cst.Assign) and opens_session(n.value, resolve)]
    return {t.target.attr.value for n in opening for t in n.targets if isinstance(t.target, cst.Attribute)}


def _site(module: cst.Module, name: str) -> cst.With | None:
    """The one module-level ``with Name(...) as x:`` constructing the class; None for none or another shape."""
    sites = [
        s
        for s in module.body
        if isinstance(s, cst.With)
        and any(
            isinstance(i.item, cst.Call) and isinstance(i.item.func, cst.Name) and i.item.func.value == name
            for i in s.items
        )
    ]
    if len(sites) != 1:
        return None
    site = sites[0]
    if len(site.items) != 1 or site.asynchronous is not None or not isinstance(site.body, cst.IndentedBlock):
        return None
    asname = site.items[0].asname
    return site if asname is not None and isinstance(asname.name, cst.Name) else None


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, Entered] | None:
    """``with Agent(...) as agent: <body>`` as ``agent = Agent(...)`` + body, the class without the two methods."""
    if not isinstance(definition.body, cst.IndentedBlock) or definition not in module.body:
        return None
    cls = definition.name.value
    if any(not (isinstance(b.value, cst.Name) and b.value.value == "object") for b in definition.bases):
        return None
    if any(
        isinstance(c, cst.ClassDef) and any(isinstance(b.value, cst.Name) and b.value.value == cls for b in c.bases)
        for c in descendants(module)
    ):
        return None
    members = list(definition.body.body)
    methods = {m.name.value: m for m in members if isinstance(m, cst.FunctionDef)}
    enter, leave = methods.get("__enter__"), methods.get("__exit__")
    if enter is None or leave is None or not _returns_self(enter):
        return None
    sessions = _closes(leave, _session_attributes(definition, resolve))
    site = _site(module, cls)
    if sessions is None or site is None:
        return None
    own = {id(enter), id(leave)} | {id(n) for n in descendants(enter)} | {id(n) for n in descendants(leave)}
    if any(
        id(n) not in own and isinstance(n, cst.Name) and n.value in ("__enter__", "__exit__")
        for n in descendants(module)
    ):
        return None
    asname = cast(cst.Name, cast(cst.AsName, site.items[0].asname).name)
    inside = {id(n) for n in descendants(site.body)} | {id(asname)}
    if any(isinstance(n, cst.Name) and n.value == asname.value and id(n) not in inside for n in descendants(module)):
        return None
    made = Origins()
    target = cst.AssignTarget(asname)
    assign = cst.Assign([target], site.items[0].item)
    line = cst.SimpleStatementLine([assign], leading_lines=site.leading_lines)
    for node in (line, assign, target):
        made.keep(node, site)
    body: list[cst.BaseStatement] = []
    for statement in module.body:
        body.extend([line, *cast(cst.IndentedBlock, site.body).body] if statement is site else [statement])
    state = Entered(
        [(member_name(members[i - 1]) if i else None, m) for i, m in enumerate(members) if m is enter or m is leave],
        sessions,
        [(line_of(site), NOTE.format(cls=cls, name=asname.value))],
    )
    kept = [m for m in members if m is not enter and m is not leave]
    return (*with_members(module.with_changes(body=body), resolve, line_of, definition, kept, made), state)


def resugar(module: cst.Module, name: str, state: Entered, line: int) -> cst.Module:
    """The rewritten class with the two methods back after the members they followed, ``__exit__`` a ``pass`` when the
    class binds none of the Session attributes it closed."""
    refused = Blocked(f"class `{name}`: `__enter__` / `__exit__` could not be put back", line)
    definition = rewritten_class(module, name, refused)
    bound = {
        t.target.attr.value
        for n in descendants(definition)
        if isinstance(n, cst.Assign)
        for t in n.targets
        if isinstance(t.target, cst.Attribute)
    }
    methods = []
    for before, method in state.methods:
        if method.name.value == "__exit__" and not state.sessions & bound:
            docstring = _docstring(method)
            kept = [docstring if docstring is not None else cst.SimpleStatementLine([cst.Pass()])]
            method = method.with_changes(body=method.body.with_changes(body=kept))
        methods.append((before, method))
    return put_back(module, name, methods, refused)
