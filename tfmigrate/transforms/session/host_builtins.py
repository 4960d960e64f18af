"""Python builtins that graph-building code calls on host values (``int(n)``, ``len(xs)``, ``min(a, b)``).

TF1 calls them once, while it builds the graph; the eager program wherever the expression is evaluated, per run. On
the same host values they give the same result with no side effect, so either way is the same. That holds only while
the name is Python's builtin: a module that binds it itself (``def len(x): ...``, ``int = ...``, an import) calls
its own function, whose prints, draws or graph ops would then run once per run instead of once.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import libcst as cst

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program

CONVERSIONS = frozenset({"float", "int", "len", "range", "list", "tuple"})
ARITHMETIC = CONVERSIONS | {"min", "max", "abs", "round"}


def builtin(program: Program, func: cst.BaseExpression, names: frozenset[str] = CONVERSIONS) -> bool:
    """``func`` names one of ``names`` and the module does not bind that name itself."""
    return isinstance(func, cst.Name) and func.value in names and func.value not in program.binds


def builtin_of(module: cst.Module, func: cst.BaseExpression, names: frozenset[str]) -> bool:
    """``builtin`` before a Program exists (loop unrolling): no statement of ``module`` binds the name (``def
    range(n): ...``, ``_range = range; range = ...``, an import), so a count read from it is Python's."""
    return isinstance(func, cst.Name) and func.value in names and func.value not in _bound(module)


def shadowed(module: cst.Module, names: frozenset[str]) -> frozenset[str]:
    """Those of ``names`` that ``module`` binds itself (builtin_of is False for them)."""
    return names & _bound(module)


def bound_anywhere(module: cst.Module, name: str) -> bool:
    """``name`` is bound by a ``def``, ``class``, assignment target or import in any scope of ``module`` (the
    stricter test literal folding uses: a ``str`` bound even inside a function keeps its calls unfolded)."""
    return name in _bound_in_any_scope(module)


@lru_cache(maxsize=4)
def _bound_in_any_scope(module: cst.Module) -> frozenset[str]:
    """One walk per module, however many arguments a call or an unrolled loop asks about."""
    from tfmigrate.transforms.session.analysis import descendants

    names = set()
    for node in descendants(module):
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            names.add(node.name.value)
        elif isinstance(node, cst.AssignTarget) and isinstance(node.target, cst.Name):
            names.add(node.target.value)
        elif isinstance(node, cst.ImportAlias):
            names.add(node.evaluated_alias or node.evaluated_name.split(".")[0])
    return frozenset(names)


@lru_cache(maxsize=4)
def _bound(module: cst.Module) -> frozenset[str]:
    from tfmigrate.transforms.session.analysis import Bindings

    return frozenset(Bindings(module).sites)
