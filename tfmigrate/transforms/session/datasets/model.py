"""What datasets/ models of a program: its iterators and datasets, and the expressions it rebuilds."""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst


@dataclass
class Iterator:
    name: str
    line: int
    dataset: str = ""  # one-shot / initializable: the dataset it reads
    one_shot: bool = False
    elements: list[tuple[str, str]] = field(default_factory=list)  # placeholder name -> index code ("" = whole)
    batch: str = ""
    groups: dict[str, int] = field(default_factory=dict)  # element -> which get_next() op made it
    nexts: list[str] = field(default_factory=list)  # elements of get_next() ops written in runs (nexts_in_runs)
    eager: str = ""  # the eager iterator's name where the program's would shadow a builtin (``iter``)

    @property
    def variable(self) -> str:
        return self.eager or self.name

    def pull(self, elements: list[tuple[str, str]]) -> int:
        """A get_next() op of this iterator bound to ``elements``: its group (each op pulls when run)."""
        group = len(set(self.groups.values()))
        self.elements = [*self.elements, *elements]
        self.groups.update({e: group for e, _ in elements})
        return group


@dataclass
class Dataset:
    name: str
    seeded_shuffle: bool = False
    # Built from placeholders fed at each initialisation: their names, and the whole expression that builds it (its
    # earlier fed datasets written in), which each initialisation rebuilds with the fed values.
    fed: frozenset[str] = frozenset()
    expression: cst.BaseExpression | None = None


def unnamed(call: cst.Call) -> list[cst.Arg]:
    """``it.make_initializer(ds, name="init")``'s arguments but the op's name, which eager code has no use for."""
    return [a for a in call.args if a.keyword is None or a.keyword.value != "name"]


def substituted(expression: cst.BaseExpression, values: dict[str, cst.BaseExpression]) -> cst.BaseExpression:
    """``expression`` with the names it reads (not attribute names, keywords or lambda bodies) replaced."""

    class Substitute(cst.CSTTransformer):
        def visit_Lambda(self, node: cst.Lambda) -> bool:
            return False

        def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute):
            if updated_node.attr is original_node.attr:
                return updated_node
            return updated_node.with_changes(attr=original_node.attr)

        def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg):
            if updated_node.keyword is original_node.keyword:
                return updated_node
            return updated_node.with_changes(keyword=original_node.keyword)

        def leave_Name(self, original_node: cst.Name, updated_node: cst.Name):
            return values.get(original_node.value, original_node)

        def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):
            """Unchanged nodes stay the program's own, so that they keep their meaning (resolve)."""
            result = super().on_leave(original_node, updated_node)
            if result is updated_node and len(original_node.children) == len(updated_node.children):
                if all(a is b for a, b in zip(original_node.children, updated_node.children)):
                    return original_node
            return result

    substituted = expression.visit(Substitute())
    assert isinstance(substituted, cst.BaseExpression)
    return substituted
