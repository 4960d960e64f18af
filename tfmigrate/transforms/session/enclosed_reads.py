"""Which names a function or lambda reads from the module, its enclosing functions' locals taken out: a lambda
inside ``def to_ids(words, vocab)`` reading ``vocab`` reads ``to_ids``'s parameter, not a module name (held-out
20, sd_langmod_nn: ``map(lambda w: vocab[w], words)`` beside a ``main()`` binding its own ``vocab``)."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants
from tfmigrate.transforms.session.functions import local_names, references_to


def global_reads(statement: cst.CSTNode, names: set[str]) -> Iterator[cst.Name]:
    """Each read of one of ``names`` inside a function or lambda of ``statement`` (itself included) that no scope
    around the read (the function or lambda itself, or one enclosing it) binds."""
    yield from _visit(statement, frozenset(), names)


def _visit(node: cst.CSTNode, enclosing: frozenset[str], names: set[str]) -> Iterator[cst.Name]:
    if isinstance(node, cst.FunctionDef):
        scope = enclosing | set(local_names(node))
    elif isinstance(node, cst.Lambda):
        scope = enclosing | {p.name.value for p in descendants(node.params) if isinstance(p, cst.Param)}
    else:
        for child in node.children:
            yield from _visit(child, enclosing, names)
        return
    body = node.body
    yield from (name for name in references_to(body, names) if name.value not in scope)
    for child in body.children:
        yield from _visit(child, scope, names)
