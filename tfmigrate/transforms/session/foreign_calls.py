"""Why a call of a function imported from another module of the project (``from util import get_data``) keeps
the program in graph mode: tfmigrate reads one file, and a function it cannot read may add ops to the default
graph (shifting the op seeds of the ops built after it, adding variables the initializer runs) or run a Session,
even when the program uses its result only as host data. The reason names the module so the reader can check it:
a loader that only reads files and NumPy is safe to migrate by hand, or by defining it in the file."""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session import sibling_modules
from tfmigrate.transforms.session.analysis import Program


def reason(program: Program, call: cst.Call) -> str:
    func = call.func
    root = func.value if isinstance(func, cst.Attribute) else func
    name = root.value if isinstance(root, cst.Name) else ""
    source = program.imported.get(name, name)
    module = source.rsplit(".", 1)[0] if isinstance(func, cst.Name) and "." in source else source
    code = program.module.code_for_node(func)
    read = sibling_modules.reason(name)
    if read is not None:  # its module was read (tfmigrate.siblings): the reason names what the function reaches
        return f"calls `{code}` of module `{module}`, which is not host code: {read}"
    return (
        f"calls `{code}` of module `{module}`, which tfmigrate does not read (one file at a time): it may add ops to "
        "the graph (shifting later ops' seeds, adding variables) or run a Session, whatever the program does with "
        "its result"
    )
