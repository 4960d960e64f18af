"""A ``global`` that only host code uses (held-out 20, the word2vec tutorial's batcher advancing
``global data_index``): such a name stays a Python global in the eager program, as it was in TF1's.

The proof refuses ``global`` because a function rebinding a module name can change a value a graph was built
from, or rebind a graph value, behind the proof's back. Neither can happen when every function declaring the name
``global`` is host code (it names nothing from TensorFlow) and the name is read nowhere else but at the module's
own bindings of it: the graph never sees it, only what the host functions return (fed batches).
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session import host_builtins
from tfmigrate.transforms.session.analysis import Resolve, descendants, inside_functions


def private(module: cst.Module, resolve: Resolve) -> set[int]:
    """The ids of the ``global`` statements of host functions whose names only those functions read."""
    declaring: dict[str, list[cst.FunctionDef]] = {}
    statements: dict[int, tuple[cst.Global, cst.FunctionDef]] = {}
    for function in descendants(module):
        if not isinstance(function, cst.FunctionDef):
            continue
        for node in descendants(function.body):
            if isinstance(node, cst.Global):
                statements[id(node)] = (node, function)
                for item in node.names:
                    declaring.setdefault(item.name.value, []).append(function)
    if not statements:
        return set()
    inside = {id(n) for functions in declaring.values() for f in functions for n in descendants(f)}
    rebound = {  # a name declared but never stored to keeps its module value: reading it is reading a constant
        n.value
        for functions in declaring.values()
        for f in functions
        for node in descendants(f.body)
        if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For))
        for n in descendants(node.target)
        if isinstance(n, cst.Name)
    }
    foreign = {name for name in declaring if name in rebound and not _only_inside(module, name, inside, resolve)}
    allowed = set()
    for key, (node, function) in statements.items():
        names = {item.name.value for item in node.names}
        if names & foreign or not _host(function, resolve):
            continue
        allowed.add(key)
    return allowed


def _only_inside(module: cst.Module, name: str, inside: set[int], resolve: Resolve) -> bool:
    """``name`` is read only inside the functions declaring it, or by module statements naming nothing of
    TensorFlow and calling only builtins (``print("cursor", data_index)``): no graph is built from it (a call of
    the module's own class or function could build one)."""
    stored = {
        id(node.target)
        for node in descendants(module)
        if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign)) and isinstance(node.target, cst.Name)
    }
    functions = inside_functions(module)
    for line in descendants(module):
        if not isinstance(line, cst.SimpleStatementLine) or id(line) in inside:
            continue
        reads = [n for n in descendants(line) if isinstance(n, cst.Name) and n.value == name and id(n) not in stored]
        if reads and (line in functions or not _host(line, resolve) or not _builtin_calls(module, line)):
            return False
    for node in descendants(module):  # a compound statement's header (``if data_index > 3:``, ``for``)
        if isinstance(node, (cst.If, cst.While, cst.For, cst.With)) and id(node) not in inside:
            head = (
                [node.test]
                if isinstance(node, (cst.If, cst.While))
                else [node.iter]
                if isinstance(node, cst.For)
                else list(node.items)
            )
            if any(isinstance(n, cst.Name) and n.value == name for part in head for n in descendants(part)):
                return False
    return True


def _host(function: cst.CSTNode, resolve: Resolve) -> bool:
    """The code names nothing of TensorFlow and runs no Session (no ``.run(`` / ``.eval(``)."""
    for node in descendants(function):
        if isinstance(node, (cst.Name, cst.Attribute)) and resolve(node) is not None:
            return False
        if isinstance(node, cst.Attribute) and node.attr.value in ("run", "eval", "as_default"):
            return False
    return True


PLAIN = frozenset({"print", "len", "str", "repr", "int", "float", "round", "format"})


def _builtin_calls(module: cst.Module, line: cst.CSTNode) -> bool:
    return all(
        host_builtins.builtin_of(module, call.func, PLAIN) for call in descendants(line) if isinstance(call, cst.Call)
    )
