"""The whole Session program under ``if __name__ == "__main__":`` at the end of the module.

A program that is run is always ``__main__``, so the guard's body runs exactly as if it stood at module level;
imported, the module builds nothing, in TF1 as eagerly. The body is therefore proved and rewritten as module-level
code between two sentinel statements (class_sugar.unguard) and put back under the guard afterwards, so the output
keeps the guard. ``def main(): ...`` with a guard that calls it is the other shape of this (functions.py): it is taken
first, and this applies only where the guard's body opens a Session itself.
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve
from tfmigrate.transforms.session.class_sugar import GUARD, UNGUARD, reguard, sentinel_name, unguard, unguarded_lookups
from tfmigrate.transforms.session.functions import final_guard, has_session

Migrate = Callable[[cst.Module, Resolve, LineOf], tuple[cst.Module, list[tuple[int, str]]]]


def guarded_session(module: cst.Module, resolve: Resolve) -> cst.If | None:
    """The module's last statement when it is a main guard whose own body opens a Session."""
    last = final_guard(module)
    if last is None:
        return None
    return last if has_session(last.body, resolve) else None


def migrate_unguarded(module: cst.Module, resolve: Resolve, line_of: LineOf, migrate: Migrate):
    """``migrate`` (the module-level eager rewrite) on the guard's body as module code, the guard put back."""
    unguarded, guard = unguard(module)
    assert guard is not None
    migrated, changes = migrate(unguarded, *unguarded_lookups(resolve, line_of, guard))
    names = [sentinel_name(s) for s in migrated.body]
    if names.count(GUARD) != 1 or names.count(UNGUARD) != 1 or names.index(GUARD) > names.index(UNGUARD):
        raise Blocked('the rewrite moved code across the `if __name__ == "__main__":` guard', line_of(guard))
    return reguard(migrated, guard), changes
