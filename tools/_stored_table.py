"""Write a generated table to ``tfmigrate/data/``, or with ``--check`` say whether the stored one is current.

The table generators that read TensorFlow's graph (``gen_op_names.py``, ``gen_scope_names.py``) end alike: a test
runs them with ``--check`` against the installed TensorFlow, and a stale table must fail that test with a line
naming the file and the command that rewrites it, never silently. One function, so that the two cannot drift.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def write_or_check(path: Path, table: dict, argv: list[str], generator: str) -> int:
    """Exit status of ``generator`` (its file name): with ``--check`` in ``argv``, 0 when ``path`` holds ``table``
    (JSON, sorted keys) and 1 with a line on stderr when it does not; else ``path`` is written and 0."""
    text = json.dumps(table, indent=0, sort_keys=True) + "\n"
    if "--check" in argv:
        stored = path.read_text(encoding="utf-8") if path.exists() else ""
        if stored == text:
            return 0
        print(f"{path} is out of date for this TensorFlow: run tools/{generator}", file=sys.stderr)
        return 1
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path} ({len(text)} bytes)")
    return 0
