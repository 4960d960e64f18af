"""Range edits: a rule's change as (start, end, replacement) offsets into the text it read, applied together.

Why: a rule that renames a name or rewrites an import line changes a few dozen bytes; rebuilding and printing
a libcst tree for it (and parsing the result again for the next rule) cost more than everything else a run
did. Edits are Ruff's ``Edit``: non-overlapping ranges of the text a rule was given, applied in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Edit:
    start: int
    end: int
    text: str


class Overlap(ValueError):
    """Two edits of one rule touch the same text: the rule cannot say which wins, so it makes neither."""


def apply(text: str, edits: list[Edit]) -> str:
    """``text`` with every edit made; an Overlap when two of them overlap."""
    out, done = [], 0
    for edit in sorted(edits):
        if edit.start < done:
            raise Overlap(f"edits overlap at offset {edit.start}")
        out.append(text[done : edit.start])
        out.append(edit.text)
        done = edit.end
    out.append(text[done:])
    return "".join(out)
