"""A ``tf.variable_scope`` entered again around ``tf.Variable``s: a GAN's discriminator read at its second call
(``D_fake = discriminator(G, reuse=True)``), its weights made by ``tf.Variable``, which reuse does not share.

TF1 gave the second entry the numbered name scope (``discriminator_1``: its variables ``discriminator_1/Variable``)
and the same variable scope, which only ``tf.get_variable`` and what builds through it (layers, cells, templates)
read. Eagerly the scope is not numbered, so the proof refuses a scope entered twice around variables
(stateless_scopes.py). Where such a later entry's block, read through the program's functions, builds nothing that
reads the variable scope (inert_reuse.py's test, which also dropped the reuse it ignores) and names no scope object,
it is the name scope alone: it is read as ``tf.name_scope("discriminator_1")``, which names its variables as TF1
did, eagerly too. Only blocks run once in order (module-level statements, or the body of the function holding the
Session, and ``with`` blocks in them), every entry of the name in one such block, the numbered names written
nowhere else in the module, no op given the scope's name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.transforms._checkpoint import argument, literal_string
from tfmigrate.transforms.session import inert_reuse
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

SCOPES = ("variable_scope", "name_scope")


def number(module: cst.Module, resolve: Resolve, line_of: LineOf, holder: str | None = None):
    """The module with each later entry of such a scope read as its numbered name scope, and a note for each; None
    where there is none. ``holder``: the function whose body holds the Session program (run once)."""
    if "variable_scope" not in module_code(module):
        return None
    reads = inert_reuse.reads_nothing(module, resolve)
    numbered: dict[cst.With, str] = {}
    blocks: list[list[cst.BaseStatement]] = [list(module.body)]
    blocks += [
        list(s.body.body)
        for s in module.body
        if isinstance(s, cst.FunctionDef) and s.name.value == holder and isinstance(s.body, cst.IndentedBlock)
    ]
    lists: list[list[cst.BaseStatement]] = []
    for block in blocks:
        _straight(block, lists)
    entries = _entries(module, resolve)
    for statements in lists:
        names: dict[str, list[cst.With]] = {}
        for statement in statements:
            name = _scope_name(statement, resolve) if isinstance(statement, cst.With) else None
            if name is not None:
                names.setdefault(name, []).append(statement)  # type: ignore[arg-type]
        for name, withs in names.items():
            if len(withs) < 2 or entries.get(name, 0) != len(withs) or not _free(module, name, len(withs)):
                continue
            for index, statement in enumerate(withs[1:], start=1):
                if _variables_only(statement, resolve, reads):
                    numbered[statement] = f"{name}_{index}"
    if not numbered:
        return None
    rewrite = _Number(module, resolve, line_of, numbered)
    changed = module.visit(rewrite)
    resolve_new, line_of_new = rewrite.remapped()
    notes = [
        (
            line_of(statement),
            f"tf.variable_scope({new.rsplit('_', 1)[0]!r}) entered again around tf.Variables (which reuse does not "
            f"share): tf.name_scope({new!r}), the name scope TF1 numbered it",
        )
        for statement, new in numbered.items()
    ]
    return changed, resolve_new, line_of_new, sorted(notes)


def _straight(statements: list[cst.BaseStatement], lists: list[list[cst.BaseStatement]]) -> None:
    """Each statement list run once, in order: ``statements`` and the bodies of the ``with`` blocks in them."""
    lists.append(statements)
    for statement in statements:
        if isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
            _straight(list(statement.body.body), lists)


def _path(resolve: Resolve, node: cst.CSTNode) -> str:
    return (resolve(node) or "").removeprefix("compat.v1.")


def _scope_call(statement: cst.With, resolve: Resolve) -> cst.Call | None:
    if len(statement.items) != 1:
        return None
    call = statement.items[0].item
    if isinstance(call, cst.Call) and _path(resolve, call.func) in SCOPES:
        return call
    return None


def _scope_name(statement: cst.With, resolve: Resolve) -> str | None:
    call = _scope_call(statement, resolve)
    first = argument(call, 0, "name_or_scope") if call is not None else None
    if first is None or call is None or any(a.star for a in call.args):
        return None
    if first.keyword is None and call.args[0] is not first:
        return None
    return literal_string(first.value)


def _entries(module: cst.Module, resolve: Resolve) -> dict[str, int]:
    """How many ``with`` scopes of each literal name the module enters anywhere."""
    counted: dict[str, int] = {}
    for node in descendants(module):
        if isinstance(node, cst.With):
            name = _scope_name(node, resolve)
            if name is not None:
                counted[name] = counted.get(name, 0) + 1
    return counted


def _free(module: cst.Module, name: str, entries: int) -> bool:
    """No string of the module spells a numbered name (``discriminator_1``), and none names an op ``name``."""
    taken = {f"{name}_{index}" for index in range(1, entries)}
    for node in descendants(module):
        if isinstance(node, cst.SimpleString) and literal_string(node) in taken:
            return False
        if isinstance(node, cst.Arg) and node.keyword is not None and node.keyword.value == "name":
            if literal_string(node.value) == name:
                return False
    return True


def _variables_only(
    statement: cst.With, resolve: Resolve, reads: Callable[[Sequence[cst.BaseStatement]], bool]
) -> bool:
    """The entry makes tf.Variables and builds nothing that reads its variable scope; no ``as`` object."""
    call = _scope_call(statement, resolve)
    if call is None or statement.items[0].asname is not None:
        return False
    if any(a.keyword is not None and a.keyword.value not in ("name_or_scope", "reuse") for a in call.args):
        return False
    calls = [n for n in descendants(statement.body) if isinstance(n, cst.Call)]
    if not any(_path(resolve, c.func) == "Variable" for c in calls):
        return False
    if any(_path(resolve, c.func) == "get_variable_scope" for c in calls):
        return False
    return reads(statement.body.body) if isinstance(statement.body, cst.IndentedBlock) else False


class _Number(TracedRewrite):
    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, numbered: dict[cst.With, str]) -> None:
        super().__init__(module, resolve, line_of)
        self.numbered = numbered

    def leave_With(self, original_node, updated_node):
        new = self.numbered.get(original_node)
        if new is None:
            return updated_node
        call = updated_node.items[0].item
        func = call.func
        scope = (
            func.with_changes(attr=cst.Name("name_scope"))
            if isinstance(func, cst.Attribute)
            else cst.Attribute(cst.Name("tf"), cst.Name("name_scope"))
        )
        self.forced[id(scope)] = "name_scope"
        self.forced[id(scope.attr)] = "name_scope"
        made = call.with_changes(func=scope, args=[cst.Arg(cst.SimpleString(repr(new)))])
        self.traced(made, original_node)
        return updated_node.with_changes(items=[updated_node.items[0].with_changes(item=made)])
