"""A graph class's ``@staticmethod`` that is host code: ``@staticmethod def get_shape(array): shape = array.shape;
return shape[0], 1 if len(shape) < 2 else shape[1]``, called as ``Regressor.get_shape(x_train)`` or
``self.get_shape(x_train)`` in the class's methods.

A static method is a plain function in the class's namespace; one that holds no TensorFlow and never names the
class builds no graph (was "class `lstm_regressor` builds graph ops and its method `get_shape` is decorated"). So
the class proof (classes.py) reads it as the module-level function ``Regressor__get_shape`` beside the class, each
call a call of it, and the module proof decides its calls as for any host function. The rewrite puts it back as
written, a static method of the class again, each call ``Regressor.get_shape(...)`` (``self.get_shape(...)`` in a
method where the program spelled it so). A static method naming the class (``def load(path): return
TFLogistic(...)``, an alternative constructor) is a second construction, not read here: classes.py names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import libcst as cst

from tfmigrate.transforms._tf1 import is_docstring
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants
from tfmigrate.transforms.session.class_sugar import attribute_of, lifted_beside, rewritten_class
from tfmigrate.transforms.session.loops import Origins

JOIN = "__"


@dataclass
class Lifted:
    methods: dict[str, tuple[cst.FunctionDef, str | None]]  # name -> (as written, the member it followed)
    via_self: set[str]  # the methods the program calls as ``self.m(...)``


def is_static(member: cst.BaseStatement) -> bool:
    return (
        isinstance(member, cst.FunctionDef)
        and len(member.decorators) == 1
        and isinstance(member.decorators[0].decorator, cst.Name)
        and member.decorators[0].decorator.value == "staticmethod"
    )


def _host(member: cst.FunctionDef, cls: str, resolve: Resolve) -> bool:
    """Holds no TensorFlow, names neither the class nor a nested scope, and is a plain synchronous function."""
    if member.asynchronous is not None or not isinstance(member.body, cst.IndentedBlock):
        return False
    for node in descendants(member.body):
        if isinstance(node, (cst.Yield, cst.Await, cst.Global, cst.Nonlocal, cst.FunctionDef, cst.ClassDef)):
            return False
        if isinstance(node, cst.Name) and node.value == cls:
            return False
        if isinstance(node, (cst.Name, cst.Attribute)) and _tensorflow(node, resolve):
            return False
    return True


def _tensorflow(node: cst.CSTNode, resolve: Resolve) -> bool:
    try:
        return resolve(node) is not None  # a TensorFlow API's path (``square``), else None
    except KeyError:
        return True  # a node the lookups do not know: not shown to be host code


def _owner(member: cst.BaseStatement) -> str | None:
    if isinstance(member, cst.FunctionDef) and not member.decorators and member.params.params:
        return member.params.params[0].name.value
    return None


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, Lifted] | None:
    """The module with each host static method a module-level function before the class, its calls calls of it;
    None when the class has none, or one is used other than by a call ``Cls.m(...)`` / ``self.m(...)``."""
    if not isinstance(definition.body, cst.IndentedBlock) or definition not in module.body:
        return None
    cls = definition.name.value
    members = list(definition.body.body)
    statics = {
        m.name.value: m for m in members if isinstance(m, cst.FunctionDef) and is_static(m) and _host(m, cls, resolve)
    }
    if not statics or any(isinstance(n, cst.Name) and n.value.startswith(cls + JOIN) for n in descendants(module)):
        return None
    owners = {id(n): _owner(m) for m in members for n in descendants(m)}
    calls = {id(c.func) for c in descendants(module) if isinstance(c, cst.Call)}
    labels = {id(n.attr) for n in descendants(module) if isinstance(n, cst.Attribute)}
    defs = {id(m.name) for m in statics.values()}
    instances = {  # names that may hold an instance: ``model = Regressor()``, any parameter
        *(p.name.value for n in descendants(module) if isinstance(n, cst.Parameters) for p in n.params),
        *(
            t.target.value
            for n in descendants(module)
            if isinstance(n, cst.Assign)
            and isinstance(n.value, cst.Call)
            and isinstance(n.value.func, cst.Name)
            and n.value.func.value == cls
            for t in n.targets
            if isinstance(t.target, cst.Name)
        ),
    }
    via_self: set[str] = set()
    for node in descendants(module):
        if isinstance(node, cst.Name) and node.value in statics and id(node) not in defs | labels:
            return None  # named other than as an attribute (``get_shape = ...``, a bare reference)
        if not (isinstance(node, cst.Attribute) and node.attr.value in statics and isinstance(node.value, cst.Name)):
            continue  # ``self.x.get_shape()``: an attribute of another object
        owner = owners.get(id(node))
        if attribute_of(node, cls) or owner is not None and attribute_of(node, owner):
            if id(node) not in calls:
                return None  # ``fn = Regressor.get_shape``: passed, not called
            if not attribute_of(node, cls):
                via_self.add(node.attr.value)
        elif node.value.value in instances:
            return None  # ``model.get_shape(...)`` through an instance: not followed
    made = Origins()

    funcs = {  # ``Regressor.get_shape`` / ``self.get_shape`` called: each a call of the function beside the class
        id(c.func)
        for c in descendants(module)
        if isinstance(c, cst.Call)
        and isinstance(c.func, cst.Attribute)
        and c.func.attr.value in statics
        and (
            attribute_of(c.func, cls) or c.func.attr.value in via_self and attribute_of(c.func, owners.get(id(c.func)))
        )
    }

    class Join(cst.CSTTransformer):
        def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
            return cst.Name(cls + JOIN + original_node.attr.value) if id(original_node) in funcs else updated_node

        def on_leave(self, original_node, updated_node):
            if isinstance(result := super().on_leave(original_node, updated_node), cst.CSTNode):
                made.add(result, original_node)
            return result

    functions: list[cst.BaseStatement] = []
    kept: list[cst.BaseStatement] = []
    before: dict[str, str | None] = {}
    previous: str | None = None
    for member in members:
        if isinstance(member, cst.FunctionDef) and member.name.value in statics:
            flat = member.with_changes(
                name=cst.Name(cls + JOIN + member.name.value),
                decorators=[],
                leading_lines=definition.leading_lines if not functions else member.leading_lines,
            )
            made.add(flat, member)
            functions.append(flat)
            before[member.name.value] = previous
            previous = member.name.value
            continue
        kept.append(cast(cst.BaseStatement, member.visit(Join())))
        previous = member.name.value if isinstance(member, cst.FunctionDef) else previous
    kept = kept or [cst.SimpleStatementLine([cst.Pass()])]
    lifted_module, resolve_made, line_of_made, rebuilt = lifted_beside(
        module,
        definition,
        functions,
        kept,
        made,
        resolve,
        line_of,
        lambda statement: cast(cst.BaseStatement, statement.visit(Join())),
    )
    lifted = Lifted({m: (statics[m], before[m]) for m in statics}, via_self)
    return lifted_module, resolve_made, line_of_made, rebuilt, lifted


def resugar(module: cst.Module, name: str, lifted: Lifted, line: int) -> cst.Module:
    """Each function a static method of the rewritten class again, as written, where it stood; its calls
    ``Cls.m(...)`` (``self.m(...)`` in the class's methods where the program spelled it so)."""
    refused = Blocked(
        f"class `{name}`: its static methods read as functions ({', '.join(lifted.methods)}) do not come back as the "
        "functions of the class from the rewrite",
        line,
    )
    definition = rewritten_class(module, name, refused)
    spelled = {name + JOIN + m: m for m in lifted.methods}
    functions = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef) and s.name.value in spelled}
    for joined, method in spelled.items():
        function = functions.get(joined)
        original = lifted.methods[method][0]
        if function is None or not _same(function, original):
            raise refused  # the rewrite changed host code it had no reason to touch

    class Split(cst.CSTTransformer):
        def __init__(self, owner: str | None) -> None:
            self.owner = owner

        def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
            method = spelled.get(original_node.value)
            if method is None:
                return updated_node
            holder = self.owner if self.owner is not None and method in lifted.via_self else name
            return cst.Attribute(value=cst.Name(holder), attr=cst.Name(method))

    members = [
        cast(cst.BaseStatement, m.visit(Split(_owner(m))))
        for m in cast(cst.IndentedBlock, definition.body).body
        if not (isinstance(m, cst.SimpleStatementLine) and isinstance(m.body[0], cst.Pass))
    ]
    for original, before in lifted.methods.values():
        names = [m.name.value if isinstance(m, cst.FunctionDef) else None for m in members]
        at = names.index(before) + 1 if before in names else int(bool(members) and is_docstring(members[0]))
        members.insert(at, original)
    rebuilt = definition.with_changes(body=definition.body.with_changes(body=members))
    body: list[cst.BaseStatement] = []
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef) and statement.name.value in spelled:
            continue
        if statement is definition:
            body.append(rebuilt)
            continue
        body.append(cast(cst.BaseStatement, statement.visit(Split(None))))
    return module.with_changes(body=body)


def _same(function: cst.FunctionDef, original: cst.FunctionDef) -> bool:
    """The rewritten function is the static method as written but for its name, decorator and leading lines."""
    code = cst.Module([]).code_for_node
    return code(function.body) == code(original.body) and code(function.params) == code(original.params)


def constructs(member: cst.FunctionDef, cls: str) -> str | None:
    """The construction a static or class method makes of its class (``TFLogistic(...)``, ``cls(...)``), as code;
    else None."""
    params = member.params.params
    first = params[0].name.value if params and not is_static(member) else None
    for node in descendants(member.body):
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in {cls, first}:
            return f"{node.func.value}(...)"
    return None
