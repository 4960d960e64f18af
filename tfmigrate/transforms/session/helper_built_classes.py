"""A model class that builds its graph only through the module's functions: the Udacity GAN notebooks' ``class
GAN: def __init__(self, real_size, z_size, lr): self.input_real, self.input_z = model_inputs(real_size, z_size);
self.d_loss, self.g_loss = model_loss(...); self.d_opt, self.g_opt = model_opt(...)``, whose methods call no
TensorFlow builder themselves.

TF1 built that graph when the module constructed the instance, as it does for a class calling ``tf.placeholder``
in its constructor; so it is the program's graph class (classes.py), and the class proof reads the helpers at their
calls there. Read as host code instead, the module proof walks the helpers in file order and names the first one it
cannot model (``model_inputs`` makes a placeholder), which is not what stops the program. A module-level function
counts when its body calls a graph builder (classes.GRAPH_BUILDERS) or another such function; only a class no
method of which builds the graph itself is read this way, so every class found before stays the one found."""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from tfmigrate.transforms.session.analysis import Resolve, descendants
from tfmigrate.transforms.session.variable_builders import callers


def graph_functions(module: cst.Module, resolve: Resolve, builds: Callable[[str], bool]) -> frozenset[str]:
    """The module-level functions (each defined once) whose calls build graph values, directly (``builds`` of a
    call's TF1 path) or through another such function."""
    defined: dict[str, cst.FunctionDef | None] = {}
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef):
            name = statement.name.value
            defined[name] = statement if name not in defined else None
    calls: dict[str, set[str]] = {}
    found: set[str] = set()
    for name, function in defined.items():
        if function is None:
            continue
        calls[name] = set()
        for node in descendants(function.body):
            if not isinstance(node, cst.Call):
                continue
            if builds((resolve(node.func) or "").removeprefix("compat.v1.")):
                found.add(name)
            elif isinstance(node.func, cst.Name) and node.func.value in defined:
                calls[name].add(node.func.value)
    return frozenset(callers(calls, found))


def builds_through_functions(definition: cst.ClassDef, functions: frozenset[str]) -> bool:
    """The class's methods call one of ``functions`` by its module-level name."""
    return any(
        isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in functions
        for node in descendants(definition.body)
    )
