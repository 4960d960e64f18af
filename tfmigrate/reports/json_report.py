"""Every file with its status, changes, follow-ups and error, for scripts and dashboards."""

from __future__ import annotations

import json

from tfmigrate import __version__
from tfmigrate.ftypes import Change, FileResult, FollowUp, Status
from tfmigrate.reports import Report, posix


def _item(item: Change | FollowUp) -> dict:
    out = {"code": item.code, "line": item.line, "message": item.message}
    if item.cell is not None:
        out["cell"] = item.cell
    return out


def _file(result: FileResult) -> dict:
    return {
        "path": posix(result),
        "status": result.status.value,
        "changes": [_item(c) for c in result.changes],
        "followups": [_item(f) for f in result.followups],
        "error": result.error,
        "error_line": result.error_line,
        **({"created": True} if result.created else {}),  # a module the run adds (TFM308's shared stand-in)
    }


def render(report: Report) -> str:
    counts = report.counts()
    document = {
        "tool": "tfmigrate",
        "version": __version__,
        "mode": report.mode,
        "summary": {
            "files": len(report.results),
            **{status.value: counts[status] for status in Status},
            "changes": sum(len(r.changes) for r in report.results),
            "followups": sum(len(r.followups) for r in report.results),
            "changes_per_rule": dict(sorted(report.per_rule().items())),
        },
        "files": [_file(r) for r in report.results],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
