"""A graph calling a name that holds a TensorFlow function: ``act = tf.nn.relu``, or one chosen from a literal list,
``activations = [tf.sigmoid, tf.nn.relu]; model = Model(activations[i])`` read in the class as
``self._activation(...)`` (held-out 20's ai_weight_init compares activations, one per pass of a reset loop).

TF1 calls the function the name holds when it builds the graph; eagerly the same function is called when the value
is computed. Both hold one of the listed functions when each name of the chain is bound once (at module level, by a
plain assignment) and the list is bound once to a literal that nothing changes (every use of its name reads an
item). The call is then as safe as each listed function: each must be an eager-safe TensorFlow op that draws no
random number and builds no variable (a draw would be a choice of streams the proof does not see).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms._checkpoint import eager_safe
from tfmigrate.transforms.session import host_builtins
from tfmigrate.transforms.session.analysis import PLACEHOLDER, VARIABLES, descendants, inside_functions, is_random

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program

LEN = frozenset({"len"})
UNCHOSEN = frozenset({*VARIABLES, PLACEHOLDER, "variable_scope", "name_scope", "set_random_seed"})


def safe(program: Program, call: cst.Call) -> bool:
    """The call's function is a name holding one of eager-safe TensorFlow ops (see the module's docstring)."""
    paths = choices(program, call.func)
    return bool(paths) and all(_safe(p) for p in paths)  # type: ignore[union-attr]


def _safe(path: str) -> bool:
    from tfmigrate.transforms.session import higher_order, py_funcs

    path = path.removeprefix("compat.v1.")
    return (
        eager_safe(path)
        and not is_random(path)
        and path not in UNCHOSEN
        and not higher_order.is_higher_order(path)
        and not py_funcs.is_py_func(path)
    )


def choices(program: Program, func: cst.BaseExpression) -> list[str] | None:
    """The TensorFlow paths the called name may hold; None when it is not a name of that kind."""
    if not isinstance(func, cst.Name):
        return None
    bindings = _bindings(program.module)
    value: cst.BaseExpression = func
    seen: set[str] = set()
    while isinstance(value, cst.Name):
        name = value.value
        if name in seen or program.binds.get(name) != 1 or name not in bindings:
            return None
        seen.add(name)
        value = bindings[name]
    if isinstance(value, cst.Subscript):
        listed = value.value
        if (
            not isinstance(listed, cst.Name)
            or program.binds.get(listed.value) != 1
            or not _only_indexed(program, listed)
        ):
            return None
        literal = bindings.get(listed.value)
        if not isinstance(literal, (cst.List, cst.Tuple)) or not literal.elements:
            return None
        elements = [e.value for e in literal.elements if not isinstance(e, cst.StarredElement)]
        if len(elements) != len(literal.elements):
            return None
        paths = [program.tf_path(e) if isinstance(e, cst.Attribute) else None for e in elements]
        return [p for p in paths if p] if all(paths) else None
    path = program.tf_path(value) if isinstance(value, cst.Attribute) else None
    return [path] if path else None


def _bindings(module: cst.Module) -> dict[str, cst.BaseExpression]:
    """Module-level ``name = value`` assignments (one target), outside functions."""
    local = inside_functions(module)
    found: dict[str, cst.BaseExpression] = {}
    for node in descendants(module):
        if (
            isinstance(node, cst.Assign)
            and node not in local
            and len(node.targets) == 1
            and isinstance(node.targets[0].target, cst.Name)
        ):
            found[node.targets[0].target.value] = node.value
    return found


def _only_indexed(program: Program, listed: cst.Name) -> bool:
    """Every use of the list's name other than its binding reads it (``activations[i]``, ``len(activations)``, a
    ``for`` over it): nothing appends to it, stores an item or passes it on."""
    name = listed.value
    stored = {
        id(t.target)
        for n in descendants(program.module)
        if isinstance(n, (cst.Assign, cst.AugAssign, cst.AnnAssign, cst.Del))
        for t in (n.targets if isinstance(n, cst.Assign) else [n])
    }
    read = {
        id(n.value)
        for n in descendants(program.module)
        if isinstance(n, cst.Subscript) and id(n) not in stored and isinstance(n.value, cst.Name)
    }
    read |= {id(n.iter) for n in descendants(program.module) if isinstance(n, cst.For)}
    read |= {  # ``len(activations)``
        id(n.args[0].value)
        for n in descendants(program.module)
        if isinstance(n, cst.Call) and host_builtins.builtin(program, n.func, LEN) and len(n.args) == 1
    }
    targets = {
        id(t.target)
        for n in descendants(program.module)
        if isinstance(n, cst.Assign)
        for t in n.targets
        if isinstance(t.target, cst.Name) and t.target.value == name
    }
    return all(
        id(n) in read or id(n) in targets
        for n in descendants(program.module)
        if isinstance(n, cst.Name) and n.value == name
    )
