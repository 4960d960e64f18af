"""Functions defined after the ``if __name__ == "__main__":`` block (held-out set 24's kw_mnist_mlp:
``train()`` called in the guard, then ``def clone(...)`` and ``def cloning_example()`` below it).

Why: the guard runs before Python reaches those ``def`` statements, so nothing the run does can call them (a call
would raise NameError); they are read as if they stood just above the guard, where the usual reading of a function
nothing calls applies, and put back below it afterwards. Read as written, the guard was not the module's last
statement and the whole module was read as a library of Session functions, whose refusal named the guard's one call.

Only where every statement after the guard is an undecorated ``def`` (or a bare string) whose defaults call nothing
but ``tf.get_default_graph()`` and whose name nothing before it reads or binds, and only for a module refused as
written, so that every program proved today keeps its rewrite.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._tf1 import is_docstring  # a bare string statement (a closing note): it does nothing
from tfmigrate.transforms.session.analysis import Blocked, Resolve, descendants
from tfmigrate.transforms.session.functions import is_main_guard, references

Definition = cst.FunctionDef
GRAPH = "get_default_graph"


def read(module: cst.Module, resolve: Resolve) -> tuple[cst.Module, list[Definition]] | None:
    """The module with the definitions after its last main guard moved above the guard, and those definitions;
    None for any other shape."""
    body = list(module.body)
    at = max((i for i, s in enumerate(body) if is_main_guard(s)), default=None)
    if at is None or at == len(body) - 1:
        return None
    after = body[at + 1 :]
    late = [s for s in after if isinstance(s, cst.FunctionDef) and _inert(s, resolve)]
    if not late or len(late) + sum(map(is_docstring, after)) != len(after):
        return None
    names = [s.name.value for s in late]
    if len(set(names)) != len(names):
        return None
    before = module.with_changes(body=body[: at + 1])
    if any(references(before, name) for name in names):
        return None  # read or bound before the definitions ran
    strings = [s for s in after if is_docstring(s)]
    return module.with_changes(body=[*body[:at], *late, body[at], *strings]), list(late)


def _inert(definition: cst.FunctionDef, resolve: Resolve) -> bool:
    """Defining it does nothing but bind its name: no decorator, and no default that calls anything but
    ``tf.get_default_graph()`` (kw_mnist_mlp's ``def clone(target, source, graph=tf.get_default_graph())``), which
    reads the one graph of the program wherever the ``def`` stands."""
    if definition.decorators:
        return False
    for param in (*definition.params.params, *definition.params.kwonly_params, *definition.params.posonly_params):
        for call in descendants(param.default) if param.default is not None else ():
            if isinstance(call, cst.Call) and (resolve(call.func) or "").removeprefix("compat.v1.") != GRAPH:
                return False
    return True


def restore(migrated: cst.Module, late: list[Definition]) -> cst.Module:
    """The migrated module with the late definitions back below its last statement, the guard; raises Blocked
    where the rewrite changed that order."""
    names = {d.name.value for d in late}
    body = list(migrated.body)
    found = [s for s in body if isinstance(s, cst.FunctionDef) and s.name.value in names]
    rest = [s for s in body if not any(s is f for f in found)]
    at = max((i for i, s in enumerate(rest) if is_main_guard(s)), default=None)
    if len(found) != len(late) or at is None or not all(map(is_docstring, rest[at + 1 :])):
        raise Blocked('the rewrite moved the definitions below the `if __name__ == "__main__":` block', 0)
    return migrated.with_changes(body=[*rest[: at + 1], *found, *rest[at + 1 :]])
