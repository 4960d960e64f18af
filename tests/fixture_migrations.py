"""The fixtures' migrations, each done once per run and shared by the test modules that make the same one.

tests/test_fixtures.py migrates every fixture with its rule selected; tests/test_engine_edits.py migrates the same
text with and without the range edits (``engine.EDITS``), tests/test_semantic_gates.py with and without the
``needs`` gates (``engine.SEMANTIC_GATES``). Their default-path runs (edits and gates on) are the same computation,
made up to three times, and libcst's migrations are most of these modules' time. ``migrate`` keys a migration by
everything it depends on (tfmigrate's own code, the text, the file name, the options, the two engine switches) and
keeps the result in the run store tests/conftest.py makes for the run (``$TFMIGRATE_RUN_STORE``, which
tests/session_harness.py's ``migrate`` shares program migrations through), so a migration one pytest-xdist worker
made is read, not made again, by another; without the store (``off``, a test run outside pytest) it is kept in this
process only. Each call unpickles its own copy, so no test sees what another did to a result.
tests/program_checks.py's ``reasons`` and ``eager`` take theirs (as ``program.py``) from here too: test modules ask
both of the same source. The pairs those modules compare share, besides, the first rule step on the file as read
that neither switch changes (tests/rule_steps.py: TFM201's eager proof, made once instead of once per engine path).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
from pathlib import Path

import pytest
import rule_steps

from tfmigrate import engine
from tfmigrate.api import migrate_source
from tfmigrate.ftypes import FileResult, Options, Status

# tests/session_harness.py's RUN_STORE_ENV (not imported from there: the harness brings TensorFlow's helpers).
RUN_STORE_ENV = "TFMIGRATE_RUN_STORE"
_made: dict[str, bytes] = {}


def _store() -> Path | None:
    folder = os.environ.get(RUN_STORE_ENV, "").strip()
    return None if folder in ("", "off") else Path(folder) / "fixture-migrations"


def migrate(source: str, options: Options, filename: str, *, edits: bool = True, gates: bool = True) -> FileResult:
    """``migrate_source`` with ``engine.EDITS`` = ``edits`` and ``engine.SEMANTIC_GATES`` = ``gates``, made once per
    run for each text, file name, options and switches."""
    parts = (rule_steps.code_hash(), source, filename, repr(options), repr((edits, gates)))
    key = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]
    store = _store()
    path = store / f"{key}.pickle" if store is not None else None
    data = _made.get(key)
    if data is None and path is not None:
        try:
            data = path.read_bytes()
        except OSError:
            pass
    if data is None:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(engine, "EDITS", edits)
            patch.setattr(engine, "SEMANTIC_GATES", gates)
            rule_steps.install(patch, store.parent / "rule-steps" if store is not None else None)
            data = pickle.dumps(migrate_source(source, options, filename))
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            staging = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
            staging.write_bytes(data)
            os.replace(staging, path)  # atomic: a reader sees all of it or nothing
    _made[key] = data
    return pickle.loads(data)


def outcome(source: str, options: Options, filename: str, *, edits: bool = True, gates: bool = True) -> tuple:
    """What the engine made of ``source``, as the modules comparing two engine paths compare it: the text, changes
    and follow-ups, or ``("failed", reason)``."""
    result = migrate(source, options, filename, edits=edits, gates=gates)
    if result.status is Status.FAILED:
        return ("failed", result.error)
    return (result.migrated, result.changes, result.followups)
