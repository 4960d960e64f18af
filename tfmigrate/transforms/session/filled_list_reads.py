"""A graph-building loop that reads back the list it fills: ``out.append(tf.nn.tanh(linear))`` then
``pred.append(tf.matmul(out[i], Wo[i]))`` in the same pass (a hand-unrolled RNN), or ``h[i - 1]`` for the step
before.

TF1 ran such a loop once, when it built the graph: ``out[i]`` is the tensor the pass appended, an object the list
holds, not a new op. Unrolled (loops.py), each pass's append binds its value to a name of its own (``out_1``) where
the pass made it, and a read ``out[<index>]`` whose index is a number once the loop's value is written in
(``i``, ``i - 1``, ``-1``) becomes the name of the item the list held at that point, so the proof meets the ops TF1
built, once each, in the order it built them. An index outside the list then (TF1 raised ``IndexError``), a slice,
or any other read of the list in the loop (``len(out)``, ``out`` passed whole) keeps the loop as written.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants, loaded_names
from tfmigrate.transforms.session.scoped_loops import number


class OutOfList(Exception):
    """A read names no item the list holds when it runs (or an index that is no number)."""


def read_by_index(statement: cst.CSTNode, name: str) -> bool | None:
    """Whether ``statement`` reads list ``name``: only as ``name[<one index>]`` (True), not at all (False), or
    otherwise (None)."""
    reads = [n for n in loaded_names(statement) if n.value == name]
    if not reads:
        return False
    indexed = {id(s.value) for s in descendants(statement) if _single_index(s) is not None}
    return True if all(id(n) in indexed for n in reads) else None


def _single_index(node: cst.CSTNode) -> cst.BaseExpression | None:
    if not (isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name) and len(node.slice) == 1):
        return None
    element = node.slice[0].slice
    return element.value if isinstance(element, cst.Index) and element.star is None else None


class Items(cst.CSTTransformer):
    """Replaces ``name[<number>]`` of each list in ``held`` by the item it holds now (the loop's values already
    written in); raises OutOfList where the index is no number or names no item."""

    def __init__(self, held: dict[str, list[cst.BaseExpression]]) -> None:
        self.held = held

    def leave_Subscript(self, original_node: cst.Subscript, updated_node: cst.Subscript) -> cst.BaseExpression:
        index = _single_index(updated_node)
        if index is None or updated_node.value.value not in self.held:  # type: ignore[attr-defined]
            return updated_node
        items = self.held[updated_node.value.value]  # type: ignore[attr-defined]
        position = number(index)
        if position is None or not -len(items) <= position < len(items):
            raise OutOfList
        return items[position].deep_clone()
