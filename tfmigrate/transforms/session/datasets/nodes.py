"""The module's nodes, walked once: the lists each check of datasets/ reads, in the order they are written."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants, loaded_names

# Nodes that bind a name by ``def``, ``class`` or a parameter (a map function's name must be its definition's alone).
DEFINITIONS = (cst.FunctionDef, cst.ClassDef, cst.Param)


@dataclass(frozen=True)
class Nodes:
    all: list[cst.CSTNode]
    names: list[cst.Name]  # every name but an attribute's own (``tf`` of ``tf.data``, not ``data``)
    attributes: list[cst.Attribute]
    lines: list[cst.SimpleStatementLine]
    loops: list[cst.For]
    binders: list[tuple[cst.CSTNode, cst.CSTNode]]  # a node that binds names -> what it binds them by
    inside: frozenset[int]  # ids of the nodes in functions (left to the proof)

    @classmethod
    def of(cls, module: cst.Module) -> Nodes:
        every = list(descendants(module))
        attributes = [n for n in every if isinstance(n, cst.Attribute)]
        attribute_names = {id(n.attr) for n in attributes}
        binders: list[tuple[cst.CSTNode, cst.CSTNode]] = []
        for node in every:
            if isinstance(node, (cst.AssignTarget, cst.For, cst.AugAssign, cst.AnnAssign, cst.CompFor)):
                binders.append((node, node.target))
            elif isinstance(node, cst.ImportAlias):
                binders.append((node, node.asname.name if node.asname is not None else node.name))
            elif isinstance(node, DEFINITIONS):
                binders.append((node, node.name))
        return cls(
            every,
            [n for n in every if isinstance(n, cst.Name) and id(n) not in attribute_names],
            attributes,
            [n for n in every if isinstance(n, cst.SimpleStatementLine)],
            [n for n in every if isinstance(n, cst.For)],
            binders,
            frozenset(id(n) for f in every if isinstance(f, cst.FunctionDef) for n in descendants(f)),
        )

    def binding_counts(self, definitions: bool = True) -> dict[str, int]:
        """How often the module binds each name (with ``definitions``, by ``def``, ``class`` and parameters too)."""
        counts: dict[str, int] = {}
        for node, target in self.binders:
            if definitions or not isinstance(node, DEFINITIONS):
                for name in loaded_names(target):
                    counts[name.value] = counts.get(name.value, 0) + 1
        return counts
