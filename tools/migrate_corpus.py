"""Migrate every program, fixture input and example of a checkout into a folder, for proving a refactor neutral.

    PYTHONPATH=OLD python -P tools/migrate_corpus.py . /tmp/before
    PYTHONPATH=.   python -P tools/migrate_corpus.py . /tmp/after
    diff -r /tmp/before /tmp/after

The inputs are ``tests/programs/*.py``, every fixture's ``*.before.py`` and ``examples/**/*.py`` of the checkout
given first; the tfmigrate that migrates them is the one on ``PYTHONPATH`` (``-P`` keeps the current folder off
the path). One file per input: the text after migration, the error, every change note and every
follow-up, so a refactor that moves a report line or a note shows in the diff as surely as one that changes code.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tfmigrate.api import migrate_source
from tfmigrate.config import Options


def inputs(repo: Path) -> list[Path]:
    """The checkout's programs, fixture inputs and examples, in a stable order."""
    return (
        sorted((repo / "tests/programs").glob("*.py"))
        + sorted((repo / "tests/fixtures").rglob("*.before.py"))
        + sorted((repo / "examples").rglob("*.py"))
    )


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    repo, out = Path(argv[0]), Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    paths = inputs(repo)
    for path in paths:
        name = str(path.relative_to(repo))
        result = migrate_source(path.read_text(encoding="utf-8"), Options(), name)
        lines = [result.migrated or "", f"#### error: {result.error!r}"]
        lines += [f"#### change {c.line} {c.code} {c.message}" for c in result.changes]
        lines += [f"#### {f.line} {f.code} {f.message}" for f in result.followups]
        (out / name.replace("/", "__")).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(len(paths), "files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
