"""Write tests/durations.json: the seconds each pytest-xdist scheduling unit took in a full test run.

    pytest                                  # a full run records them in pytest's cache folder
    python tools/gen_durations.py [CACHE]   # CACHE: that folder, .pytest_cache by default

tests/conftest.py starts the longest units first, by the times the last run kept in pytest's cache. A clean clone (CI,
a new contributor) has no cache, and started the units in file order: a long doctor test or program shard that comes
late in the alphabet then ran alone at the end while the other worker idled. This table is what such a run orders
by; the cache's own times, once it has some, come first. Regenerate it after a change that moves the long units.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "tests" / "durations.json"
# tests/conftest.py's SCOPE_SECONDS key, under pytest's cache folder.
RECORD = Path("v") / "tfmigrate" / "scope-seconds"


def table(cache: Path) -> dict[str, float]:
    """The recorded units whose module still exists, to the tenth of a second, by name."""
    recorded = json.loads((cache / RECORD).read_text())
    return {
        unit: round(float(seconds), 1)
        for unit, seconds in sorted(recorded.items())
        if (REPO / unit.split("::", 1)[0]).is_file()
    }


def main(argv: list[str]) -> int:
    cache = Path(argv[0]) if argv else REPO / ".pytest_cache"
    if not (cache / RECORD).is_file():
        print(f"{cache / RECORD}: no recorded unit times; run the whole suite first", file=sys.stderr)
        return 1
    units = table(cache)
    OUT.write_text(json.dumps(units, indent=0, sort_keys=True) + "\n")
    print(f"{OUT.relative_to(REPO)}: {len(units)} units, {sum(units.values()):.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
