"""The migrations a test run made more than once (issue 15): a pytest plugin recording every call of the engine
(``tfmigrate.engine.migrate_text``, which ``migrate_source`` and the CLI's files go through) with what it depends
on (a hash of the text, options, file name and the engine's two switches), its CPU seconds and the test that made
it, to ``$MIGRATION_CENSUS/<worker>.jsonl``; run as a script it sums the records: the CPU a per-run store of
migrations could save, and the test modules that make the same migration.

    PYTHONPATH=.:tests:tools MIGRATION_CENSUS=/tmp/mc pytest -p migration_census tests/...
    python tools/migration_census.py /tmp/mc        # repeated migrations, most CPU first

A call made while a test patched something the key does not name (a rule's helper, a table) is counted with the
others: the census says where to look, a cache must still be proved safe where it is put.
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
import sys
import time
from pathlib import Path

import pytest

_CURRENT: list[str] = ["<collection>"]


def _key(text: str, options: object, filename: str) -> str:
    from tfmigrate import engine

    switches = repr((getattr(engine, "EDITS", None), getattr(engine, "SEMANTIC_GATES", None)))
    return hashlib.sha256("\0".join((text, repr(options), filename, switches)).encode()).hexdigest()[:16]


def pytest_configure(config: pytest.Config) -> None:
    from tfmigrate import api, engine

    original = engine.migrate_text
    out = Path(os.environ.get("MIGRATION_CENSUS", "migration-census"))
    out.mkdir(parents=True, exist_ok=True)
    log = out / f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}.jsonl"

    def counted(text: str, options, filename: str = "<string>"):
        key, start = _key(text, options, filename), time.process_time()
        try:
            return original(text, options, filename)
        finally:
            record = {"key": key, "cpu": time.process_time() - start, "test": _CURRENT[0], "file": Path(filename).name}
            with open(log, "a") as stream:
                stream.write(json.dumps(record) + "\n")

    engine.migrate_text = api.migrate_text = counted


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    _CURRENT[0] = item.nodeid
    yield
    _CURRENT[0] = "<between tests>"


def main(folder: Path) -> int:
    calls: dict[str, list[dict]] = collections.defaultdict(list)
    for log in sorted(folder.glob("*.jsonl")):
        for line in log.read_text().splitlines():
            record = json.loads(line)
            calls[record["key"]].append(record)
    total = sum(r["cpu"] for found in calls.values() for r in found)
    made = sum(len(found) for found in calls.values())
    again = {key: found for key, found in calls.items() if len(found) > 1}
    spare = sum(r["cpu"] for found in again.values() for r in found[1:])
    print(
        f"{made} migrations, {len(calls)} distinct, {total:.1f} CPU-s; repeats: {made - len(calls)}, {spare:.1f} CPU-s"
    )
    by_modules: collections.Counter[tuple[str, ...]] = collections.Counter()
    for found in again.values():
        modules = tuple(sorted({r["test"].split("::")[0] for r in found}))
        by_modules[modules] += sum(r["cpu"] for r in found[1:])
    print("\nCPU-s of repeated migrations by the test modules that made them:")
    for modules, cpu in by_modules.most_common(40):
        print(f"{cpu:8.1f}  {' + '.join(modules)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "migration-census")))
