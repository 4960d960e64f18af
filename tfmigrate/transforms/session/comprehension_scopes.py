"""Names a comprehension binds for itself: ``[tf.squeeze(x, axis=1) for x in splits]`` in a model's method.

Python 3 gives each comprehension a scope of its own: its ``for`` targets are locals there, and every read of them
inside it (element, conditions, inner iterables) reads that local, never a global of the same name. The outermost
iterable alone is evaluated in the enclosing scope. So a test()'s ``x = rng.randint(...)`` read at module level
(class_sugar.unwrap) is no binding such a read could see.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants, loaded_names

COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)


def own_reads(node: cst.CSTNode) -> set[int]:
    """Ids of the Names under ``node`` that read a variable of the comprehension around them."""
    found: set[int] = set()
    for comp in [node, *descendants(node)]:
        if not isinstance(comp, COMPREHENSIONS):
            continue
        bound: set[str] = set()
        clause: cst.CompFor | None = comp.for_in
        while clause is not None:
            bound |= {n.value for n in loaded_names(clause.target)}
            clause = clause.inner_for_in
        outer = {id(n) for n in (comp.for_in.iter, *descendants(comp.for_in.iter))}
        for name in descendants(comp):
            if isinstance(name, cst.Name) and name.value in bound and id(name) not in outer:
                found.add(id(name))
    return found
