"""The plan's edits, kept as libcst would have nested them: TFM101 planned as range edits must give the text the
libcst rule gives, and libcst rebuilds a replaced node from scratch, dropping whatever was planned inside it."""

from __future__ import annotations

import bisect

from tfmigrate.edits import Edit
from tfmigrate.transforms._edit_support import Decline


class NestedEdits:
    """The plan's edits with libcst's nesting: a replaced range drops what was planned inside it (libcst built
    the new node from scratch); insertions at one offset are ordered outermost first when they open a node,
    innermost first when they close one."""

    def __init__(self) -> None:
        self.replaced: list[tuple[int, int, str]] = []
        self.inserted: list[tuple[int, bool, int, str]] = []  # (offset, opening, size of the node, text)

    def replace(self, start: int, end: int, text: str) -> None:
        self.replaced.append((start, end, text))

    def opening(self, offset: int, size: int, text: str) -> None:
        self.inserted.append((offset, True, size, text))

    def closing(self, offset: int, size: int, text: str) -> None:
        self.inserted.append((offset, False, size, text))

    def within(self, start: int, end: int) -> list[Edit]:
        """The edits inside ``[start, end)`` as they stand (for a callee's new text)."""
        return [Edit(e.start - start, e.end - start, e.text) for e in self.edits() if start <= e.start and e.end <= end]

    def edits(self) -> list[Edit]:
        kept: list[tuple[int, int, str]] = []
        max_end = -1
        for s, e, t in sorted(self.replaced, key=lambda r: (r[0], -r[1])):
            if e <= max_end:
                if kept and (s, e) == kept[-1][:2] and t != kept[-1][2]:
                    raise Decline("two rewrites of one range")
                continue  # inside a node replaced whole
            if s < max_end:
                raise Decline("two rewrites overlap")
            kept.append((s, e, t))
            max_end = e
        starts = [k[0] for k in kept]
        merged: dict[int, list[tuple[tuple[int, int], str]]] = {}
        for offset, opening, size, text in self.inserted:
            index = bisect.bisect_right(starts, offset) - 1
            inside = False
            for s, e, _ in kept[max(index - 1, 0) : index + 1]:
                if s < offset < e or (opening and offset == s and size <= e - s):
                    inside = True
                elif not opening and offset == e and size <= e - s:
                    inside = True
            if inside:
                continue
            key = (1, -size) if opening else (0, size)
            merged.setdefault(offset, []).append((key, text))
        out = [Edit(s, e, t) for s, e, t in kept]
        for offset, texts in merged.items():
            out.append(Edit(offset, offset, "".join(t for _, t in sorted(texts, key=lambda x: x[0]))))
        return out
