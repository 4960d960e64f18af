"""A graph class's method nobody calls: ``def loss_nce(self, l2_lambda=0.0001): ... tf.nn.nce_loss(...)`` beside
the ``loss()`` the constructor calls (``self.loss_val = self.loss()  #-->self.loss_nce()``, the alternative named
only in a comment).

A graph-building method named nowhere in the module (no ``x.loss_nce``, no string spelling it) never runs, in TF1
or after: it builds no op of the graph and runs no Session, so it is no part of the program the class proof (classes.py) reads,
which reads the class without it. The rewrite puts it back as written, after the member it followed; the other
rules upgrade its TF1 API as anywhere. One follow-up per class names them: each reads the instance as TF1 built it
(``self.input_y`` a placeholder, ``self.sess``), which the eager instance no longer holds, so an importer calling it
later fails until it is rewritten. A method of stateless ops of its arguments alone (``def max_pool_2x2(self, x):
return tf.nn.max_pool(x, ...)``, every call an op of the eager table, the instance read nowhere) reads nothing the
rewrite changed and needs no eager rewrite: a note says so, no follow-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import libcst as cst

from tfmigrate.transforms._checkpoint import callable_params, eager_ops
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants
from tfmigrate.transforms.session.class_sugar import attribute_of, rewritten_class, self_name, with_members
from tfmigrate.transforms.session.dead_code import FollowUp
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.run_calls import run_receiver


@dataclass
class SetAside:
    """The methods set aside: (the member name before it, or None when first, the method)."""

    methods: list[tuple[str | None, cst.FunctionDef]] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)


def member_name(statement: cst.CSTNode) -> str | None:
    return statement.name.value if isinstance(statement, (cst.FunctionDef, cst.ClassDef)) else None


def spelled_outside(module: cst.Module, name: str, *inside: cst.CSTNode) -> bool:
    """``name`` named in the module outside the method itself (and the nodes given after it): an attribute, a name
    or a string holding it."""
    own = {id(n) for node in inside for n in (node, *descendants(node))}
    for node in descendants(module):
        if id(node) in own:
            continue
        if isinstance(node, cst.Attribute) and node.attr.value == name:
            return True
        if isinstance(node, cst.Name) and node.value == name:
            return True
        if isinstance(node, cst.SimpleString | cst.FormattedStringText) and name in node.value:
            return True
    return False


def _builds_only(method: cst.FunctionDef, resolve: Resolve) -> bool:
    """The method calls TensorFlow and runs nothing (no ``.run``, ``.eval``, no Session): a graph builder, which
    the class proof would refuse as neither building (uncalled) nor running. A method that runs the Session, or holds
    no TensorFlow (host code), is read by the class proof as it is."""
    nodes = list(descendants(method.body))
    if any(isinstance(n, cst.Attribute) and n.attr.value in ("run", "eval") for n in nodes):
        return False
    if any(isinstance(n, cst.Name) and "sess" in n.value.lower() for n in nodes):
        return False
    return any(isinstance(n, cst.Call) and resolve(n.func) is not None for n in nodes)


def _ops_of_arguments(method: cst.FunctionDef, resolve: Resolve) -> bool:
    """Each call a stateless op of the eager table (no variable, layer, scope or function argument), and the instance
    read nowhere: the method is the same function of its arguments in TF1 and eagerly."""
    owner = self_name(method)
    ops = eager_ops()
    for node in descendants(method.body):
        if isinstance(node, cst.Name) and node.value == owner:
            return False
        if isinstance(node, cst.Call):
            path = (resolve(node.func) or "").removeprefix("compat.v1.")
            if path not in ops or callable_params(path):
                return False
    return True


def _host_only(method: cst.FunctionDef, resolve: Resolve) -> bool:
    """The method holds no TensorFlow, runs nothing and reads no instance attribute it does not store itself
    (``self.count += 1; return 'kernel_%d' % self.count``): named nowhere, or only by methods set aside, it never
    runs; the class proof would refuse it as neither building nor running. One reading another attribute (a graph
    value the eager class no longer holds) stays for the proof."""
    nodes = list(descendants(method.body))
    if any(isinstance(n, cst.Attribute) and n.attr.value in ("run", "eval") for n in nodes):
        return False
    if any(isinstance(n, cst.Name) and "sess" in n.value.lower() for n in nodes):
        return False
    if any(isinstance(n, (cst.Name, cst.Attribute)) and resolve(n) is not None for n in nodes):
        return False
    owner = self_name(method)
    stored = {
        cast(cst.Attribute, n.target).attr.value
        for n in nodes
        if isinstance(n, (cst.AssignTarget, cst.AugAssign)) and attribute_of(n.target, owner)
    }
    read = {n.attr.value for n in nodes if isinstance(n, cst.Attribute) and attribute_of(n, owner)}
    return owner is not None and read <= stored


def _runs(method: cst.FunctionDef) -> bool:
    """The method runs the instance's Session (``return self.sess.run(self.reconstruction, ...)``): the
    autoencoders' ``generate``/``reconstruct``/``getWeights``, which their training scripts never call. Named
    nowhere, it never runs either; the class proof would refuse it as a runner never called. One storing into the
    instance (``self.y = self.sess.run(self.y, ...)``) is read by the proof, which names what it rebinds."""
    owner = self_name(method)
    stores = [n for n in descendants(method.body) if isinstance(n, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign))]
    if any(attribute_of(t, owner) for n in stores for t in (n.target, *descendants(n.target))):
        return False
    return any(
        isinstance(receiver := run_receiver(n), cst.Attribute) and "sess" in receiver.attr.value.lower()
        for n in descendants(method.body)
    )


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, SetAside] | None:
    """The class without its plain methods named nowhere; None when it has none."""
    if not isinstance(definition.body, cst.IndentedBlock) or definition not in module.body:
        return None
    members = list(definition.body.body)
    state = SetAside()
    running: list[cst.FunctionDef] = []
    reading: list[cst.FunctionDef] = []
    host: list[cst.FunctionDef] = []
    ops: list[cst.FunctionDef] = []
    aside: list[cst.FunctionDef] = []
    while True:  # a method named only by methods set aside is never called either (deployml's counter)
        found = False
        for position, statement in enumerate(members):
            if (
                isinstance(statement, cst.FunctionDef)
                and statement not in aside
                and not statement.decorators
                and statement.asynchronous is None
                and not statement.name.value.startswith("__")
                and statement.params.params
                and not spelled_outside(module, statement.name.value, statement, *aside)
            ):
                runs = _runs(statement)
                kind = running if runs else reading if _builds_only(statement, resolve) else host
                if kind is reading and _ops_of_arguments(statement, resolve):
                    kind = ops
                if kind is host and not _host_only(statement, resolve):
                    continue
                before = members[position - 1] if position else None  # set aside too: put back before this one
                state.methods.append((member_name(before) if before is not None else None, statement))
                kind.append(statement)
                aside.append(statement)
                found = True
        if not found:
            break
    kept = [statement for statement in members if statement not in aside]
    if not state.methods or not any(isinstance(s, cst.FunctionDef) for s in kept):
        return None
    nested = any(spelled_outside(module, m.name.value, m) for m in aside)  # called by another one set aside
    if running or reading or host:
        state.notes.append(_follow_up(definition.name.value, running, reading, host, nested, line_of))
    if ops:
        state.notes.append(_ops_note(definition.name.value, ops, line_of))
    return (*with_members(module, resolve, line_of, definition, kept, Origins()), state)


def _follow_up(
    name: str,
    running: list[cst.FunctionDef],
    reading: list[cst.FunctionDef],
    host: list[cst.FunctionDef],
    nested: bool,
    line_of: LineOf,
) -> tuple[int, str]:
    """One follow-up for the class: an importer calling a method kept as written fails (``self.sess`` is gone, or a
    placeholder attribute is a value now), which is work by hand, not a change made."""
    methods = sorted([*running, *reading, *host], key=line_of)
    spelled = ", ".join(f"`{m.name.value}`" for m in methods)
    one = len(methods) == 1
    what = []
    if running:
        what.append("the instance's TF1 Session (`self.sess`), which the eager class no longer holds")
    if reading:
        what.append("the instance's graph attributes as TF1 built them (placeholders, ops)")
    where = "nowhere in this file, or only by each other," if nested else "nowhere in this file"
    kept = f"class `{name}`: method{'' if one else 's'} {spelled} {'is' if one else 'are'} called {where} and kept as written"
    if not what:  # host code alone (a counter): it reads the instance's host attributes, which the class keeps
        return line_of(methods[0]), FollowUp(kept)
    return (
        line_of(methods[0]),
        FollowUp(
            f"{kept}; {'it reads' if one else 'they read'} {' and '.join(what)}: rewrite "
            f"{'it' if one else 'them'} eagerly before code elsewhere calls {'it' if one else 'them'}"
        ),
    )


def _ops_note(name: str, methods: list[cst.FunctionDef], line_of: LineOf) -> tuple[int, str]:
    methods = sorted(methods, key=line_of)
    one = len(methods) == 1
    spelled = ", ".join(f"`{m.name.value}`" for m in methods)
    return (
        line_of(methods[0]),
        f"class `{name}`: method{'' if one else 's'} {spelled} {'is' if one else 'are'} called nowhere in this file "
        f"and kept as written: {'it reads' if one else 'they read'} nothing of the instance and "
        f"{'calls' if one else 'call'} only stateless ops of {'its' if one else 'their'} arguments, so "
        f"{'it needs' if one else 'they need'} no eager rewrite",
    )


def resugar(module: cst.Module, name: str, state: SetAside, line: int) -> cst.Module:
    """The rewritten class with each method set aside back after the member it followed."""
    return put_back(
        module, name, state.methods, Blocked(f"class `{name}`: a method called nowhere could not be put back", line)
    )


def put_back(
    module: cst.Module, name: str, methods: list[tuple[str | None, cst.FunctionDef]], refused: Blocked
) -> cst.Module:
    """The rewritten class ``name`` with each method back after the member it followed (first: None); ``refused``
    raised where that member is not there once."""
    definition = rewritten_class(module, name, refused)
    members: list[cst.BaseStatement] = list(cast(cst.IndentedBlock, definition.body).body)
    for before, method in methods:
        if before is None:
            members.insert(0, method)
            continue
        found = [i for i, s in enumerate(members) if member_name(s) == before]
        if len(found) != 1:
            raise refused
        members.insert(found[0] + 1, method)
    rebuilt = definition.with_changes(body=definition.body.with_changes(body=members))
    return module.with_changes(body=[rebuilt if s is definition else s for s in module.body])
