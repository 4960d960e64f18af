"""TFM201's output read again: every Session left stands in a function the program never calls.

The eager rewrite keeps a Session function nothing calls as TF1 code in a graph of its own (dead_code.py) and
rewrites the rest into eager code (``.numpy()``). A second run finds those Sessions and offers the module to the
eager rewrite, which reads the dead functions away and meets the eager code it wrote, which it does not model:
"Session program kept in graph mode", though nothing keeps it there (TFM102 reads the kept graphs as apart and
adds no switch). Such a module gets the first run's follow-ups for what it kept instead, a second run nothing new.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from tfmigrate.transforms.session import dead_code
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants


def notes(
    module: cst.Module, resolve: Resolve, line_of: LineOf, opening: list[cst.BaseStatement]
) -> list[tuple[int, str]] | None:
    """The follow-ups of the code ``module`` keeps because it never runs, when every statement in ``opening`` (those
    opening a Session) is a function that never runs and the module holds eager code; None otherwise."""
    if not opening or not any(
        m.matches(n, m.Call(func=m.Attribute(attr=m.Name("numpy")), args=[])) for n in descendants(module)
    ):
        return None
    reading = dead_code.read(module, resolve, line_of)
    if reading is None or not all(any(s is f for f in reading.functions.values()) for s in opening):
        return None
    return sorted(reading.notes)
