"""The registry: every module in this package defines one transform; codes map to classes here only."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from tfmigrate.transforms.base import Transform


@cache
def all_transforms() -> tuple[type[Transform], ...]:
    """Every transform, in the order the engine runs them (PRIORITY, then code)."""
    found: dict[str, type[Transform]] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Transform) and obj.CODE and obj.__module__ == module.__name__:
                if obj.CODE in found:
                    raise RuntimeError(f"duplicate transform code {obj.CODE}")
                found[obj.CODE] = obj
    return tuple(sorted(found.values(), key=lambda t: (t.PRIORITY, t.CODE)))


def by_code() -> dict[str, type[Transform]]:
    return {t.CODE: t for t in all_transforms()}


def matches(code: str, patterns: tuple[str, ...]) -> bool:
    return any(code.startswith(p) for p in patterns)


def selected(select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> tuple[type[Transform], ...]:
    """The transforms a run uses: ``select`` and ``ignore`` take codes or code prefixes (``TFM2`` = all TFM2xx)."""
    rules = all_transforms()
    if select:
        rules = tuple(r for r in rules if matches(r.CODE, select))
    if ignore:
        rules = tuple(r for r in rules if not matches(r.CODE, ignore))
    return rules


def unknown_patterns(patterns: tuple[str, ...]) -> list[str]:
    codes = [t.CODE for t in all_transforms()]
    return [p for p in patterns if not any(c.startswith(p) for c in codes)]
