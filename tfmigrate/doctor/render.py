"""Text and JSON output of a doctor run."""

from __future__ import annotations

import json
import textwrap
from collections import Counter

from tfmigrate.doctor.findings import Finding, Severity, exit_code

LABELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "ok/info",
    Severity.NOT_APPLICABLE: "n/a",
}


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
    out += [
        "",
        f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info, "
        f"{counts['not-applicable']} not applicable; exit {code}",
    ]
    return "\n".join(out) + "\n"


def render_json(findings: list[Finding], interpreter: dict) -> str:
    """``--output-format json``: one object, stable for scripts and CI (fields are only ever added).

    - ``interpreter``: ``executable`` (str), ``version`` (``"3.11.7"``), ``command`` (the argv that starts it, a
      list of str); only ``executable`` when the interpreter could not be inspected.
    - ``findings``: a list, errors first, of objects with
      ``id`` (str, stable: ``import-numpy-abi``, ``dependency-version-numpy``, ``tensorflow-duplicate``,
      ``shadowing-keras``, ``code-fails``, ...), ``severity`` (``"error"`` | ``"warning"`` | ``"info"`` |
      ``"not-applicable"``), ``title`` (str), ``evidence`` (list of str: what was read or seen),
      ``fix`` (str or null: a command to run as printed, or a precise action) and ``location``
      (str or null: ``path`` or ``path:line`` for findings about files).
    - ``summary``: the number of findings per severity, every severity present (``{"error": 0, ...}``).
    - ``exit_code``: the process's exit status: 0 when no finding is an error, 1 when one is (2, a usage
      error, prints no JSON).

    When one finding explains another, the explained one says ``explained by: <id>`` in its evidence and carries
    the same fix, so a script can run each distinct fix of the errors once.
    """
    return (
        json.dumps(
            {
                "interpreter": interpreter,
                "findings": [f.to_json() for f in findings],
                "summary": summary(findings),
                "exit_code": exit_code(findings),
            },
            indent=2,
        )
        + "\n"
    )
