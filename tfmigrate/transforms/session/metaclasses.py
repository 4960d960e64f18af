"""A class keyword or base that makes no base the rewrite must model: ``class Model(metaclass=ABCMeta):`` (also
``abc.ABCMeta``), ``class Model(ABC):``.

``abc.ABCMeta`` changes no attribute access, no instance creation of a class whose abstract methods are all
defined (the graph classes the rewrite reads define every method they call) and no method call: it only refuses
to instantiate a class with abstract methods left undefined, which TF1 refused too, and answers
``isinstance``/``issubclass`` for registered classes; ``abc.ABC`` is an empty class of that metaclass (its
``__slots__ = ()`` binds no slot in a subclass that declares none). So the class reads as one declared without it. Any other
metaclass may change what the class's attributes are (``__getattr__``, ``__call__``) and still counts as unmodelled.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants

_INERT = frozenset({"abc.ABCMeta"})


def inert_keywords(module: cst.Module, definition: cst.ClassDef) -> bool:
    """Each keyword of the class is ``metaclass=`` a metaclass known to change nothing the rewrite reads."""
    return bool(definition.keywords) and all(
        keyword.keyword is not None and keyword.keyword.value == "metaclass" and _path(module, keyword.value) in _INERT
        for keyword in definition.keywords
    )


def inert_base(module: cst.Module, base: cst.BaseExpression) -> bool:
    """``object``, or ``abc.ABC``."""
    return isinstance(base, cst.Name) and base.value == "object" or _path(module, base) == "abc.ABC"


def abstract(module: cst.Module, function: cst.FunctionDef) -> bool:
    """``@abstractmethod`` (``abc.abstractmethod``) the one decorator: it only marks the method, which the metaclass
    then requires a subclass to define before an instance can be made."""
    decorators = function.decorators
    return len(decorators) == 1 and _path(module, decorators[0].decorator) == "abc.abstractmethod"


def _path(module: cst.Module, value: cst.BaseExpression) -> str | None:
    """``abc.ABCMeta`` for ``ABCMeta`` under ``from abc import ABCMeta`` or ``abc.ABCMeta`` under ``import abc``,
    where the module binds that name by that import alone."""
    if isinstance(value, cst.Name):
        head, rest = value.value, ""
    elif isinstance(value, cst.Attribute) and isinstance(value.value, cst.Name):
        head, rest = value.value.value, value.attr.value
    else:
        return None
    sources = [source for name, source in _bindings(module) if name == head]
    if len(sources) != 1 or sources[0] is None:
        return None
    return f"{sources[0]}.{rest}" if rest else sources[0]


def _bindings(module: cst.Module):
    """(name, what it imports, or None for any other binding) for each binding of a name in the module."""
    for node in descendants(module):
        if isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar) and node.module:
            source = cst.Module([]).code_for_node(node.module) if not node.relative else None
            for alias in node.names:
                bound = alias.asname.name if alias.asname else alias.name
                if isinstance(bound, cst.Name):
                    yield bound.value, f"{source}.{alias.evaluated_name}" if source else None
        elif isinstance(node, cst.Import):
            for alias in node.names:
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    yield alias.asname.name.value, alias.evaluated_name
                elif isinstance(alias.name, cst.Name):
                    yield alias.name.value, alias.evaluated_name
        elif isinstance(node, (cst.AssignTarget, cst.AnnAssign, cst.AugAssign)):
            target = node.target
            for name in [target] if isinstance(target, cst.Name) else descendants(target):
                if isinstance(name, cst.Name):
                    yield name.value, None
        elif isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            yield node.name.value, None
        elif isinstance(node, cst.For):
            for name in [node.target, *descendants(node.target)]:
                if isinstance(name, cst.Name):
                    yield name.value, None
