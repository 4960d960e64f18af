"""A constructor parameter holding a TF1 optimizer class that the eager rewrite left inert: natschz/deepq's
``def __init__(self, ..., optimizer=tf.train.AdamOptimizer)`` with ``self.optimizer = optimizer``, whose one call,
``self.optimizer(self.lr).minimize(self.loss)``, the rewrite made a train step with TF1's Adam
(optimizer_classes.py).

Once the step builds its own optimizer, nothing reads ``self.optimizer``: the parameter chooses nothing, and a caller
passing another class would be ignored without a word. So the parameter and its store go, with a note, and so does
``optimizer=tf.train.RMSPropOptimizer`` where the module's construction passes it (the class the step was proved
with): the program runs as before, and a caller elsewhere passing ``optimizer=`` now fails at once instead of
training with the class the step holds. Only where that holds: the class is only called in the module, never with
the parameter positional or ``**kwargs`` and by keyword only as a TF1 optimizer class, the attribute is read
nowhere (no ``x.optimizer``, no string that is its name), and no module of the run that imports this one reads the
attribute or the class (sibling_modules.py). A parameter still read keeps its class as written.

The module-level form, ``optimizer = tf.train.AdamOptimizer`` then ``optimizer(lr).minimize(loss)``, is left as
inert: the binding goes where no statement reads the name any more and no importer reads it.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session import dropped_items, sibling_modules
from tfmigrate.transforms.session.analysis import OPTIMIZERS, descendants
from tfmigrate.transforms.session.class_sugar import attribute_of, self_name
from tfmigrate.transforms.session.renames import lone_assignment, named_assignment

NOTE = (
    "parameter `{parameter}` of `{owner}` dropped with `self.{attribute}`{passed}: the train step now builds the "
    "optimizer class it named, with TF1's update rule, and nothing reads it (a caller passing another class would "
    "be ignored; it now fails)"
)


ALIAS = (
    "`{name} = {value}` dropped: the train step now builds that optimizer class with TF1's update rule, and nothing "
    "reads `{name}`"
)


def drop_aliases(original: cst.Module, module: cst.Module, tf: str) -> tuple[cst.Module, list[tuple[str, str]]]:
    """``module`` (the rewrite of ``original``) without its module-level names bound to a TF1 optimizer class that
    ``original`` called and nothing reads any more, and for each the name and the note."""
    spellings = {f"{tf}.{path}" for path in OPTIMIZERS} | {f"{tf}.compat.v1.{path}" for path in OPTIMIZERS}
    read = [n.value for n in descendants(module) if isinstance(n, cst.Name)]
    kept: list[cst.BaseStatement] = []
    notes: list[tuple[str, str]] = []
    for statement in module.body:
        named = named_assignment(statement)
        value = module.code_for_node(named[1].value) if named is not None else ""
        if named is None or value not in spellings or read.count(named[0]) != 1 or not _called(original, named[0]):
            kept.append(statement)
            continue
        if sibling_modules.read_elsewhere(named[0]):
            kept.append(statement)
            continue
        notes.append((named[0], ALIAS.format(name=named[0], value=value)))
    if not notes:
        return module, []
    return module.with_changes(body=kept), notes


def drop(original: cst.Module, module: cst.Module, tf: str) -> tuple[cst.Module, list[tuple[str, str, str]]]:
    """``module`` (the rewrite of ``original``) without the inert optimizer parameters of its classes' constructors,
    stored in an attribute ``original`` called, and for each the class, the parameter and the note."""
    classes = {s.name.value: s for s in module.body if isinstance(s, cst.ClassDef)}
    spellings = {f"{tf}.{path}" for path in OPTIMIZERS} | {f"{tf}.compat.v1.{path}" for path in OPTIMIZERS}
    replaced: dict[cst.ClassDef, cst.ClassDef] = {}
    dropped: set[int] = set()  # the keyword arguments passing a dropped parameter
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
            if store is not None and not _called(original, store[1], attribute=True):
                continue  # the TF1 program never called it: no train step built from it
            passed = _inert(module, name, index, param.name.value, store[1], spellings) if store else None
            if store is None or passed is None or any(n is p for p in passed for n in descendants(definition)):
                continue
            init = _without(init, param, store[0])
            dropped |= {id(p) for p in passed}
            said = f" and the argument{'s' if len(passed) > 1 else ''} passing it" if passed else ""
            notes.append(
                (
                    name,
                    param.name.value,
                    NOTE.format(parameter=param.name.value, owner=f"{name}.__init__", attribute=store[1], passed=said),
                )
            )
        if notes and init is not _constructor(definition):
            body = [init if m is _constructor(definition) else m for m in definition.body.body]
            replaced[definition] = definition.with_changes(body=definition.body.with_changes(body=body))
    if not replaced:
        return module, []
    return module.visit(_Drop(replaced, dropped)), notes


class _Drop(cst.CSTTransformer):
    def __init__(self, replaced: dict[cst.ClassDef, cst.ClassDef], dropped: set[int]) -> None:
        self.replaced, self.dropped = replaced, dropped

    def leave_ClassDef(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
        return self.replaced.get(original_node, updated_node)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        kept = dropped_items.kept(original_node.args, updated_node.args, self.dropped)
        return updated_node if kept is None else updated_node.with_changes(args=kept)


def _called(module: cst.Module, name: str, attribute: bool = False) -> bool:
    """``module`` calls ``name`` (``optimizer(lr)``), or an attribute of that name (``self.optimizer(lr)``)."""
    for node in descendants(module):
        if isinstance(node, cst.Call):
            func = node.func
            if attribute and isinstance(func, cst.Attribute) and func.attr.value == name:
                return True
            if not attribute and isinstance(func, cst.Name) and func.value == name:
                return True
    return False


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
    return all(
        isinstance(b.value, cst.Name) and b.value.value == "object" and b.keyword is None for b in definition.bases
    )


def _lone_store(init: cst.FunctionDef, parameter: str) -> tuple[cst.SimpleStatementLine, str] | None:
    """``self.attr = parameter``, a statement of the constructor's own block and its only read of ``parameter``."""
    owner = self_name(init)
    labels = {id(n.attr) for n in descendants(init.body) if isinstance(n, cst.Attribute)}
    labels |= {id(n.keyword) for n in descendants(init.body) if isinstance(n, cst.Arg) and n.keyword is not None}
    reads = [
        n for n in descendants(init.body) if isinstance(n, cst.Name) and n.value == parameter and id(n) not in labels
    ]
    for statement in init.body.body:
        assign = lone_assignment(statement)
        if assign is None or not (isinstance(assign.value, cst.Name) and assign.value.value == parameter):
            continue
        target = assign.targets[0].target
        if len(reads) == 1 and reads[0] is assign.value and attribute_of(target, owner):
            return statement, target.attr.value  # type: ignore[attr-defined,return-value]
    return None


def _inert(
    module: cst.Module, name: str, index: int, parameter: str, attribute: str, spellings: set[str]
) -> list[cst.Arg] | None:
    """The keyword arguments passing a TF1 optimizer class for the parameter, where nothing reads the attribute, every
    use of the class is a call that passes the parameter by such a keyword or not at all, and no importer of this
    module reads either; None where any of that fails."""
    if sibling_modules.read_elsewhere(attribute) or sibling_modules.read_elsewhere(name):
        return None
    passed: list[cst.Arg] = []
    stores = 0
    calls = {id(n.func): n for n in descendants(module) if isinstance(n, cst.Call)}
    for node in descendants(module):
        if isinstance(node, cst.Attribute) and node.attr.value == attribute:
            stores += 1
        elif isinstance(node, cst.SimpleString) and node.evaluated_value == attribute:
            return None  # ``getattr(net, "optimizer")``
        elif isinstance(node, cst.Name) and node.value == name:
            call = calls.get(id(node))
            if call is None:
                if not _defines(module, node):
                    return None  # passed, subclassed or aliased: a call elsewhere may pass it
                continue
            positional = [a for a in call.args if a.keyword is None]
            if any(a.star for a in call.args) or len(positional) >= index:  # ``self`` is the 0th parameter
                return None
            for arg in call.args:
                if arg.keyword is not None and arg.keyword.value == parameter:
                    if module.code_for_node(arg.value) not in spellings:
                        return None
                    passed.append(arg)
    return passed if stores == 1 else None  # the constructor's own store


def parameter_of(module: cst.Module, name: str, parameter: str) -> cst.Param | None:
    """The constructor parameter ``parameter`` of module-level class ``name`` (where a note stands)."""
    for statement in module.body:
        if isinstance(statement, cst.ClassDef) and statement.name.value == name:
            init = _constructor(statement)
            found = [p for p in init.params.params if p.name.value == parameter] if init is not None else []
            return found[0] if found else None
    return None


def binding_of(module: cst.Module, name: str) -> cst.BaseStatement | None:
    """The module-level statement binding ``name`` (where a note stands)."""
    found = [s for s in module.body if (named := named_assignment(s)) is not None and named[0] == name]
    return found[0] if found else None


def _defines(module: cst.Module, node: cst.Name) -> bool:
    return any(isinstance(s, cst.ClassDef) and s.name is node for s in module.body)


def _without(init: cst.FunctionDef, param: cst.Param, store: cst.BaseStatement) -> cst.FunctionDef:
    params = [p for p in init.params.params if p is not param]
    if params and param is init.params.params[-1]:
        params[-1] = params[-1].with_changes(comma=param.comma)
    body = [s for s in init.body.body if s is not store]
    return init.with_changes(params=init.params.with_changes(params=params), body=init.body.with_changes(body=body))
