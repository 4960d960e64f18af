"""A rule's step on the file as read, made once per run and replayed where the engine paths tests compare meet it.

tests/test_engine_edits.py compares a migration with and without the range edits, tests/test_semantic_gates.py
with and without the ``needs`` gates. On TFM201's 350 fixtures the first rule that acts is TFM201's eager proof
(about a second a file), and it acts on the same text in both runs of the pair: the engine paths differ only in the
rules that plan range edits and in the gates, and TFM201 plans none. The compared runs then made the same proof
twice, most of the three modules' CPU.

``install`` wraps ``engine._run`` so that a rule without a range-edit plan (``Transform.edits`` its own), given the
file as read (no rule changed it yet), is made once for everything it depends on: tfmigrate's own code
(``code_hash``), the rule, the text, the file name, the options and what the run's scratch held (the engine's own
bookkeeping aside, which ``_run`` sets the same way whatever the rule does). Its answer (the code, and the scratch
it left) is replayed, through the run store when there is one (tests/fixture_migrations.py), as ``_run`` would have
left it. Any other step, one that failed, or one whose scratch cannot be pickled, runs as always; so each compared
pair still runs every rule whose path the switches change, on the text the path before it made.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import threading
from pathlib import Path

import pytest

import tfmigrate
from tfmigrate import engine
from tfmigrate.transforms.base import CHANGES_KEY, FOLLOWUPS_KEY, Transform

# The engine's own keys, which ``_run`` sets whatever the rule does (the file as read, parsed; libcst ran).
BOOKKEEPING = (engine._PARSED_KEY, engine._LIBCST_RAN_KEY)
_made: dict[str, bytes] = {}


@functools.cache
def code_hash() -> str:
    """A hash of the tfmigrate package's files (its code and data tables), made once per process: part of every
    memo key here and in tests/fixture_migrations.py, so a run store that outlives a run never replays a result
    another version of the code made."""
    package = Path(tfmigrate.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _state(scratch: dict) -> str:
    """The scratch a rule reads: the engine's bookkeeping aside, and the report lists every rule opens empty."""
    return repr(
        sorted(
            (key, repr(value))
            for key, value in scratch.items()
            if key not in BOOKKEEPING and not (key in (CHANGES_KEY, FOLLOWUPS_KEY) and value == [])
        )
    )


def _replayable(rule: type[Transform], tree) -> bool:
    return rule.edits is Transform.edits and not tree.made_by


def _read(store: Path | None, key: str) -> bytes | None:
    data = _made.get(key)
    if data is None and store is not None:
        with contextlib.suppress(OSError):
            data = (store / f"{key}.pickle").read_bytes()
    return data


def _write(store: Path | None, key: str, data: bytes) -> None:
    _made[key] = data
    if store is None:
        return
    path = store / f"{key}.pickle"
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    staging.write_bytes(data)
    os.replace(staging, path)  # atomic: a reader sees all of it or nothing


def install(patch: pytest.MonkeyPatch, store: Path | None) -> None:
    """Patch ``engine._run`` to make the steps above once, kept in this process and in ``store``."""
    run = engine._run

    def stepped(rule, tree, context, options):
        if not _replayable(rule, tree):
            return run(rule, tree, context, options)
        scratch = context.scratch
        parts = (code_hash(), rule.CODE, tree.code, str(context.filename), repr(options), _state(scratch))
        key = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]
        data = _read(store, key)
        if data is None:
            after = run(rule, tree, context, options)
            try:
                data = pickle.dumps((after.code, {k: v for k, v in scratch.items() if k not in BOOKKEEPING}))
            except (pickle.PicklingError, TypeError, AttributeError):
                return after
            _write(store, key, data)
            return after
        code, left = pickle.loads(data)
        if engine._PARSED_KEY not in scratch:
            scratch[engine._PARSED_KEY] = tree.module  # as ``_run`` keeps the file as read for restore_layout
        scratch[engine._LIBCST_RAN_KEY] = True
        for name in [name for name in scratch if name not in BOOKKEEPING]:
            del scratch[name]
        scratch.update(left)
        return tree if code == tree.code else tree.successor(code, rule.CODE)

    patch.setattr(engine, "_run", stepped)
