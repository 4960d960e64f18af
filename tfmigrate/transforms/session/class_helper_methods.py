"""A graph class's helper methods that never read ``self``: ``def init_std(self, fan_in): return 1. /
tf.sqrt(fan_in / 2.)`` or ``def xavier_init(self, size): ... return tf.random_normal(size, stddev=s)``, called
by the builders as ``self.xavier_init([784, 128])``.

Such a method is a plain function reached through the instance: its body depends only on its arguments. So the
class proof (classes.py) reads it as the module-level function ``Model__xavier_init`` beside the class, each
``self.xavier_init(...)`` a call of it, and the helper models (helpers.py, inlined_helpers.py) decide as for any
module function (was "method `xavier_init` of class `Model` neither builds the graph ... nor runs it"). The rewrite
puts it back: the function a method of the class again, its calls ``self.xavier_init(...)`` in the methods. When
the rewrite does not keep it a module-level function of its name, or calls it other than from a method, the class
cannot be put back and the program keeps the graph tier with that reason. A helper that builds variables (the GAN
collection's ``self.discriminator(x, is_training=True, reuse=False)`` over scoped ``conv2d``/``linear``) is read so
when only the graph's builders call it, the public ``gan.build_model()`` the module calls after the construction
among them; read at every call, it is left out of the class when the rewrite no longer defines what it reads.
"""

from __future__ import annotations

import builtins
import re
from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants, loaded_names
from tfmigrate.transforms.session.class_sugar import (
    attribute_of,
    lifted_beside,
    rewritten_class,
    self_name,
    unguarded_lookups,
)
from tfmigrate.transforms.session.functions import bound_names, local_names
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.public_builders import _own_call, _site

JOIN = "__"

# (method, self parameter, member before it, method, the instance its ``self.attr`` reads are spelled with)
Lifted = list[tuple[str, str, str | None, cst.FunctionDef, str | None]]


def _attribute_reads(body: cst.CSTNode, owner: str) -> bool:
    """``self`` read only as ``self.attr`` loads: never bare, stored to or deleted through."""
    held = {id(a.value) for a in descendants(body) if isinstance(a, cst.Attribute)}
    stored = {
        id(t)
        for n in descendants(body)
        if isinstance(n, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.Del, cst.For, cst.CompFor))
        for t in [n.target, *descendants(n.target)]
    }
    return not any(
        isinstance(n, cst.Name) and n.value == owner and (id(n) not in held or id(n) in stored)
        for n in descendants(body)
    )


def _self_free(function: cst.FunctionDef, reading: bool = False) -> str | None:
    """The self parameter of a plain method that never reads it (``reading``: reads it only as ``self.attr``
    loads) and returns a value; else None. A private method (``__kernel``, name-mangled) is one too: the class
    spells it so everywhere, and code outside it as ``_Model__kernel``."""
    params = function.params
    if (
        function.decorators
        or function.asynchronous is not None
        or not params.params
        or params.posonly_params
        or function.name.value.startswith("__")
        and function.name.value.endswith("__")
        or not isinstance(function.body, cst.IndentedBlock)
    ):
        return None
    owner = params.params[0].name.value
    if owner in {n.value for n in loaded_names(function.body)} or any(
        isinstance(n, cst.Name) and n.value == owner for n in descendants(function.body)
    ):
        if not reading or not _attribute_reads(function.body, owner):
            return None
    if not any(isinstance(n, cst.Return) and n.value is not None for n in descendants(function.body)):
        return None
    return owner


def _calls(member: cst.FunctionDef, method: str) -> bool:
    """``member`` calls ``self.method(...)``."""
    owner = self_name(member)
    return any(
        isinstance(n, cst.Call) and attribute_of(n.func, owner) and cast(cst.Attribute, n.func).attr.value == method
        for n in descendants(member)
    )


def _called_twice(members: list[cst.FunctionDef], method: str) -> bool:
    """``self.igate = self.Gate()`` and ``self.ogate = self.Gate()`` in the constructor only: a helper taking no
    arguments called so more than once is a factory (each call its own variables); one called once is a builder
    (bound_builders.py reads it)."""
    calls = {
        m.name.value: len([n for n in descendants(m) if isinstance(n, cst.Call) and _calls_method(n, m, method)])
        for m in members
    }
    return calls.get("__init__", 0) > 1 and sum(calls.values()) == calls["__init__"]


def _calls_method(call: cst.Call, member: cst.FunctionDef, method: str) -> bool:
    return attribute_of(call.func, self_name(member)) and cast(cst.Attribute, call.func).attr.value == method


def _building(members: list[cst.FunctionDef], public: str | None = None) -> set[str]:
    """The constructor and the methods it calls, and those they call: the graph is built there (``public``: the
    method the module calls right after the construction, ``gan.build_model()``, read as the constructor's last
    statement by public_builders.py)."""
    found = {"__init__"} | ({public} if public else set())
    while True:
        more = {m.name.value for m in members if any(_calls(c, m.name.value) for c in members if c.name.value in found)}
        if more <= found:
            return found
        found |= more


def _public_builder(site: tuple[str, cst.BaseStatement, cst.BaseStatement] | None) -> str | None:
    """``gan.build_model()`` the statement right after the one ``gan = GAN(...)``: the method it calls."""
    return _own_call(site[2], site[0]) if site is not None and site[2] is not site[1] else None


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, Lifted] | None:
    """The module with each such method a module-level function before the class, called as one; None when the
    class has none."""
    if not isinstance(definition.body, cst.IndentedBlock) or definition not in module.body:
        return None
    name = definition.name.value
    members = [m for m in definition.body.body if isinstance(m, cst.FunctionDef)]
    site = _site(module, name, last=True)  # ``model = Model(...)``: a helper's ``self.W_l`` is ``model.W_l`` there
    candidates = {m.name.value: (m, owner) for m in members if (owner := _self_free(m, site is not None)) is not None}
    method_names = {m.name.value for m in members}
    reading: set[str] = set()
    known, _ = unguarded_lookups(resolve, line_of, None)  # a helper reading ``self`` builds graph ops (not host code)
    building = _building(members, _public_builder(site))
    while True:  # a helper reading ``self`` calls only helpers through it, and reads no method
        for method, (member, owner) in list(candidates.items()):
            used = {
                n.attr.value
                for n in descendants(member.body)
                if attribute_of(n, owner) and isinstance(n, cst.Attribute)
            }
            if used:
                reading.add(method)
            builds = any(isinstance(n, cst.Call) and known(n.func) for n in descendants(member.body))
            callers = {m.name.value for m in members if m is not member and _calls(m, method)}
            graph = bool(callers) and callers <= building  # called only while the constructor builds the graph
            if (
                used
                and (len(member.params.params) < 2 and not _called_twice(members, method) or not builds or not graph)
                or used & method_names - set(candidates)
            ):
                candidates.pop(method)
                break
        else:
            break
    if not candidates:
        return None
    if any(isinstance(n, cst.Name) and n.value.startswith(name + JOIN) for n in descendants(module)):
        return None
    calls: dict[str, list[cst.Call]] = {method: [] for method in candidates}
    for member in members:  # each use a call ``self.m(...)`` in a method of the class
        owner = self_name(member)
        called = {id(c.func) for c in descendants(member) if isinstance(c, cst.Call)}
        for node in descendants(member):
            if isinstance(node, cst.Attribute) and node.attr.value in candidates:
                if not (isinstance(node.value, cst.Name) and node.value.value == owner and id(node) in called):
                    candidates.pop(node.attr.value, None)
        for node in descendants(member):
            if (
                isinstance(node, cst.Call)
                and isinstance(node.func, cst.Attribute)
                and isinstance(node.func.value, cst.Name)
                and node.func.value.value == owner
                and node.func.attr.value in calls
            ):
                calls[node.func.attr.value].append(node)
    inside = set(descendants(definition))
    mangled = {f"_{name.lstrip('_')}{m}": m for m in candidates if m.startswith("__")}  # ``model._Model__kernel``
    for node in descendants(module):  # named nowhere outside the class (``model.init_std`` would see the method)
        if isinstance(node, cst.Name) and node not in inside:
            candidates.pop(mangled.get(node.value, node.value), None)
    instance = site[0] if site is not None else None
    lifted = [
        (
            m.name.value,
            candidates[m.name.value][1],
            members[i - 1].name.value if i else None,
            m,
            instance if m.name.value in reading else None,
        )
        for i, m in enumerate(members)
        if m.name.value in candidates and calls[m.name.value]
    ]
    if not lifted:
        return None
    made = Origins()  # holds each copy, so that no id is reused
    joined = {method for method, *_ in lifted}

    class Join(cst.CSTTransformer):
        def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
            func = original_node.func
            if isinstance(func, cst.Attribute) and func.attr.value in joined and original_node in called_nodes:
                spelled = cst.Name(name + JOIN + func.attr.value)
                made.add(spelled, func)
                result = updated_node.with_changes(func=spelled)
                made.add(result, original_node)
                return result
            return updated_node

        def on_leave(self, original_node, updated_node):
            result = super().on_leave(original_node, updated_node)
            if isinstance(result, cst.CSTNode) and result is not original_node and made.of(result) is result:
                made.add(result, original_node)
            return result

    called_nodes = {c for method in joined for c in calls[method]}
    functions: list[cst.BaseStatement] = []
    kept: list[cst.BaseStatement] = []
    for statement in definition.body.body:
        if isinstance(statement, cst.FunctionDef) and statement.name.value in joined:
            flat = cast(cst.FunctionDef, statement.visit(Join()))
            if statement.name.value in reading and instance is not None:  # ``self.W_l`` read as ``model.W_l``
                flat = cast(cst.FunctionDef, flat.visit(_Spell(self_name(statement) or "", instance, made)))
            flat = flat.with_changes(
                name=cst.Name(name + JOIN + statement.name.value),
                params=flat.params.with_changes(params=flat.params.params[1:]),
                leading_lines=definition.leading_lines if not functions else statement.leading_lines,
            )
            made.add(flat, statement)
            made.add(flat.name, statement.name)
            made.add(flat.params, statement.params)
            functions.append(flat)
        else:
            kept.append(cast(cst.BaseStatement, statement.visit(Join())))
    lifted_module, resolve_made, line_of_made, rebuilt = lifted_beside(
        module, definition, functions, kept, made, resolve, line_of
    )
    return lifted_module, resolve_made, line_of_made, rebuilt, lifted


def resugar(module: cst.Module, name: str, lifted: Lifted, line: int) -> cst.Module:
    """Each lifted function a method of the rewritten class again (first, in their order), called as
    ``self.m(...)`` in the methods; refuses when the rewrite dropped, renamed or moved one."""
    refused = Blocked(
        f"class `{name}`: its helper methods read as functions ({', '.join(m for m, *_ in lifted)}) do not come back "
        "as functions of the class from the rewrite",
        line,
    )
    spelled = {name + JOIN + method: (method, owner) for method, owner, *_ in lifted}
    functions = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef) and s.name.value in spelled}
    definition = rewritten_class(module, name, refused)
    if any(
        isinstance(s, cst.FunctionDef) and s.name.value.startswith(name + JOIN) and s.name.value not in spelled
        for s in module.body
    ):
        raise refused
    outside = [
        n
        for s in module.body
        if s is not definition
        for n in descendants(s)
        if isinstance(n, cst.Name) and n.value in spelled and not (isinstance(s, cst.FunctionDef) and n is s.name)
    ]
    named = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    if outside or any(s not in functions and s in named for s in spelled):  # called outside the methods, or lost
        raise refused
    renamed = {}  # ``self.w1_Net__xavier_init``, the inlined call's value: ``self.w1_xavier_init``
    for identifier in named:
        for joined, (method, _) in spelled.items():
            if identifier != joined and joined in identifier:
                shorter = identifier.replace(joined, method)
                if shorter not in named:
                    renamed[identifier] = shorter

    class Split(cst.CSTTransformer):
        def __init__(self, owner: str) -> None:
            self.owner = owner

        def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
            if original_node.value in renamed:
                return updated_node.with_changes(value=renamed[original_node.value])
            held = spelled.get(original_node.value)
            if held is None:
                return updated_node
            return cst.Attribute(value=cst.Name(self.owner), attr=cst.Name(held[0]))

    members: list[cst.BaseStatement] = []
    for member in definition.body.body:
        owner = self_name(member) if isinstance(member, cst.FunctionDef) else None
        if owner is None and any(isinstance(n, cst.Name) and n.value in spelled for n in descendants(member)):
            raise refused
        members.append(cast(cst.BaseStatement, member.visit(Split(owner or ""))))
    for method, owner, before, original, instance in lifted:  # each after the member it followed, else after __init__
        function = functions.get(name + JOIN + method)
        restored: cst.FunctionDef | None = original  # inlined at each call: as written, for the class's users
        if function is None:  # the method as written reads only globals the rewrite still defines
            defined = bound_names([s for s in module.body if s is not definition]) | set(dir(builtins))
            missing = sorted({n.value for n in loaded_names(original.body)} - set(local_names(original)) - defined)
            if missing and not _dead(module, method):
                raise Blocked(
                    f"class `{name}`: method `{method}`, read at its calls by the rewrite, reads `{missing[0]}`, "
                    "which the rewrite no longer defines",
                    line,
                )
            restored = None if missing else original  # ``discriminator`` over the inlined ``conv2d``: no part of it
        if function is not None and instance is not None:  # ``model.W_l`` read as ``self.W_l`` again
            function = cast(cst.FunctionDef, function.visit(_Spell(instance, owner, Origins())))
        if function is not None:
            restored = function.with_changes(
                name=cst.Name(method),
                params=function.params.with_changes(params=[cst.Param(cst.Name(owner)), *function.params.params]),
                leading_lines=original.leading_lines,
            )
        if restored is None:
            continue
        names = [m.name.value if isinstance(m, cst.FunctionDef) else None for m in members]
        at = names.index(before) + 1 if before in names else names.index("__init__") + 1 if "__init__" in names else 0
        members.insert(at, restored)
    first = functions.get(name + JOIN + lifted[0][0])
    rebuilt = definition.with_changes(
        body=definition.body.with_changes(body=members),
        leading_lines=first.leading_lines if first is not None else definition.leading_lines,
    )
    others = Split("")
    body = [
        rebuilt if s is definition else cast(cst.BaseStatement, s.visit(others)) if renamed else s
        for s in module.body
        if not (isinstance(s, cst.FunctionDef) and s.name.value in spelled)
    ]
    return module.with_changes(body=body)


def _dead(module: cst.Module, method: str) -> bool:
    """No ``self.method`` or ``x.method`` is left in the rewrite: each call was read at its place (a builder of
    variables, ``self.discriminator(G, reuse=True)``, became the functions its variables are applied by), and the
    desugar found the method named nowhere outside the class; the method as written, TF1 graph code over helpers
    the rewrite replaced, is no part of the program."""
    return not any(isinstance(n, cst.Attribute) and n.attr.value == method for n in descendants(module))


def spelled(name: str, lifted: Lifted, message: str) -> str:
    """A reason naming ``Model__init_std`` as the program spells it, ``self.init_std``."""
    for method, *_ in lifted:
        message = re.sub(rf"\b{re.escape(name + JOIN + method)}\b", f"self.{method}", message)
    return message


class _Spell(cst.CSTTransformer):
    """``self.attr`` spelled ``model.attr`` (or back): the instance the module constructs once."""

    def __init__(self, old: str, new: str, made: Origins) -> None:
        self.old, self.new, self.made = old, new, made

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        if isinstance(updated_node.value, cst.Name) and updated_node.value.value == self.old:
            spelled = cst.Name(self.new)
            self.made.add(spelled, original_node.value)
            result = updated_node.with_changes(value=spelled)
            self.made.add(result, original_node)
            return result
        return updated_node

    def on_leave(self, original_node, updated_node):
        result = super().on_leave(original_node, updated_node)
        if isinstance(result, cst.CSTNode) and result is not original_node and self.made.of(result) is result:
            self.made.add(result, original_node)  # each node rebuilt around a respelled one reads as its original
        return result


def changing_call(definition: cst.ClassDef, method: str, line_of: LineOf) -> str | None:
    """Why helper ``method`` is not read as a function of its arguments, where it calls through ``self`` a method
    that changes the instance (deployml's ``name=self.get_kernel_name()``, counting ``self.kernel_count += 1``):
    each call's value then depends on the calls made before it, an order the class proof does not model."""
    members = {m.name.value: m for m in cast(cst.IndentedBlock, definition.body).body if isinstance(m, cst.FunctionDef)}
    member = members.get(method)
    owner = _self_free(member, reading=True) if member is not None else None
    if member is None or owner is None:
        return None
    for call in descendants(member.body):
        if not (isinstance(call, cst.Call) and attribute_of(call.func, owner)):
            continue
        called = members.get(cast(cst.Attribute, call.func).attr.value)
        inner = self_name(called) if called is not None else None
        store = (
            next(
                (
                    n
                    for n in descendants(called.body)
                    if isinstance(n, (cst.AssignTarget, cst.AugAssign)) and attribute_of(n.target, inner)
                ),
                None,
            )
            if called is not None
            else None
        )
        if called is not None and store is not None:
            return (
                f"it calls `{owner}.{called.name.value}()` (line {line_of(call)}), which changes the instance "
                f"(`{cst.Module([]).code_for_node(store.target)}` bound again, line {line_of(store)}), so each "
                "call's value depends on the calls made before it, in Python's order of evaluation: a helper read as "
                "a function of its arguments calls no such method (a counter of calls is not modelled)"
            )
    return None
