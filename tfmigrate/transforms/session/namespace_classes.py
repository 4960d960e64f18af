"""A class used as a namespace of graph functions: ``class lenet: def inference(x, training): ...`` (no ``self``,
or each function a ``@staticmethod``), never constructed, each function reached as ``lenet.inference(x, True)``.

Reached through the class, each function is the plain function its ``def`` made; a class that is never
constructed, holds only such functions and is named only as ``lenet.<function>`` is their namespace and nothing
else. So the proof reads each as a module-level function ``lenet__inference`` where the class stood, the helper
models (helpers.py, inlined_helpers.py, called_once.py) decide as for any module function, and the rewrite is put
back: the functions in the class as written (their decorators kept), ``lenet__inference`` read as
``lenet.inference`` again. When the rewrite does not keep each function as a module-level function of its name,
the class cannot be put back and the program keeps the graph tier with that reason."""

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


class _Joined(cst.CSTTransformer):
    """``lenet.inference`` -> ``lenet__inference``, each new node remembering its original."""

    def __init__(self, names: dict[str, set[str]], made: Origins) -> None:
        self.names = names
        self.made = made

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        value = original_node.value
        if isinstance(value, cst.Name) and original_node.attr.value in self.names.get(value.value, ()):
            joined = cst.Name(value.value + JOIN + original_node.attr.value)
            self.made.keep(joined, original_node)
            return joined
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
    for statement in module.body:
        if isinstance(statement, cst.ClassDef):
            functions = _functions(statement)
            if functions is not None and _is_namespace(module, statement, functions):
                found.append((statement, functions))
    if not found:
        return None
    made = Origins()
    joined = _Joined({c.name.value: {f.name.value for f in fs} for c, fs in found}, made)
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
    namespaces = [Namespace(c, [f.name.value for f in fs]) for c, fs in found]
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
    for owner, namespace in owners.items():
        missing = [f for f in namespace.functions if owner + JOIN + f not in names]
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
            members.append(
                rewritten.with_changes(
                    name=cst.Name(bare),
                    decorators=original.decorators,
                    leading_lines=spacing if members else [],
                )
            )
        body.append(
            definition.with_changes(body=block.with_changes(body=members), leading_lines=statement.leading_lines)
        )
    return module.with_changes(body=body)


def spelled(namespaces: list[Namespace], message: str) -> str:
    """A reason or note naming ``lenet__inference`` as the program spells it, ``lenet.inference``."""
    for namespace in namespaces:
        owner = namespace.definition.name.value
        for function in namespace.functions:
            message = re.sub(rf"\b{re.escape(owner + JOIN + function)}\b", f"{owner}.{function}", message)
    return message
