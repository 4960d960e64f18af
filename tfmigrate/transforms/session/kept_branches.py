"""The branches the eager rewrite kept as written because they never run, found again in its output by TFM102.

Below the module level (a class's flag ``self.continue_training``, read at its one construction) the eager rewrite's
kept branch is not passed up as text (dead_code.py, NEVER_RUN): TFM101 renames it and a second run reads it so.
Its follow-up (dead_code.KeptBranch) still stands on the ``if``'s line; from it TFM201 finds the branch as the
program wrote it, and TFM102 names that branch where Session code standing only there meets the rewrite's eager
code (``.numpy()``), rather than saying the module mixes the two styles.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from tfmigrate.transforms.session.analysis import descendants
from tfmigrate.transforms.session.dead_code import KeptBranch

KEY = "tfmigrate.session.kept_branches"


@dataclass(frozen=True)
class Kept:
    """A branch that never runs: its ``if``'s test as written and whether the branch is the one under it (not its
    ``else:``)."""

    test: str
    under: bool


def found(tree: cst.Module, changes: list[tuple[int, str]], migrated: str) -> list[Kept]:
    """The branch each KeptBranch follow-up of ``changes`` names in ``tree``, where the output ``migrated`` holds
    it once."""
    notes = {line: message for line, message in changes if isinstance(message, KeptBranch)}
    if not notes:
        return []
    positions = MetadataWrapper(tree, unsafe_skip_copy=True).resolve(PositionProvider)
    lines = tree.code.splitlines(keepends=True)
    kept = []
    for statement in descendants(tree):
        note = notes.get(positions[statement].start.line) if isinstance(statement, cst.If) else None
        if note is None:
            continue
        assert isinstance(statement, cst.If)
        branch = statement.body if note.under else statement.orelse.body if statement.orelse else None
        body = list(branch.body) if isinstance(branch, cst.IndentedBlock) else []
        if body:
            text = "".join(lines[positions[body[0]].start.line - 1 : positions[body[-1]].end.line])
            if migrated.count(text) == 1:
                kept.append(Kept(tree.code_for_node(statement.test), note.under))
    return kept
