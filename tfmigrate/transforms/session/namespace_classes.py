"""A class used as a namespace of graph functions: ``class lenet: def inference(x, training): ...`` (no ``self``,
or each function a ``@staticmethod``), never constructed, each function reached as ``lenet.inference(x, True)``.

Reached through the class, each function is the plain function its ``def`` made; a class that is never
constructed, holds only such functions and is named only as ``lenet.<function>`` is their namespace and nothing
else. So the proof reads each as a module-level function ``lenet__inference`` where the class stood, the helper
models (helpers.py, inlined_helpers.py, called_once.py) decide as for any module function, and the rewrite is put
back: the functions in the class as written (their decorators kept), ``lenet__inference`` read as
``lenet.inference`` again. When the rewrite does not keep each function as a module-level function of its name,
the class cannot be put back and the program keeps the graph tier with that reason.

A stateless class constructed once is read the same way: ``model = Perceptron()`` then ``model.infer(x)``,
``model.cost(y, labels)`` (a small project's "model definition" class), where the class and its bases define no
constructor, attribute or dunder method, no method reads ``self``, and the bound name is read only as
``model.<method>(...)``. Each method computes from its arguments alone, so ``model.infer(x)`` is the plain function
``Perceptron__infer(x)``, and the binding (the object no call reads) is dropped. Put back, each method the rewrite
keeps is a ``@staticmethod`` of the class, called as ``Perceptron.infer(x)`` (an instance's call of it is the same
call), and one the rewrite read at its calls and dropped, as a helper's body is, leaves the class (the class itself
where none is left); the bases stay as written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

import libcst as cst

from tfmigrate.transforms._tf1 import is_docstring
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants
from tfmigrate.transforms.session.class_sugar import Rename, unguarded_lookups
from tfmigrate.transforms.session.loops import Origins

JOIN = "__"


@dataclass
class Namespace:
    definition: cst.ClassDef
    functions: list[str]  # in order
    instance: str = ""  # a stateless class's one instance (``model``), its methods read without ``self``


def _functions(definition: cst.ClassDef) -> list[cst.FunctionDef] | None:
    """The class's functions, when it holds nothing else (a docstring aside) and each is plain or a staticmethod."""
    if definition.bases or definition.keywords or definition.decorators:
        return None
    if not isinstance(definition.body, cst.IndentedBlock):
        return None
    found = []
    for index, member in enumerate(definition.body.body):
        if index == 0 and is_docstring(member):
            continue
        if not isinstance(member, cst.FunctionDef) or member.asynchronous is not None:
            return None
        decorators = [d.decorator for d in member.decorators]
        if decorators and not (
            len(decorators) == 1 and isinstance(decorators[0], cst.Name) and decorators[0].value == "staticmethod"
        ):
            return None
        found.append(member)
    names = [f.name.value for f in found]
    return found if found and len(set(names)) == len(names) else None


def _is_namespace(module: cst.Module, definition: cst.ClassDef, functions: list[cst.FunctionDef]) -> bool:
    """Named only as ``Class.<one of its functions>``, never constructed, subclassed or otherwise used; its
    functions spelled nowhere as ``x.<function>`` on another object, and no plain name takes the joined spelling."""
    name = definition.name.value
    own = {f.name.value for f in functions}
    held = {
        id(n.value)
        for n in descendants(module)
        if isinstance(n, cst.Attribute)
        and isinstance(n.value, cst.Name)
        and n.value.value == name
        and n.attr.value in own
    }
    for node in descendants(module):
        if isinstance(node, cst.Name) and node.value == name and node is not definition.name and id(node) not in held:
            return False
        if isinstance(node, cst.Name) and node.value.startswith(name + JOIN):
            return False
    return bool(held) and not any(f.name.value.startswith("__") for f in functions)


def _members(definition: cst.ClassDef) -> list[cst.FunctionDef] | None:
    """A class's methods, when it holds nothing else (a docstring aside): undecorated, none a dunder."""
    if definition.keywords or definition.decorators or not isinstance(definition.body, cst.IndentedBlock):
        return None
    found = []
    for index, member in enumerate(definition.body.body):
        if index == 0 and is_docstring(member):
            continue
        if (
            not isinstance(member, cst.FunctionDef)
            or member.asynchronous is not None
            or member.decorators
            or member.name.value.startswith("__")
        ):
            return None
        found.append(member)
    return found


def _stateless(module: cst.Module, definition: cst.ClassDef) -> list[cst.FunctionDef] | None:
    """The methods of a class whose instances hold nothing: it and its bases (module classes of methods alone,
    without bases of their own) define no constructor or attribute, and no method reads its ``self``."""
    classes = {s.name.value: s for s in module.body if isinstance(s, cst.ClassDef)}
    for base in definition.bases:
        inherited = classes.get(base.value.value) if isinstance(base.value, cst.Name) else None
        if base.keyword is not None or base.star or inherited is None or inherited.bases:
            return None
        if _members(inherited) is None:
            return None
    functions = _members(definition)
    if not functions:
        return None
    for function in functions:
        params = function.params
        if not params.params or params.posonly_params:
            return None
        own = params.params[0].name.value
        if any(isinstance(n, cst.Name) and n.value in (own, "super", "__class__") for n in descendants(function.body)):
            return None
        if any(isinstance(n, cst.Name) and n.value == own for p in params.params[1:] for n in descendants(p)):
            return None
    names = [f.name.value for f in functions]
    return functions if len(set(names)) == len(names) else None


def _instance(module: cst.Module, definition: cst.ClassDef, functions: list[cst.FunctionDef]) -> str | None:
    """The name the stateless class's one instance is bound to (``model = Perceptron()``, a statement of its own),
    when the class is named nowhere else and that name is read only as ``model.<method>(...)``."""
    name = definition.name.value
    uses = [n for n in descendants(module) if isinstance(n, cst.Name) and n.value == name and n is not definition.name]
    if len(uses) != 1 or any(isinstance(n, cst.Name) and n.value.startswith(name + JOIN) for n in descendants(module)):
        return None
    binding = _binding(module, uses[0])
    if binding is None:
        return None
    instance = binding[0]
    own = {f.name.value for f in functions}
    called = {
        id(c.func.value)
        for c in descendants(module)
        if isinstance(c, cst.Call)
        and isinstance(c.func, cst.Attribute)
        and isinstance(c.func.value, cst.Name)
        and c.func.value.value == instance
        and c.func.attr.value in own
    }
    for node in descendants(module):
        if isinstance(node, cst.Name) and node.value == instance and id(node) not in called and node is not binding[1]:
            return None
    return instance if called else None


def _binding(module: cst.Module, use: cst.Name) -> tuple[str, cst.Name] | None:
    """``model = Perceptron()``, the class named by ``use``: the name bound and its target node."""
    for line in descendants(module):
        if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1):
            continue
        small = line.body[0]
        if (
            isinstance(small, cst.Assign)
            and len(small.targets) == 1
            and isinstance(target := small.targets[0].target, cst.Name)
            and isinstance(made := small.value, cst.Call)
            and made.func is use
            and not made.args
        ):
            return target.value, target
    return None


class _Joined(cst.CSTTransformer):
    """``lenet.inference`` -> ``lenet__inference`` (``model.infer`` -> ``Perceptron__infer``, the instance's binding
    dropped), each new node remembering its original."""

    def __init__(self, names: dict[str, set[str]], made: Origins, instances: dict[str, str] | None = None) -> None:
        self.names = names
        self.made = made
        self.instances = instances or {}  # ``model`` -> ``Perceptron``

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        value = original_node.value
        if isinstance(value, cst.Name):
            owner = self.instances.get(value.value, value.value)
            if original_node.attr.value in self.names.get(owner, ()):
                joined = cst.Name(owner + JOIN + original_node.attr.value)
                self.made.keep(joined, original_node)
                return joined
        return updated_node

    def leave_SimpleStatementLine(self, original_node, updated_node):
        small = original_node.body[0]
        if isinstance(small, cst.Assign) and len(original_node.body) == 1 and len(small.targets) == 1:
            target = small.targets[0].target
            if isinstance(target, cst.Name) and target.value in self.instances:
                return cst.RemovalSentinel.REMOVE
        return updated_node

    def on_leave(self, original_node, updated_node):
        result = super().on_leave(original_node, updated_node)
        if isinstance(result, cst.CSTNode) and result is not original_node and not self.made.has(result):
            self.made.keep(result, original_node)
        return result


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf
) -> tuple[cst.Module, Resolve, LineOf, list[Namespace]] | None:
    """The module with each namespace class read as its module-level functions; None when it has none."""
    found: list[tuple[cst.ClassDef, list[cst.FunctionDef]]] = []
    instances: dict[str, str] = {}  # ``model`` -> ``Perceptron``
    for statement in module.body:
        if isinstance(statement, cst.ClassDef):
            functions = _functions(statement)
            if functions is not None and _is_namespace(module, statement, functions):
                found.append((statement, functions))
                continue
            functions = _stateless(module, statement)
            instance = _instance(module, statement, functions) if functions is not None else None
            if functions is not None and instance is not None and instance not in instances:
                found.append((statement, functions))
                instances[instance] = statement.name.value
    if not found:
        return None
    made = Origins()
    joined = _Joined({c.name.value: {f.name.value for f in fs} for c, fs in found}, made, instances)
    owned = {owner: instance for instance, owner in instances.items()}
    classes = {id(c): fs for c, fs in found}
    body: list[cst.BaseStatement] = []
    for statement in module.body:
        functions = classes.get(id(statement))
        if functions is None:
            body.append(cast(cst.BaseStatement, statement.visit(joined)))
            continue
        owner = cast(cst.ClassDef, statement)
        for index, function in enumerate(functions):
            converted = cast(cst.FunctionDef, function.visit(joined))
            if owner.name.value in owned:  # a stateless class's method: its ``self`` (read nowhere) dropped
                converted = converted.with_changes(
                    params=converted.params.with_changes(params=converted.params.params[1:])
                )
            flat = converted.with_changes(
                name=cst.Name(owner.name.value + JOIN + function.name.value),
                decorators=[],
                leading_lines=owner.leading_lines if index == 0 else function.leading_lines,
            )
            made.keep(flat, function)
            made.keep(flat.name, function.name)
            body.append(flat)
    resolve_made, line_of_made = unguarded_lookups(
        lambda node: resolve(made.of(node)), lambda node: line_of(made.of(node)), None
    )
    namespaces = [Namespace(c, [f.name.value for f in fs], owned.get(c.name.value, "")) for c, fs in found]
    return module.with_changes(body=body), resolve_made, line_of_made, namespaces


class _Split(Rename):
    """``lenet__inference`` -> ``lenet.inference`` (not an attribute's or keyword's name, nor a definition's own)."""

    def __init__(self, names: dict[str, tuple[str, str]]) -> None:
        super().__init__({})
        self.split = names

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        split = self.split.get(original_node.value)
        return updated_node if split is None else cst.Attribute(value=cst.Name(split[0]), attr=cst.Name(split[1]))

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef) -> cst.FunctionDef:
        return updated_node.with_changes(name=original_node.name)


def resugar(module: cst.Module, namespaces: list[Namespace], line: int) -> cst.Module:
    """The rewritten functions back in their classes, at the first one's place, with those the rewrite made beside
    them (``lenet__inference_variables``, the variables' factory: ``lenet.inference_variables``); refuses when one
    of the class's functions is no longer a function of the module."""
    owners = {c.definition.name.value: c for c in namespaces}
    held: dict[str, list[cst.FunctionDef]] = {owner: [] for owner in owners}
    names: dict[str, tuple[str, str]] = {}
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef) and JOIN in statement.name.value:
            owner, _, bare = statement.name.value.partition(JOIN)
            if owner in owners and bare:
                held[owner].append(statement)
                names[statement.name.value] = (owner, bare)
    read = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    for owner, namespace in owners.items():
        missing = [f for f in namespace.functions if owner + JOIN + f not in names]
        if namespace.instance:  # a method read at its calls and dropped leaves the class (one still called stops)
            missing = [f for f in missing if owner + JOIN + f in read]
        if missing:
            raise Blocked(
                f"function `{missing[0]}` of class `{owner}` (a namespace of graph functions) is no function of its "
                "own in the rewrite, so the class cannot be put back",
                line,
            )
    split = _Split(names)
    body: list[cst.BaseStatement] = []
    for statement in module.body:
        if not (isinstance(statement, cst.FunctionDef) and statement.name.value in names):
            body.append(cast(cst.BaseStatement, statement.visit(split)))
            continue
        owner = names[statement.name.value][0]
        if statement is not held[owner][0]:
            continue
        definition = owners[owner].definition
        block = cast(cst.IndentedBlock, definition.body)
        originals = {m.name.value: m for m in block.body if isinstance(m, cst.FunctionDef)}
        first = next(iter(originals.values()))
        members: list[cst.BaseStatement] = [m for m in block.body[:1] if is_docstring(m)]
        for made in held[owner]:
            bare = names[made.name.value][1]
            original = originals.get(bare, first)
            spacing = (
                original.leading_lines
                if bare in originals and original.leading_lines
                else [cst.EmptyLine(indent=False)]
            )
            rewritten = cast(cst.FunctionDef, made.visit(split))
            decorators = list(original.decorators)
            if owners[owner].instance:  # read without ``self``: called on the class, or on an instance alike
                decorators = [cst.Decorator(cst.Name("staticmethod")), *decorators]
            members.append(
                rewritten.with_changes(
                    name=cst.Name(bare),
                    decorators=decorators,
                    leading_lines=spacing if members else [],
                )
            )
        kept_first = names[statement.name.value][1] == owners[owner].functions[0]
        spacing = statement.leading_lines if kept_first else definition.leading_lines  # the first read at its calls
        body.append(definition.with_changes(body=block.with_changes(body=members), leading_lines=spacing))
    return module.with_changes(body=body)


def spelled(namespaces: list[Namespace], message: str) -> str:
    """A reason or note naming ``lenet__inference`` as the program spells it, ``lenet.inference``."""
    for namespace in namespaces:
        owner = namespace.definition.name.value
        for function in namespace.functions:
            message = re.sub(rf"\b{re.escape(owner + JOIN + function)}\b", f"{owner}.{function}", message)
    return message
