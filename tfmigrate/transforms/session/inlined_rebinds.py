"""A name a helper's body binds twice, read at its calls: the book's ``inference`` binds ``weights`` in its
``layer1`` scope and again in its ``layer2`` scope (``weights = get_weight_variable(...)``), so the inlined program
binds ``y_weights`` twice in straight-line code.

TF1 built each layer with the binding in effect when it did, which is what later_rebinds.py reads for a module's own
straight-line rebinds: each binding after the first under a fresh name, with the reads it reaches. The inlined body
is straight-line code too (the helper ran from top to bottom at each call), so the same renaming holds there; it is
tried only where the proof of the inlined program refused a name bound more than once.
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from tfmigrate.transforms.session import later_rebinds
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve


def proved(
    module: cst.Module,
    resolve: Resolve,
    line_of: LineOf,
    blocked: Blocked,
    prove: Callable[[cst.Module, Resolve, LineOf], object],
) -> tuple[cst.Module, Resolve, LineOf, object, list[tuple[int, str]]]:
    """The inlined program proved with its later bindings renamed (and the notes saying so); raises ``blocked``
    where it was not refused for a rebound name or nothing could be renamed, else what stops the renamed program."""
    if not blocked.renamed_away:
        raise blocked
    renamed = later_rebinds.rename(module, resolve, line_of)
    if renamed is None:
        raise blocked
    module, resolve, line_of, notes = renamed
    return module, resolve, line_of, prove(module, resolve, line_of), notes
