"""Import statements in a graph helper's body (``def init_weights(shape): import numpy as np; return
tf.Variable(np.full(shape, 0.01))``).

Python imports a module once per process (``sys.modules``); an ``import`` in a function binds a local name to that
same module object on every call, in TF1 as eagerly, and builds no graph op. When the module also binds the name at
module level by the same import, the body reads through it exactly what it would read through the module's name, which
is how the straight-line model already reads it: the statement is dropped from the model and kept as written. An
import of TensorFlow code (the helper may build graph ops through it), a relative or star import, or a name the module
does not bind by the same import keeps the refusal, saying which.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants

if TYPE_CHECKING:
    from collections.abc import Callable

    from tfmigrate.transforms.session.analysis import Blocked, Program

# Packages whose code builds graph ops: a helper importing them itself is not modelled.
GRAPH_PACKAGES = frozenset({"tensorflow", "keras", "tf_keras", "tf_slim", "tensorflow_probability", "sonnet"})


def strip(program: Program, body: list, deny: Callable[[str, cst.CSTNode], Blocked]) -> list:
    """``body`` without its import statements that bind what the module binds by the same import; ``deny``'s
    Blocked for any other import statement."""
    module_level: set[tuple[str, str]] | None = None
    rest = []
    for statement in body:
        small = (
            statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
        )
        if not isinstance(small, (cst.Import, cst.ImportFrom)):
            rest.append(statement)
            continue
        bound = bindings(small)
        code = program.module.code_for_node(small)
        if bound is None:
            raise deny(f"`{code}` (a relative or star import in a helper is not modelled)", statement)
        graph = sorted({source for _, source in bound if source.split(".")[0] in GRAPH_PACKAGES})
        if graph:
            raise deny(
                f"`{code}` imports `{graph[0]}`, graph-building code a helper's own import is not read", statement
            )
        if module_level is None:
            module_level = _module_level(program.module)
        missing = sorted(name for name, source in bound if (name, source) not in module_level)
        if missing:
            raise deny(f"`{code}` binds `{missing[0]}`, which the module does not bind by the same import", statement)
    return rest


def repeated(module: cst.Module) -> set[cst.CSTNode]:
    """The import statements inside the module's functions each of whose names the module binds by the same import
    at module level: they bind the module's object again (Program.count_bindings counts them not)."""
    module_level = _module_level(module)
    found: set[cst.CSTNode] = set()
    for statement in module.body:
        if not isinstance(statement, cst.FunctionDef):
            continue
        for node in descendants(statement.body):
            if isinstance(node, (cst.Import, cst.ImportFrom)):
                bound = bindings(node)
                if bound and all(pair in module_level for pair in bound):
                    found.add(node)
    return found | imported_again(module)


def imported_again(module: cst.Module) -> set[cst.CSTNode]:
    """Module-level ``import tensorflow as tf`` statements each of whose names an earlier module-level ``import``
    bound to the same module (a library module inlined above the script that imports it again): Python's import
    returns the one module object of ``sys.modules``, so the name keeps its value. Any other binding of the name
    between them is still counted (Program.count_bindings, analysis.Bindings), which then refuses as before."""
    seen: set[tuple[str, str]] = set()
    found: set[cst.CSTNode] = set()
    for line in module.body:
        if not isinstance(line, cst.SimpleStatementLine):
            continue
        for top in line.body:
            if isinstance(top, cst.Import):
                bound = bindings(top) or []
                if bound and all(pair in seen for pair in bound):
                    found.add(top)
                seen.update(bound)
    return found


def _module_level(module: cst.Module) -> set[tuple[str, str]]:
    return {
        pair
        for line in module.body
        if isinstance(line, cst.SimpleStatementLine)
        for top in line.body
        if isinstance(top, (cst.Import, cst.ImportFrom))
        for pair in bindings(top) or ()
    }


def bindings(statement: cst.Import | cst.ImportFrom) -> list[tuple[str, str]] | None:
    """(name bound, dotted module or ``module.attribute`` it is bound to) for each alias; None for a relative or
    star import."""
    found = []
    if isinstance(statement, cst.ImportFrom):
        if statement.relative or statement.module is None or isinstance(statement.names, cst.ImportStar):
            return None
        source = _dotted(statement.module)
        for alias in statement.names:
            name = _dotted(alias.name)
            bound = _dotted(alias.asname.name) if alias.asname is not None else name
            found.append((bound, f"{source}.{name}"))
        return found
    for alias in statement.names:
        name = _dotted(alias.name)
        if alias.asname is not None:
            found.append((_dotted(alias.asname.name), name))
        else:
            found.append((name.split(".")[0], name.split(".")[0]))  # ``import a.b`` binds ``a``
    return found


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""
