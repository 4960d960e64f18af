"""Names a comprehension binds for itself: ``[tf.squeeze(x, axis=1) for x in splits]`` in a model's method.

Python 3 gives each comprehension a scope of its own: its ``for`` targets are locals there, and every read of them
inside it (element, conditions, inner iterables) reads that local, never a global of the same name. The outermost
iterable alone is evaluated in the enclosing scope. So a test()'s ``x = rng.randint(...)`` read at module level
(class_sugar.unwrap) is no binding such a read could see.
"""

from __future__ import annotations

from collections.abc import Collection

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


def local_chain(node: cst.CSTNode, own: set[int], graph: Collection[str]) -> list[cst.CSTNode] | None:
    """What is left to prove of ``x[0]``, ``x.shape``, ``x.mean(axis=1)`` whose root is a comprehension's own name
    spelled like a graph value: its call arguments and indices (the chain itself is host data); None for any other
    node. Read by name, the chain would be taken for the graph's ``x`` (its shape, its ``.name``, its run)."""
    parts: list[cst.CSTNode] = []
    current = node
    while isinstance(current, (cst.Attribute, cst.Subscript, cst.Call)):
        if isinstance(current, cst.Call):
            parts.extend(arg.value for arg in current.args)
            current = current.func
        elif isinstance(current, cst.Subscript):
            parts.extend(current.slice)
            current = current.value
        else:
            current = current.value
    if isinstance(current, cst.Name) and id(current) in own and current.value in graph:
        return parts
    return None


def shadowing(call: cst.Call, own: set[int], graph: Collection[str]) -> cst.Name | None:
    """A comprehension's own name spelled like a graph value inside ``sess.run(...)`` / ``t.eval(...)``: a run reads
    its fetches and feeds by name, so it would take it for the graph's."""
    if not (isinstance(call.func, cst.Attribute) and call.func.attr.value in ("run", "eval")):
        return None
    for name in descendants(call):
        if isinstance(name, cst.Name) and id(name) in own and name.value in graph:
            return name
    return None
