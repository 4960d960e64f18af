"""Rewrite the fixtures' ``.after.py`` files that differ from today's migration only by loss_order.py's wrapper.

tfmigrate/transforms/session/loss_order.py puts a tf.function train step's ``apply_gradients`` under
``with tf.control_dependencies([loss]):``. A branch made before it has expected outputs without the wrapper; this
rewrites exactly those whose migration, with the wrapper taken out again, is the stored text, and lists every other
difference untouched (a real change, for a person to look at). Run from the worktree, venv active::

    PYTHONPATH=$PWD:$PWD/tests python tools/regen_loss_order_fixtures.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from fixture_migrations import migrate

from tfmigrate import Options
from tfmigrate.transforms.session.loss_order import unwrapped

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"


def main() -> int:
    for before in sorted(FIXTURES.glob("*/*.before.py")):
        after = before.with_name(before.name.replace(".before.py", ".after.py"))
        if not after.exists():
            continue
        code = before.parent.name
        options = Options() if code == "ALL" else Options(select=(code,))
        migrated = migrate(before.read_text(encoding="utf-8"), options, before.name).migrated
        stored = after.read_text(encoding="utf-8")
        if migrated is None or migrated == stored:
            continue
        if unwrapped(migrated) == stored:
            after.write_text(migrated, encoding="utf-8")
            print("rewritten", after.relative_to(FIXTURES))
        else:
            print("other difference, left alone:", after.relative_to(FIXTURES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
