"""The end-of-run summary on stderr: counts, changes per rule, failures and the manual follow-ups."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from tfmigrate.ftypes import FileResult, Status


def location(result: FileResult, line: int | None, cell: int | None = None) -> str:
    path = f"{result.path.as_posix()}:cell {cell}" if cell else result.path.as_posix()
    return f"{path}:{line}" if line else path


def render(results: Iterable[FileResult], verb: str) -> str:
    results = list(results)
    counts = Counter(r.status for r in results)
    per_rule = Counter(c.code for r in results for c in r.changes)
    lines = [
        f"tfmigrate: {len(results)} file(s) scanned, {counts[Status.CHANGED]} {verb}, "
        f"{counts[Status.UNCHANGED] + counts[Status.SKIPPED]} unchanged, {counts[Status.FAILED]} failed"
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
        lines += [f"  {location(r, f.line, f.cell)}: {f.code} {f.message}" for r, f in followups]
    return "\n".join(lines) + "\n"
