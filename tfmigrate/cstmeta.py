"""``isinstance`` against libcst's classes at the cost of a plain class check.

Every libcst node, visitor and metadata provider class is an ``abc.ABC``, so every ``isinstance(x, cst.Name)``
that is not an exact type match (and every check against a base such as ``cst.BaseExpression`` or
``cst.CSTVisitor``) runs ``ABCMeta.__instancecheck__``, a Python function, to consult a registry of virtual
subclasses. libcst checks its visitor and each result twice per node it visits, and the rules' own walks ask
more: on the 383-file share of issue 15 that was 16 million Python calls. No libcst class has a virtual
subclass or a ``__subclasshook__`` (nothing calls ``register`` on one), so the answer is the class's real
inheritance, which ``type.__instancecheck__`` gives in C. The classes keep ABCMeta's other behaviour
(``issubclass``, abstract methods); classes made later from them inherit the faster metaclass.
"""

from __future__ import annotations

import abc

import libcst as cst
from libcst._metadata_dependent import MetadataDependent
from libcst._nodes.base import CSTNode


class PlainInstanceCheck(abc.ABCMeta):
    """ABCMeta, with ``isinstance`` read from the class's real bases (no virtual subclasses)."""

    __instancecheck__ = type.__instancecheck__


ROOTS: tuple[type, ...] = (CSTNode, MetadataDependent, cst.FlattenSentinel)  # nodes; visitors and providers


def _subclasses(root: type) -> list[type]:
    found: list[type] = []
    stack, seen = [root], {root}
    while stack:
        cls = stack.pop()
        found.append(cls)
        subclasses: list[type] = type.__subclasses__(cls)
        for sub in subclasses:
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    return found


def install() -> int:
    """Give every class under ROOTS whose metaclass is exactly ABCMeta the plain check; how many changed."""
    changed = 0
    for root in ROOTS:
        for cls in _subclasses(root):
            if type(cls) is abc.ABCMeta and not abc._get_dump(cls)[0]:  # type: ignore[attr-defined]  # no registry
                cls.__class__ = PlainInstanceCheck  # a metaclass swap, on purpose (module docstring)
                changed += 1
    return changed


install()
