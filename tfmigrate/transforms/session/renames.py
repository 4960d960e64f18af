"""What the passes that give a module's names new spellings share (rebound_functions.py, later_rebinds.py,
fetched_rebinds.py, keyed_dicts.py): the statements they rename at, the scopes that make a rename unsafe, and the
rewrite that applies a plan of renames.

A function, class, lambda or comprehension reads a name when it runs, not where it is written, so it may read any
binding of the name: each pass refuses a name such a scope reads. A pass plans its renames by node id on the module
as read; ``Renamer`` then rewrites those ``Name`` nodes in one visit and keeps every other node's line traced.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.functions import local_names, references
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

SCOPES = (cst.FunctionDef, cst.ClassDef, cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


def lone_assignment(statement: cst.CSTNode) -> cst.Assign | None:
    """The assignment that is all of ``statement``'s line, with one target (``a = b = v`` has two); else None."""
    if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
        return None
    small = statement.body[0]
    return small if isinstance(small, cst.Assign) and len(small.targets) == 1 else None


def named_assignment(statement: cst.CSTNode) -> tuple[str, cst.Assign] | None:
    """``name = value`` as all of ``statement``'s line: the name and the assignment; else None."""
    assign = lone_assignment(statement)
    target = assign.targets[0].target if assign is not None else None
    return (target.value, assign) if isinstance(target, cst.Name) and assign is not None else None


def read_by_a_scope(module: cst.Module, name: str) -> bool:
    """A scope of the module reads ``name``, other than a function that binds it as its own local."""
    for node in descendants(module):
        if isinstance(node, SCOPES) and references(node, name):
            if not (isinstance(node, cst.FunctionDef) and name in local_names(node)):
                return True
    return False


class Renamer(TracedRewrite):
    """Renames the Name nodes whose ids ``renames`` maps, keeping the lines of everything else traced."""

    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, renames: dict[int, str]) -> None:
        super().__init__(module, resolve, line_of)
        self.renames = renames

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        new = self.renames.get(id(original_node))
        return updated_node if new is None else updated_node.with_changes(value=new)


def renamed(
    module: cst.Module, resolve: Resolve, line_of: LineOf, renames: dict[int, str], notes: list[tuple[int, str]]
) -> tuple[cst.Module, Resolve, LineOf, list[tuple[int, str]]] | None:
    """The module with ``renames`` applied, its resolve/line_of and ``notes``; None when nothing is renamed."""
    if not renames:
        return None
    renamer = Renamer(module, resolve, line_of, renames)
    module = module.visit(renamer)
    return (module, *renamer.remapped(), notes)
