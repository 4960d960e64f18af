"""The verdicts the run gave this file on the functions it imports from modules of its tree (tfmigrate.siblings):
a function found to be host code is called like a local host helper; any other keeps foreign_calls' refusal, with
the reason the sibling's reading gave (the function, the name it reaches and its line).

The verdicts reach the proof through the TFM201 rule (``given``) rather than through every Program built for the
file: the proof builds several (trials, sections, inlined copies), and each reads the same verdicts."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

_GIVEN: ContextVar[dict[str, str]] = ContextVar("sibling_verdicts", default={})  # noqa: B039 - never mutated


@contextlib.contextmanager
def given(facts: tuple[tuple[str, str, str], ...]) -> Iterator[None]:
    """The verdicts of ``Options.run_siblings`` hold while the rule migrates this file."""
    token = _GIVEN.set({name: verdict for name, verdict, _ in facts})
    try:
        yield
    finally:
        _GIVEN.reset(token)


def host(name: str) -> bool:
    """``name`` is a function of a module of the tree that runs host code only."""
    return _GIVEN.get().get(name) == ""


def reason(name: str) -> str | None:
    """Why the function the program imports as ``name`` is not host code, when its module was read."""
    return _GIVEN.get().get(name) or None
