"""The plain-text summary, as printed on stderr at the end of every run."""

from __future__ import annotations

from tfmigrate.reports import Report
from tfmigrate.summary import render as render_summary


def render(report: Report) -> str:
    return render_summary(report.results, "migrated" if report.written else "would change")
