"""The verdicts the run gave this file on the functions it imports from modules of its tree (tfmigrate.siblings),
and on the modules outside it that are neither TensorFlow nor a plain library (tfmigrate.host_libraries: ``gym``,
a data module on the path): a function found to be host code is called like a local host helper; any other keeps
foreign_calls' refusal, with the reason the reading gave (the function, the name it reaches and its line, or the
library's distribution and what it requires).

The verdicts reach the proof through the TFM201 rule (``given``) rather than through every Program built for the
file: the proof builds several (trials, sections, inlined copies), and each reads the same verdicts. A file
migrated on its own (``migrate_source``, no run) was given none: the verdicts on its modules outside a tree are
then read from the file itself, by the same reading, the first time the proof asks."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

import libcst as cst

from tfmigrate import siblings
from tfmigrate.cstfields import code as module_code


class _Verdicts:
    def __init__(self, facts: tuple[tuple[str, str, str], ...], tree: cst.Module | None) -> None:
        self.given = {name: verdict for name, verdict, _ in facts}
        self.tree = tree
        self.read: dict[str, str] | None = None

    def get(self, name: str) -> str | None:
        if name in self.given:
            return self.given[name]
        if self.read is None:
            facts = siblings.Reader().facts(None, module_code(self.tree)) if self.tree is not None else ()
            self.read = {name: verdict for name, verdict, _ in facts}
        return self.read.get(name)


_GIVEN: ContextVar[_Verdicts] = ContextVar("sibling_verdicts", default=_Verdicts((), None))  # noqa: B039


@contextlib.contextmanager
def given(facts: tuple[tuple[str, str, str], ...], tree: cst.Module | None = None) -> Iterator[None]:
    """The verdicts of ``Options.run_siblings`` hold while the rule migrates ``tree``."""
    token = _GIVEN.set(_Verdicts(facts, tree))
    try:
        yield
    finally:
        _GIVEN.reset(token)


def host(name: str) -> bool:
    """``name`` is a function of a module of the tree, or of a module outside it, that runs host code only."""
    return _GIVEN.get().get(name) == ""


def read_elsewhere(attribute: str) -> str | None:
    """The module of the run that imports the program and reads ``.attribute``, or may read any of its names
    (siblings.Reader.readers)."""
    given = _GIVEN.get().given
    return given.get(f".{attribute}", given.get(".*"))


def reason(name: str) -> str | None:
    """Why what the program imports as ``name`` is not host code, when its module was read or decided."""
    return _GIVEN.get().get(name) or None
