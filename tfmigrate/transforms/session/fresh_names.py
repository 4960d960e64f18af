"""New names for what the eager rewrite writes: the first name that no binding of the module and no earlier pick
holds, claimed in ``taken`` so that the next pick avoids it.

Four spellings, each kept where its names are already what the output shows (``W_1`` for an unrolled loop's
first iteration, ``value_2`` beside ``value``, ``index_`` beside a program's own ``index``, ``loss_fn2`` beside a
program's own ``loss_fn``): one helper each, so that a rewrite never grows its own copy of the loop.
"""

from __future__ import annotations

from tfmigrate.transforms.session.analysis import Program


def numbered(taken: set[str], base: str, first: int = 1) -> str:
    """``base``, else ``base_<first>``, ``base_<first + 1>``, ..."""
    name, number = base, first
    while name in taken:
        name = f"{base}_{number}"
        number += 1
    taken.add(name)
    return name


def underscored(taken: set[str], base: str) -> str:
    """``base``, else ``base_``, ``base__``, ..."""
    name = base
    while name in taken:
        name += "_"
    taken.add(name)
    return name


def counted(taken: set[str], base: str) -> str:
    """``base``, else ``base2``, ``base3``, ..."""
    name, number = base, 2
    while name in taken:
        name = f"{base}{number}"
        number += 1
    taken.add(name)
    return name


def fresh(program: Program, taken: set[str], *candidates: str) -> str:
    """The first of ``candidates`` that neither the module (``program.names``) nor ``taken`` holds, else the last
    one numbered ``_1``, ``_2``, ..."""
    for name in candidates:
        if name not in program.names and name not in taken:
            taken.add(name)
            return name
    base = candidates[-1]
    index = 1
    while f"{base}_{index}" in program.names or f"{base}_{index}" in taken:
        index += 1
    taken.add(f"{base}_{index}")
    return f"{base}_{index}"
