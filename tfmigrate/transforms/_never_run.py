"""TFM101 in a module whose only TF1 names stand in a branch that never runs: the eager rewrite's output, read again.

TFM201 keeps the branch of an ``if`` on a module constant that never runs as written (``session/dead_code.py``) and
tells TFM101 so through the run's scratch (NEVER_RUN). Its output opens no Session, so a second run has no eager
rewrite to tell TFM101 anything, and TFM101 renamed the kept branch's TF1 names then: running tfmigrate on its own
output changed it. Where every line TFM101 would change lies in such a branch, the rest of the module is TF2 code
already: the branch is left as written there too, with the follow-up TFM201 gives it (it never runs, so no name in
it changes what the program does). A module with TF1 code outside such a branch is renamed whole, as before.
"""

from __future__ import annotations

import re

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from tfmigrate.transforms.base import CHANGES_KEY, FOLLOWUPS_KEY, Transform
from tfmigrate.transforms.session import NEVER_RUN

# ``NAME = True`` / ``NAME = False`` at module level: dead_code's constants, looked for before a module is read.
CONSTANT = re.compile(r"^([A-Za-z_]\w*)[ \t]*=[ \t]*(?:True|False)[ \t]*(?:#.*)?$", re.MULTILINE)


def settled(rule: Transform, before: str, after: str) -> str:
    """``after`` (TFM101's output for ``before``), or ``before`` with one follow-up per branch when TFM101 changed
    only lines of branches that never run; ``rule``'s reports on those lines are dropped then."""
    if after == before or rule.context.scratch.get(NEVER_RUN) or not _may_hold_branches(before):
        return after
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    if len(old) != len(new):  # an import, a line TFM101 added or removed: not within a branch
        return after
    changed = {number for number, (a, b) in enumerate(zip(old, new, strict=True), 1) if a != b}
    branches = _branches(before)
    dead = set().union(*(lines for _, _, lines in branches))
    if not changed <= dead:
        return after
    for key in (CHANGES_KEY, FOLLOWUPS_KEY):
        reports = rule.context.scratch.get(key, [])
        reports[:] = [r for r in reports if not (r.code == rule.CODE and r.line in dead)]
    for line, note, lines in branches:
        if lines & changed:
            rule.follow_up(None, note, line=line)  # type: ignore[arg-type]  # the line is given
    return before


def dead_lines(text: str) -> set[int]:
    """The lines of ``text``'s branches that never run (TFM102 reads no graph code there)."""
    if not _may_hold_branches(text):
        return set()
    return set().union(*(lines for _, _, lines in _branches(text)))


def _may_hold_branches(text: str) -> bool:
    return any(
        re.search(rf"\bif[ \t]+(?:not[ \t]+)?{name}(?:[ \t]+is[ \t]+(?:not[ \t]+)?(?:True|False))?[ \t]*:", text)
        for name in CONSTANT.findall(text)
    )


def _branches(text: str) -> list[tuple[int, str, set[int]]]:
    """(line of the ``if``, its follow-up, the lines of its branch that never runs) for each in ``text``."""
    from tfmigrate.transforms.session.dead_code import never_run

    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError:
        return []
    found = never_run(module)
    if not found:
        return []
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    out = []
    for statement, note, branch in found:
        body = list(branch.body) if isinstance(branch, cst.IndentedBlock) else []
        if body and statement in positions:
            first, last = positions[body[0]].start.line, positions[body[-1]].end.line
            out.append((positions[statement].start.line, str(note), set(range(first, last + 1))))
    return out
