"""Why a call of a function imported from another module (``from util import get_data``, ``import gym``) keeps the
program in graph mode: a function tfmigrate could not show to be host code may add ops to the default graph
(shifting the op seeds of the ops built after it, adding variables the initializer runs) or run a Session, even
when the program uses its result only as host data. The reason names the module so the reader can check it: what a
module read with the program reaches (tfmigrate.siblings), what an installed library requires or that it builds
TensorFlow ops (tfmigrate.host_libraries), or that the module is found nowhere tfmigrate looks (not beside the
program, on the path, in the standard library or installed where tfmigrate runs)."""

from __future__ import annotations

import libcst as cst

from tfmigrate.host_libraries import UNREAD, decide
from tfmigrate.transforms.session import sibling_modules
from tfmigrate.transforms.session.analysis import Program


def foreign(program: Program, node: cst.CSTNode) -> bool:
    """``node`` calls a function of another module that is not shown to be host code (``f(...)``, ``m.f(...)``)."""
    if not isinstance(node, cst.Call):
        return False
    func = node.func
    if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
        return program.foreign(func.value.value)
    return isinstance(func, cst.Name) and program.foreign(func.value)


def reason(program: Program, call: cst.Call) -> str:
    func = call.func
    root = func.value if isinstance(func, cst.Attribute) else func
    name = root.value if isinstance(root, cst.Name) else ""
    source = program.imported.get(name, name)
    module = source.rsplit(".", 1)[0] if isinstance(func, cst.Name) and "." in source else source
    code = program.module.code_for_node(func)
    read = sibling_modules.reason(name)
    if read is not None:  # read or decided (tfmigrate.siblings, tfmigrate.host_libraries)
        return f"calls `{code}` of module `{module}`, which is not host code: {read}"
    unread = not module.startswith(".") and decide(module.split(".")[0]).verdict.endswith(UNREAD)
    where = " (not beside the program, on the path, in the standard library or installed here)" if unread else ""
    return (
        f"calls `{code}` of module `{module}`, which tfmigrate does not read{where}: it may add ops to "
        "the graph (shifting later ops' seeds, adding variables) or run a Session, whatever the program does with "
        "its result"
    )
