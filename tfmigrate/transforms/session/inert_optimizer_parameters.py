"""A constructor parameter holding a TF1 optimizer class that the eager rewrite left inert: natschz/deepq's
``def __init__(self, ..., optimizer=tf.train.AdamOptimizer)`` with ``self.optimizer = optimizer``, whose one call,
``self.optimizer(self.lr).minimize(self.loss)``, the rewrite made a train step with TF1's Adam
(optimizer_classes.py).

Once the step builds its own optimizer, nothing reads ``self.optimizer``: the parameter chooses nothing, and a caller
passing another class would be ignored without a word. So the parameter and its store go, with a note: the program
runs as before (the step is the class's default, the only one it was constructed with), and a caller passing
``optimizer=`` now fails at once instead of training with Adam. Only where that holds: no call in the module
passes the parameter and the class is only called there, the attribute is read nowhere (no ``x.optimizer``, no
string that is its name), and no module of the run that imports this one reads the attribute or the class
(sibling_modules.py). A parameter still read keeps its class as written.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session import sibling_modules
from tfmigrate.transforms.session.analysis import OPTIMIZERS, descendants
from tfmigrate.transforms.session.class_sugar import attribute_of, self_name
from tfmigrate.transforms.session.renames import lone_assignment

NOTE = (
    "parameter `{parameter}` of `{owner}` dropped with `self.{attribute}`: its default `{default}` is the optimizer "
    "the train step now builds with TF1's update rule, and nothing reads it (a caller passing another class would "
    "be ignored; it now fails)"
)


def drop(module: cst.Module, tf: str) -> tuple[cst.Module, list[tuple[str, str, str]]]:
    """``module`` without the inert optimizer parameters of its classes' constructors, and for each the class, the
    parameter and the note."""
    classes = {s.name.value: s for s in module.body if isinstance(s, cst.ClassDef)}
    spellings = {f"{tf}.{path}" for path in OPTIMIZERS} | {f"{tf}.compat.v1.{path}" for path in OPTIMIZERS}
    replaced: dict[cst.ClassDef, cst.ClassDef] = {}
    notes: list[tuple[str, str, str]] = []
    for name, definition in classes.items():
        init = _constructor(definition)
        if init is None:
            continue
        for index, param in enumerate(init.params.params):
            default = module.code_for_node(param.default) if param.default is not None else ""
            if default not in spellings:
                continue
            store = _lone_store(init, param.name.value)
            if store is None or not _inert(module, name, index, param.name.value, store[1]):
                continue
            init = _without(init, param, store[0])
            notes.append(
                (
                    name,
                    param.name.value,
                    NOTE.format(
                        parameter=param.name.value, owner=f"{name}.__init__", attribute=store[1], default=default
                    ),
                )
            )
        if notes and init is not _constructor(definition):
            body = [init if m is _constructor(definition) else m for m in definition.body.body]
            replaced[definition] = definition.with_changes(body=definition.body.with_changes(body=body))
    if not replaced:
        return module, []
    return module.with_changes(body=[replaced.get(s, s) for s in module.body]), notes  # type: ignore[arg-type]


def _constructor(definition: cst.ClassDef) -> cst.FunctionDef | None:
    if definition.decorators or definition.bases and not _object_base(definition):
        return None
    found = [
        m
        for m in definition.body.body
        if isinstance(m, cst.FunctionDef) and m.name.value == "__init__" and not m.decorators
    ]
    return found[0] if len(found) == 1 and isinstance(found[0].body, cst.IndentedBlock) else None


def _object_base(definition: cst.ClassDef) -> bool:
    return all(isinstance(b.value, cst.Name) and b.value.value == "object" and b.keyword is None for b in definition.bases)


def _lone_store(init: cst.FunctionDef, parameter: str) -> tuple[cst.SimpleStatementLine, str] | None:
    """``self.attr = parameter``, a statement of the constructor's own block and its only read of ``parameter``."""
    owner = self_name(init)
    labels = {id(n.attr) for n in descendants(init.body) if isinstance(n, cst.Attribute)}
    labels |= {id(n.keyword) for n in descendants(init.body) if isinstance(n, cst.Arg) and n.keyword is not None}
    reads = [
        n for n in descendants(init.body) if isinstance(n, cst.Name) and n.value == parameter and id(n) not in labels
    ]
    for statement in init.body.body:  # type: ignore[union-attr]
        assign = lone_assignment(statement)
        if assign is None or not (isinstance(assign.value, cst.Name) and assign.value.value == parameter):
            continue
        target = assign.targets[0].target
        if len(reads) == 1 and reads[0] is assign.value and attribute_of(target, owner):
            return statement, target.attr.value  # type: ignore[attr-defined,return-value]
    return None


def _inert(module: cst.Module, name: str, index: int, parameter: str, attribute: str) -> bool:
    """Nothing reads the attribute, every use of the class is a call that passes nothing for the parameter, and no
    importer of this module reads either."""
    if sibling_modules.read_elsewhere(attribute) or sibling_modules.read_elsewhere(name):
        return False
    stores = 0
    calls = {id(n.func): n for n in descendants(module) if isinstance(n, cst.Call)}
    for node in descendants(module):
        if isinstance(node, cst.Attribute) and node.attr.value == attribute:
            stores += 1
        elif isinstance(node, cst.SimpleString) and node.evaluated_value == attribute:
            return False  # ``getattr(net, "optimizer")``
        elif isinstance(node, cst.Name) and node.value == name:
            call = calls.get(id(node))
            if call is None:
                if not _defines(module, node):
                    return False  # passed, subclassed or aliased: a call elsewhere may pass it
                continue
            positional = [a for a in call.args if a.keyword is None]
            if any(a.star for a in call.args) or len(positional) >= index:  # ``self`` is the 0th parameter
                return False
            if any(a.keyword is not None and a.keyword.value == parameter for a in call.args):
                return False
    return stores == 1  # the constructor's own store


def parameter_of(module: cst.Module, name: str, parameter: str) -> cst.Param | None:
    """The constructor parameter ``parameter`` of module-level class ``name`` (where a note stands)."""
    for statement in module.body:
        if isinstance(statement, cst.ClassDef) and statement.name.value == name:
            init = _constructor(statement)
            found = [p for p in init.params.params if p.name.value == parameter] if init is not None else []
            return found[0] if found else None
    return None


def _defines(module: cst.Module, node: cst.Name) -> bool:
    return any(isinstance(s, cst.ClassDef) and s.name is node for s in module.body)


def _without(init: cst.FunctionDef, param: cst.Param, store: cst.BaseStatement) -> cst.FunctionDef:
    params = [p for p in init.params.params if p is not param]
    if params and param is init.params.params[-1]:
        params[-1] = params[-1].with_changes(comma=param.comma)
    body = [s for s in init.body.body if s is not store]  # type: ignore[union-attr]
    return init.with_changes(
        params=init.params.with_changes(params=params), body=init.body.with_changes(body=body)
    )
