"""Text and JSON output of a doctor run."""

from __future__ import annotations

import json
import textwrap
from collections import Counter

from tfmigrate.doctor.findings import Finding, Severity, exit_code

LABELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "ok/info",
          Severity.NOT_APPLICABLE: "n/a"}


def summary(findings: list[Finding]) -> dict[str, int]:
    counts = Counter(f.severity.value for f in findings)
    return {s.value: counts.get(s.value, 0) for s in Severity}


def render_text(findings: list[Finding], header: str) -> str:
    out = [header, ""]
    for finding in findings:
        out.append(f"{LABELS[finding.severity]:<8} [{finding.id}] {finding.title}")
        for line in finding.evidence:
            out.append(textwrap.indent(line, "           "))
        if finding.fix:
            out.append(f"         fix: {finding.fix}")
    counts = summary(findings)
    code = exit_code(findings)
    out += ["", f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info, "
                f"{counts['not-applicable']} not applicable; exit {code}"]
    return "\n".join(out) + "\n"


def render_json(findings: list[Finding], interpreter: dict) -> str:
    return json.dumps({
        "interpreter": interpreter,
        "findings": [f.to_json() for f in findings],
        "summary": summary(findings),
        "exit_code": exit_code(findings),
    }, indent=2) + "\n"
