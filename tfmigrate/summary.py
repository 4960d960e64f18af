"""The end-of-run summary on stderr: counts, changes per rule, failures and the manual follow-ups.

Follow-ups are grouped by cause: a rule's advice is often a paragraph, and the same paragraph at forty sites
would bury the sites. A cause met once keeps the familiar ``file:line: CODE message`` line; a cause met more
often prints its advice once, with a count, and its files and lines under it. Messages of one rule that differ
only after a long shared advice (a site-specific reason at the end) share that advice and keep their own
reasons beside their sites. On the terminal a cause lists at most a few files; the reports
(``--output-format json/markdown``, ``--report``) keep every site.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections import Counter, defaultdict
from collections.abc import Iterable

from tfmigrate.ftypes import FileResult, FollowUp, Status

WIDTH = 100
MAX_ROWS = 8  # per cause on the terminal
MAX_LINES = 12  # line numbers per file row
SHARED_ADVICE = 60  # characters two messages of one rule must share to be one cause
_BOUNDARY = re.compile(r"[.;:]\s")


def location(result: FileResult, line: int | None, cell: int | None = None) -> str:
    path = f"{result.path.as_posix()}:cell {cell}" if cell else result.path.as_posix()
    return f"{path}:{line}" if line else path


def render(results: Iterable[FileResult], verb: str, limit: bool = False) -> str:
    results = list(results)
    found = [r for r in results if not r.created]  # a module the run adds is not one it scanned
    counts = Counter(r.status for r in found)
    added = Counter(r.status for r in results if r.created)
    per_rule = Counter(c.code for r in results for c in r.changes)
    new = added[Status.CHANGED]
    new_files = f", {new} new file(s) {'created' if verb == 'migrated' else 'to create'}" if new else ""
    lines = [
        f"tfmigrate: {len(found)} file(s) scanned, {counts[Status.CHANGED]} {verb}{new_files}, "
        f"{counts[Status.UNCHANGED] + counts[Status.SKIPPED]} unchanged, "
        f"{counts[Status.FAILED] + added[Status.FAILED]} failed"
    ]
    if per_rule:
        lines.append("changes per rule: " + ", ".join(f"{code} {n}" for code, n in sorted(per_rule.items())))
    failed = [r for r in results if r.status is Status.FAILED]
    if failed:
        lines.append("failed (left untouched):")
        lines += [f"  {location(r, r.error_line)}: {r.error}" for r in failed]
    followups = [(r, f) for r in results for f in r.followups]
    if followups:
        lines.append(f"manual follow-ups ({len(followups)}):")
        lines += followup_lines(followups, limit)
    return "\n".join(lines) + "\n"


def nothing_found(paths: Iterable[str]) -> str:
    """What ruff and black say when the paths hold nothing to work on."""
    return f"tfmigrate: warning: no Python files found in {', '.join(paths)} (none there, or all excluded)\n"


def unmarked(results: Iterable[FileResult]) -> str:
    """--annotate marks each follow-up above its statement; one without a line has no statement to mark."""
    lineless = [(r, f) for r in results if r.status is not Status.FAILED for f in r.followups if not f.line]
    if not lineless:
        return ""
    codes = ", ".join(sorted({f.code for _, f in lineless}))
    return f"--annotate: {len(lineless)} follow-up(s) with no line ({codes}) are not marked in the code\n"


class _Cause:
    def __init__(self, code: str, advice: str) -> None:
        self.code = code
        self.advice = advice
        self.sites: list[tuple[FileResult, FollowUp, str]] = []  # (file, follow-up, reason beyond the advice)


def causes(followups: list[tuple[FileResult, FollowUp]]) -> list[_Cause]:
    """Follow-ups grouped by rule and advice, most frequent first within a rule."""
    by_code: dict[str, dict[str, list[tuple[FileResult, FollowUp]]]] = defaultdict(lambda: defaultdict(list))
    for result, followup in followups:
        by_code[followup.code][followup.message].append((result, followup))
    out: list[_Cause] = []
    for code in sorted(by_code):
        messages = by_code[code]
        clusters: list[tuple[str, list[str]]] = []
        for message in sorted(messages):
            if clusters:
                shared = _shared_advice(clusters[-1][0], message)
                if len(shared) >= SHARED_ADVICE:
                    clusters[-1] = (shared, [*clusters[-1][1], message])
                    continue
            clusters.append((message, [message]))
        found = []
        for advice, members in clusters:
            cause = _Cause(code, advice if len(members) > 1 else members[0])
            for message in members:
                reason = message[len(cause.advice) :].strip()
                cause.sites += [(r, f, reason) for r, f in messages[message]]
            cause.sites.sort(key=lambda s: (s[0].path.as_posix(), s[1].cell or 0, s[1].line))
            found.append(cause)
        out += sorted(found, key=lambda c: -len(c.sites))
    return out


def _shared_advice(a: str, b: str) -> str:
    """The longest common start of two messages that ends at a sentence or clause boundary."""
    prefix = os.path.commonprefix([a, b])
    if prefix == a == b:
        return prefix
    n = len(prefix)
    at_break = all(not s[n : n + 1].strip() for s in (a, b))  # each message ends or goes on with a space here
    ends = [m.start() + 1 for m in _BOUNDARY.finditer(prefix + (" " if at_break else ""))]
    return prefix[: ends[-1]] if ends else ""


def followup_lines(followups: list[tuple[FileResult, FollowUp]], limit: bool = False) -> list[str]:
    lines: list[str] = []
    truncated = False
    for cause in causes(followups):
        if len(cause.sites) == 1:
            result, followup, _ = cause.sites[0]
            lines.append(f"  {location(result, followup.line, followup.cell)}: {followup.code} {followup.message}")
            continue
        files = len({r.path for r, _, _ in cause.sites})
        head = f"{cause.code} ({len(cause.sites)} sites in {files} file(s)) {cause.advice}"
        lines += textwrap.wrap(head, WIDTH, initial_indent="  ", subsequent_indent="      ", break_on_hyphens=False)
        rows = _rows(cause)
        if limit and len(rows) > MAX_ROWS:
            lines += rows[: MAX_ROWS - 1]
            lines.append(f"    ... and {len(rows) - MAX_ROWS + 1} more")
            truncated = True
        else:
            lines += rows
    if truncated:
        lines.append("  (every site: --output-format json or markdown, or --report FILE)")
    return lines


def _rows(cause: _Cause) -> list[str]:
    """One row per file and reason: ``path:12, 40, 57`` (``path:cell 2:3`` in a notebook)."""
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for result, followup, reason in cause.sites:
        where = f"cell {followup.cell}:{followup.line}" if followup.cell else str(followup.line or "")
        grouped[(result.path.as_posix(), reason)].append(where)
    rows = []
    for (path, reason), places in grouped.items():
        places = [p for p in dict.fromkeys(places) if p]
        shown = ", ".join(places[:MAX_LINES]) + (f", ... ({len(places)} in all)" if len(places) > MAX_LINES else "")
        row = f"    {path}:{shown}" if shown else f"    {path}"
        rows.append(f"{row}: {reason}" if reason else row)
    return rows
