"""Items of a call or a literal left out by identity (a feed dict's element, a call's argument): what is kept, with
the last one's comma left to libcst, so that ``f(a, b=c)`` without ``b=c`` reads ``f(a)``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import libcst as cst

Item = TypeVar("Item", cst.Arg, cst.BaseDictElement)


def kept(originals: Sequence[Item], updated: Sequence[Item], dropped: set[int]) -> list[Item] | None:
    """The ``updated`` items whose original is not in ``dropped`` (by ``id``); None when none is dropped."""
    items = [u for o, u in zip(originals, updated) if id(o) not in dropped]
    if len(items) == len(updated):
        return None
    if items:
        items[-1] = items[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return items
