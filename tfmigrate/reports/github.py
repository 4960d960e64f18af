"""GitHub Actions workflow commands: an annotation on the pull request's diff for each thing to look at.

Follow-ups are warnings, failed files errors, and in --check/--diff runs each file that would change gets a
notice. Notebook lines count inside a cell, not in the .ipynb file, so their annotations name the cell in the
message and carry no line.
"""

from __future__ import annotations

from tfmigrate.ftypes import Status
from tfmigrate.reports import Report, posix, where


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _command(kind: str, path: str, line: int | None, title: str, message: str) -> str:
    props = [f"file={_property(path)}"]
    if line:
        props.append(f"line={line}")
    props.append(f"title={_property(title)}")
    return f"::{kind} {','.join(props)}::{_data(message)}\n"


def render(report: Report) -> str:
    out = []
    for result in report.results:
        path = posix(result)
        if result.status is Status.FAILED:
            out.append(_command("error", path, result.error_line, "tfmigrate: file not migrated", result.error or ""))
        if result.changed and not report.written:
            rules = sorted({c.code for c in result.changes})
            message = f"tfmigrate would migrate this file ({len(result.changes)} change(s): {', '.join(rules)})"
            out.append(_command("notice", path, None, "tfmigrate: needs migration", message))
        for followup in result.followups:
            if followup.cell:
                message = f"{where(followup.line, followup.cell)}: {followup.message}"
                out.append(_command("warning", path, None, f"tfmigrate {followup.code}", message))
            else:
                out.append(_command("warning", path, followup.line, f"tfmigrate {followup.code}", followup.message))
    return "".join(out)
